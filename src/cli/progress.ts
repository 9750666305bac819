/**
 * Progress on stderr for every command that runs replications. On a terminal: a bar that moves
 * within a replication (the simulated time done, reported by the workers), labelled with the
 * point being run. Otherwise (a pipe, a CI log, a batch job): one line when a point or batch
 * of replications starts and one when a replication ends, each with the elapsed time and an
 * ETA, so a long capacity search is not silent. --quiet and --json silence both. Nothing here
 * touches signals: Ctrl-C is common.ts's.
 */
import { createRequire } from 'node:module';
import { signalRunning, type GlobalArgs } from './common.js';

export interface Progress {
  /** Totals of the study: whole replications done of `total`, plus the running ones' summed fraction. */
  update(done: number, total: number, running?: number): void;
  /** A point or batch starts: the bar's label, and on a log a line (`line`, or the label). */
  stage(label: string, line?: string): void;
  /** A line for logs only, with the elapsed time (the bar shows the stage instead). */
  log(text: string): void;
  stop(): void;
}

export interface ProgressEnv {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Seconds since an arbitrary origin. */
  clock: () => number;
}

const defaultEnv = (): ProgressEnv => ({ stream: process.stderr, clock: () => performance.now() / 1000 });

/** "42s", "3m05s", "1h02m": wall-clock spans for log lines. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Remaining time at the rate so far; undefined before any work has been done. */
export function etaSeconds(elapsed: number, done: number, total: number): number | undefined {
  if (!(done > 0) || !(elapsed > 0)) return undefined;
  return (elapsed * Math.max(0, total - done)) / done;
}

/** The log line of a batch: "<label>: replications 3-4" (counted from 1). */
export function batchLine(label: string, from: number, to: number): string {
  return `${label}: replication${to - from > 1 ? `s ${from + 1}-${to}` : ` ${to}`}`;
}

const silent: Progress = { update: () => {}, stage: () => {}, log: () => {}, stop: () => {} };

/**
 * The progress display for a command: a bar on a terminal, log lines otherwise, nothing with -q
 * or --json. `perReplication: false` (capacity, whose total is not known in advance) logs the
 * stages only, whose lines carry their own estimate.
 */
/** Made just before replications start, so it also tells a harness that they do (signalRunning). */
export function progressFor(args: GlobalArgs, o: { perReplication?: boolean } = {}, env = defaultEnv()): Progress {
  signalRunning();
  if (args.quiet || args.json) return silent;
  return env.stream.isTTY ? progressBar(env) : progressLog(env, o.perReplication ?? true);
}

/** Log lines: one per stage and (unless perReplication is false) one per finished replication, with elapsed time and ETA. */
export function progressLog(env: ProgressEnv, perReplication = true): Progress {
  const t0 = env.clock();
  let done = 0;
  let total = 0;
  let running = 0;
  const write = (text: string) => env.stream.write(`nmsim: ${text}\n`);
  const status = (): string => {
    const elapsed = env.clock() - t0;
    const eta = etaSeconds(elapsed, done + running, total);
    return `${done}/${total} replications done | elapsed ${clockText(elapsed)} | ETA ${eta === undefined ? '?' : clockText(eta)}`;
  };
  return {
    update(d, t, r = 0) {
      const finished = d > done;
      [done, total, running] = [d, t, r];
      if (finished && perReplication) write(status());
    },
    stage(label, line) {
      if (perReplication) write(`${line ?? label} | ${status()}`);
      else this.log(line ?? label);
    },
    log(text) {
      write(`${text} | elapsed ${clockText(env.clock() - t0)}`);
    },
    stop() {},
  };
}

/** The terminal bar: the value counts replications in hundredths, so it moves within one. */
function progressBar(env: ProgressEnv): Progress {
  // Loaded only when a bar is shown: commands that never show one start faster.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: '{label} [{bar}] {done}/{all} replications | {eta_formatted}',
      stream: env.stream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let label = '';
  let last = { done: 0, total: 0, running: 0 };
  const draw = () => {
    const payload = { label, done: last.done, all: last.total };
    const value = Math.round(100 * (last.done + last.running));
    if (!started) {
      bar.start(100 * last.total, value, payload);
      started = true;
    } else {
      bar.setTotal(100 * last.total);
      bar.update(value, payload);
    }
  };
  return {
    update(done, total, running = 0) {
      last = { done, total, running };
      draw();
    },
    stage(l) {
      label = l.slice(0, 40);
      if (started) draw();
    },
    log() {},
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
