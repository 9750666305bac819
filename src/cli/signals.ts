/**
 * Signals: the first Ctrl-C (SIGINT) or SIGTERM (sent by Kubernetes and Slurm before they kill a
 * job) aborts the running command cleanly, removing temporary files; a second one exits at once.
 * Exit code 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report).
 * A signal before the command has started (while its modules load) exits at once with that
 * code: nothing has been written and nothing runs that would look at the abort.
 */
import { cleanupPending } from './output.js';

export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

/** Aborted on the first signal: runners stop and throw. */
export const interrupt = new AbortController();

/** The exit code of the signal that aborted the command. */
let interruptedCode = EXIT_INTERRUPTED;
export const interruptExitCode = (): number => interruptedCode;

/** Set when a command's body starts (guarded, calibrate): from then on a signal aborts it. */
let commandRunning = false;
export function commandStarted(): void {
  commandRunning = true;
}

let installed = false;
/** Installs the SIGINT and SIGTERM handlers (once). */
export function installSigint(): void {
  if (installed) return;
  installed = true;
  const on = (code: number) => (): void => {
    cleanupPending();
    if (interrupt.signal.aborted) process.exit(interruptedCode);
    interruptedCode = code;
    interrupt.abort();
    const what = code === EXIT_TERMINATED ? 'terminated' : 'interrupted';
    if (!commandRunning) {
      process.stderr.write(`\nnmsim: ${what} while starting; stopping (no files written).\n`);
      process.exit(code);
    }
    process.stderr.write(`\nnmsim: ${what}; stopping (no files written). Ctrl-C again to quit at once.\n`);
  };
  process.on('SIGINT', on(EXIT_INTERRUPTED));
  process.on('SIGTERM', on(EXIT_TERMINATED));
}
