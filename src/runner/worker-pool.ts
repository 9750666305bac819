/**
 * Runs replications in parallel on worker threads (one per core by default). With one worker,
 * or one job, it runs them in this thread, which is also the reference the parallel path must
 * equal byte for byte: results are keyed by replication index, never by completion order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareReplication } from '../model/simulate.js';
import type { Scenario } from '../scenario/schema.js';
import type { ReplicationResult } from '../stats/results.js';
import type { ReplicationTask } from './replication-worker.js';

export interface ReplicationJob {
  scenario: Scenario;
  seed: string | number;
  replication: number;
  warmup: number;
}

/** Progress reports at most this often (ms of wall time): enough for a bar, cheap to post. */
export const PROGRESS_EVERY_MS = 250;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A pool of worker threads. `run` takes jobs and resolves with their results in job order.
 */
export class ReplicationPool {
  private workers: Worker[] = [];
  private nextId = 0;

  constructor(readonly size: number) {}

  /**
   * `onDone(i)` after job i ends; `onPartial(i, fraction)` while it runs (simulated time done,
   * at most a few times a second from a worker; synchronously in this thread with one worker).
   * With `reduce`, each result is reduced as it arrives, so a long study keeps only what it needs.
   */
  run(
    jobs: ReplicationJob[],
    onDone?: (index: number) => void,
    signal?: AbortSignal,
    onPartial?: (index: number, fraction: number) => void,
  ): Promise<ReplicationResult[]>;
  run<T>(
    jobs: ReplicationJob[],
    onDone: ((index: number) => void) | undefined,
    signal: AbortSignal | undefined,
    onPartial: ((index: number, fraction: number) => void) | undefined,
    reduce: (r: ReplicationResult, index: number) => T,
  ): Promise<T[]>;
  async run<T>(
    jobs: ReplicationJob[],
    onDone?: (index: number) => void,
    signal?: AbortSignal,
    onPartial?: (index: number, fraction: number) => void,
    reduce: (r: ReplicationResult, index: number) => T = (r) => r as T,
  ): Promise<T[]> {
    if (jobs.length === 0) return [];
    if (signal?.aborted) throw new Error('aborted');
    const threads = Math.min(this.size, jobs.length);
    if (threads === 1) return runHere(jobs, onDone, signal, onPartial, reduce);
    this.ensureWorkers(threads);
    const results = new Array<T>(jobs.length);
    let next = 0;
    return new Promise((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const abort = (): void => {
        failed = true;
        this.close();
        reject(new Error('aborted'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      const feed = (w: Worker): void => {
        if (failed) return;
        if (next >= jobs.length) return;
        const index = next++;
        const id = this.nextId++;
        const j = jobs[index];
        const onMessage = (m: { id: number; result?: ReplicationResult; error?: string; progress?: number }): void => {
          if (m.id !== id) return;
          if (m.progress !== undefined) {
            onPartial?.(index, m.progress);
            return;
          }
          w.off('message', onMessage);
          if (m.error !== undefined) {
            failed = true;
            signal?.removeEventListener('abort', abort);
            reject(new Error(m.error));
            return;
          }
          results[index] = reduce(m.result!, index);
          onDone?.(index);
          if (++finished === jobs.length) {
            signal?.removeEventListener('abort', abort);
            resolve(results);
          } else feed(w);
        };
        w.on('message', onMessage);
        const task: ReplicationTask = {
          id,
          scenario: j.scenario,
          seed: j.seed,
          replication: j.replication,
          warmup: j.warmup,
        };
        w.postMessage(task);
      };
      for (const w of this.workers.slice(0, Math.min(this.workers.length, jobs.length))) feed(w);
    });
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers = [];
  }

  private ensureWorkers(n: number): void {
    while (this.workers.length < n) {
      const w = new Worker(new URL('./replication-worker.js', import.meta.url));
      w.unref();
      this.workers.push(w);
    }
  }
}

/**
 * Events a replication on the main thread runs between two turns of the event loop: ~50-100 ms
 * of CPU on the model's hot path, so a signal waits no longer than that, however the work is
 * spread over simulated time (a boot storm puts most of a run's events in a few seconds of it).
 */
const EVENTS_PER_TURN = 200_000;

/**
 * The jobs one after another in this thread, in steps of {@link EVENTS_PER_TURN} events with a
 * turn of the event loop between them: Ctrl-C or SIGTERM is taken within a step, and there is
 * no worker to start, no second copy of the model to load and no result to copy between
 * threads (~0.1 CPU-s of a flagship run through the CLI, issue 13). Building a replication's
 * model is one piece (bounded by the scenario's size caps).
 */
async function runHere<T>(
  jobs: ReplicationJob[],
  onDone: ((index: number) => void) | undefined,
  signal: AbortSignal | undefined,
  onPartial: ((index: number, fraction: number) => void) | undefined,
  reduce: (r: ReplicationResult, index: number) => T,
): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i];
    const run = prepareReplication(j.scenario, { seed: j.seed, replication: j.replication, warmup: j.warmup });
    let last = Date.now();
    for (let over = false; !over;) {
      over = run.advance(EVENTS_PER_TURN);
      await turnOfEventLoop();
      if (signal?.aborted) throw new Error('aborted');
      const now = Date.now();
      if (onPartial !== undefined && !over && now - last >= PROGRESS_EVERY_MS) {
        last = now;
        onPartial(i, run.progress());
      }
    }
    results.push(reduce(run.result(), i));
    onDone?.(i);
  }
  return results;
}

/** Lets pending I/O and signal handlers run (setImmediate: after the poll phase). */
const turnOfEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Progress of a batch of jobs as (finished, sum of the running jobs' fractions): the pair of
 * callbacks `run` takes, reporting after each change.
 */
export function trackProgress(report: (done: number, running: number) => void): {
  onDone: (index: number) => void;
  onPartial: (index: number, fraction: number) => void;
} {
  const running = new Map<number, number>();
  let done = 0;
  const emit = (): void => {
    let partial = 0;
    for (const f of running.values()) partial += f;
    report(done, partial);
  };
  return {
    onDone(i) {
      running.delete(i);
      done++;
      emit();
    },
    onPartial(i, f) {
      running.set(i, f);
      emit();
    },
  };
}
