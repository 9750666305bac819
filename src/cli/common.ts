/**
 * What every command shares: the global options, exit codes, Ctrl-C handling, messages, and
 * writing a command's files atomically (progress is progress.ts).
 */
import type { Argv } from 'yargs';
import { ShardError } from '../runner/shard-error.js';
import { MAX_REPLICATIONS, MAX_WORKERS } from '../scenario/bounds.js';
import { ScenarioError } from '../scenario/errors.js';
import { displayPath } from '../scenario/display-path.js';
import { runLengthWarnings } from '../scenario/run-length.js';
import type { Scenario } from '../scenario/schema.js';
import { printableLines } from '../scenario/text.js';
import { PathError } from '../scenario/paths.js';
import { cleanupPending, OutputSet, WriteFailed, yieldToSignals } from './output.js';
import { commandStarted, installSigint, interrupt, interruptExitCode } from './signals.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_BAD_INPUT = 2;
export { EXIT_INTERRUPTED } from './signals.js';

/** --json and --quiet: what a command prints. */
export interface MessageArgs {
  json: boolean;
  quiet: boolean;
}

/** Where and what a command writes, besides what it prints. */
export interface OutputArgs extends MessageArgs {
  out: string;
  report: boolean;
  allowLarge: boolean;
}

/** How replications are run. */
export interface SimulationArgs {
  seed?: string | number;
  replications?: number;
  workers?: number;
}

/** The options of the commands that simulate: run, compare, sweep, capacity. */
export interface GlobalArgs extends OutputArgs, SimulationArgs {}

/** --json and --quiet (validate, merge and the simulating commands). */
export function messageOptions<T>(y: Argv<T>): Argv<T & MessageArgs> {
  return y
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
    }) as unknown as Argv<T & MessageArgs>;
}

/** --out and --report, with --json and --quiet (merge and the simulating commands). */
export function outputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return messageOptions(y)
    .option('out', {
      alias: 'o',
      type: 'string',
      default: 'reports',
      describe: 'Folder for the JSON, CSV and HTML outputs',
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
      if (typeof a.out === 'string' && a.out.trim() === '') throw new UsageError('--out must not be empty');
      return true;
    }) as unknown as Argv<T & OutputArgs>;
}

/** The options every simulating command (run, compare, sweep, capacity) takes. */
export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return outputOptions(y)
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

export { commandStarted, installSigint, interrupt, interruptExitCode, EXIT_TERMINATED } from './signals.js';

// ---------------------------------------------------------------------------------------------
// Messages and progress

/** Human-readable text on stdout (tables), unless --json or --quiet. */
export function print(args: MessageArgs, text: string): void {
  // Tables hold names from scenario files: no escape sequence reaches the terminal.
  if (!args.json && !args.quiet) process.stdout.write(printableLines(text.endsWith('\n') ? text : `${text}\n`));
}

/** Notes (files written, warnings) on stderr, unless --quiet. */
export function note(args: MessageArgs, text: string): void {
  if (!args.quiet) process.stderr.write(`${printableLines(text)}\n`);
}

/** The run-length warnings of each scenario (src/scenario/run-length.ts), once each, on stderr. */
export function warnRunLength(args: MessageArgs, scenarios: readonly Scenario[]): void {
  for (const w of new Set(scenarios.flatMap((s) => runLengthWarnings(s).map((x) => `${s.name}: ${x}`))))
    note(args, `warning: ${w}`);
}

/** Machine output on stdout with --json. */
export function printJson(args: MessageArgs, value: unknown): void {
  if (args.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** JSON has no NaN or Infinity: they become null (as JSON.stringify does), explicitly. */
export function jsonReplacer(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/**
 * Tells a parent that spawned nmsim with an IPC channel (Node's child_process 'ipc') that the
 * simulation is starting, then lets the channel go so it keeps nothing alive: a harness (the
 * Ctrl-C test) can interrupt a run it knows is under way instead of guessing with a delay.
 * Without a channel, as from a shell, it does nothing.
 */
export function signalRunning(): void {
  if (!process.send || !process.connected) return;
  process.send({ nmsim: 'running' }, () => {
    if (process.connected) process.disconnect();
  });
}

// ---------------------------------------------------------------------------------------------
// Writing files

/**
 * The ending every simulating command shares: `<stem>.json`, a CSV and (unless --no-report)
 * the HTML written all or nothing, then the machine output (--json) or the text, and the files
 * written.
 */
export async function writeAndPrint(
  args: OutputArgs,
  o: {
    stem: string;
    json: unknown;
    csv: { name: string; content: () => string };
    html: string | undefined;
    machine: unknown;
    text: string;
  },
): Promise<void> {
  const written = await writeAll(args, [
    { name: `${o.stem}.json`, content: toJsonText(o.json) },
    o.csv,
    ...(o.html !== undefined ? [{ name: `${o.stem}.html`, content: o.html }] : []),
  ]);
  printJson(args, o.machine);
  print(args, o.text);
  print(args, '');
  for (const f of written) (args.json ? note : print)(args, `wrote ${f}`);
}

/**
 * Writes all `files` into args.out, all or nothing; returns their final paths (relative to the
 * working directory when inside it). Signals are taken between files and before the commit, so
 * Ctrl-C during a long rendering leaves the folder as it was.
 */
export async function writeAll(
  args: Pick<OutputArgs, 'out'>,
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
  commandStarted();
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
