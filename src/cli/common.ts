/**
 * What every command shares: the global options, exit codes, Ctrl-C handling, the progress
 * bar, messages, and writing a command's files atomically.
 */
import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import { ShardError } from '../runner/shard-error.js';
import { MAX_REPLICATIONS, MAX_WORKERS } from '../scenario/bounds.js';
import { ScenarioError } from '../scenario/errors.js';
import { displayPath } from '../scenario/display-path.js';
import { printableLines } from '../scenario/text.js';
import { PathError } from '../scenario/paths.js';
import { cleanupPending, OutputSet, WriteFailed, yieldToSignals } from './output.js';
import { installSigint, interrupt, interruptExitCode } from './signals.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_BAD_INPUT = 2;
export { EXIT_INTERRUPTED } from './signals.js';

export interface GlobalArgs {
  seed?: string | number;
  replications?: number;
  workers?: number;
  out: string;
  json: boolean;
  quiet: boolean;
  report: boolean;
  allowLarge: boolean;
}

/** The options every command takes. */
export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('seed', {
      type: 'string',
      describe: "Master seed of the random streams (overrides the scenario's seed)",
      coerce: (v: string) => (/^-?\d{1,15}$/.test(v) ? Number(v) : v),
    })
    .option('replications', {
      alias: 'r',
      type: 'number',
      describe: "Fixed number of replications (overrides the scenario's count or rule)",
    })
    .option('workers', {
      alias: 'w',
      type: 'number',
      describe: 'Worker threads for replications (default: one per core)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      default: 'reports',
      describe: 'Folder for the JSON, CSV and HTML outputs',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print machine-readable JSON on stdout instead of tables',
    })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'Print nothing but errors (and the JSON with --json); files are still written',
    })
    .option('report', {
      type: 'boolean',
      default: true,
      describe: 'Write the HTML report (--no-report to skip it)',
    })
    .option('allow-large', {
      type: 'boolean',
      default: false,
      describe:
        'Run scenarios over the caps on sizes, simulated work and memory (scenarios/REFERENCE.md, "Bounds"); without it they are refused',
    })
    .check((a) => {
      const reps = a.replications as number | undefined;
      if (reps !== undefined && (!Number.isInteger(reps) || reps < 1))
        throw new UsageError(`--replications must be a whole number >= 1, got ${String(reps)}`);
      const w = a.workers as number | undefined;
      if (w !== undefined && (!Number.isInteger(w) || w < 1))
        throw new UsageError(`--workers must be a whole number >= 1, got ${String(w)}`);
      if (!a.allowLarge && reps !== undefined && reps > MAX_REPLICATIONS)
        throw new UsageError(`--replications ${reps} is over the cap of ${MAX_REPLICATIONS}; pass --allow-large`);
      if (w !== undefined && w > MAX_WORKERS)
        throw new UsageError(`--workers ${w} is over the limit of ${MAX_WORKERS} threads`);
      if (typeof a.out === 'string' && a.out.trim() === '') throw new UsageError('--out must not be empty');
      return true;
    }) as unknown as Argv<T & GlobalArgs>;
}

/** Bad command-line input: exit code 2, message on stderr, nothing written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Ctrl-C

export { installSigint, interrupt, interruptExitCode, EXIT_TERMINATED } from './signals.js';

// ---------------------------------------------------------------------------------------------
// Messages and progress

/** Human-readable text on stdout (tables), unless --json or --quiet. */
export function print(args: GlobalArgs, text: string): void {
  // Tables hold names from scenario files: no escape sequence reaches the terminal.
  if (!args.json && !args.quiet) process.stdout.write(printableLines(text.endsWith('\n') ? text : `${text}\n`));
}

/** Notes (files written, warnings) on stderr, unless --quiet. */
export function note(args: GlobalArgs, text: string): void {
  if (!args.quiet) process.stderr.write(`${printableLines(text)}\n`);
}

/** Machine output on stdout with --json. */
export function printJson(args: GlobalArgs, value: unknown): void {
  if (args.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** JSON has no NaN or Infinity: they become null (as JSON.stringify does), explicitly. */
export function jsonReplacer(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

export interface Progress {
  /** Sets the bar to `done` of `total` (replications). */
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/** A progress bar on stderr: only when stderr is a terminal, and never with --quiet or --json. */
export function progressBar(args: GlobalArgs): Progress {
  if (args.quiet || args.json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  // Loaded only when a bar is shown: commands that never show one start faster.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: '{label} [{bar}] {value}/{total} replications | {duration_formatted}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastLabel = '';
  return {
    update(done, total, label) {
      if (label !== undefined) lastLabel = label;
      if (!started) {
        bar.start(total, done, { label: lastLabel });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label: lastLabel });
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing files

/**
 * Writes all `files` into args.out, all or nothing; returns their final paths (relative to the
 * working directory when inside it). Signals are taken between files and before the commit, so
 * Ctrl-C during a long rendering leaves the folder as it was.
 */
export async function writeAll(
  args: Pick<GlobalArgs, 'out'>,
  files: { name: string; content: string | (() => string) }[],
): Promise<string[]> {
  const out = new OutputSet(args.out);
  try {
    for (const f of files) {
      await yieldToSignals();
      if (interrupt.signal.aborted) throw new Error('interrupted');
      out.add(f.name, typeof f.content === 'string' ? f.content : f.content());
    }
    await yieldToSignals();
    if (interrupt.signal.aborted) throw new Error('interrupted');
    return out.commit().map(displayPath);
  } catch (e) {
    out.discard();
    throw writeError(e, args.out);
  }
}

/** A failed write as a one-line error: bad --out is bad input (2), a full disk is not (1). */
export function writeError(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EACCES' || code === 'EROFS' || code === 'EISDIR')
    return new UsageError(`cannot write to --out ${dir}: ${code}`);
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || code === 'EFBIG' || code === 'EMFILE')
    return new WriteFailed(
      `nmsim: cannot write to ${dir}: ${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : 'I/O error'} (${code}); nothing written`,
    );
  return e;
}

export const toJsonText = (v: unknown): string => `${JSON.stringify(v, jsonReplacer, 2)}\n`;

// ---------------------------------------------------------------------------------------------
// Exit codes

/** Runs a command body and sets the documented exit code. */
export async function guarded(body: () => Promise<void>): Promise<void> {
  installSigint();
  try {
    await body();
  } catch (e) {
    cleanupPending();
    if (interrupt.signal.aborted) {
      process.exitCode = interruptExitCode();
      return;
    }
    // Bad input of any kind: a scenario, a path, a usage error, a shard set that does not add up.
    if (e instanceof ScenarioError || e instanceof UsageError || e instanceof PathError || e instanceof ShardError) {
      process.stderr.write(`${printableLines(e.message)}\n`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    if (e instanceof WriteFailed) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = EXIT_ERROR;
      return;
    }
    process.stderr.write(`nmsim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}
