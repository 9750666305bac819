/**
 * Running scenario variants and their replications: the one replication loop behind
 * runScenario, compare, sweep, capacity and shards. A study keeps each point's replication
 * results, so it can add replications to a point later (capacity) and pair replications across
 * points (compare). Every point runs with the same seed: the model names its random streams, so
 * common random numbers line up across designs.
 *
 * Replications run in batches of the pool's size and a sequential stop rule judges them in
 * index order, so the replications kept (and the result) do not depend on the worker count.
 */
import { shortestClientTimeout } from '../scenario/drain.js';
import { scenarioDigest } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { aggregate, estimate, sloMetricValue } from '../stats/aggregate.js';
import type { ReplicationResult, ScenarioResult } from '../stats/results.js';
import { NMSIM_VERSION } from '../version.js';
import { pilotScenario, warmupFromPilot } from './warmup.js';
import { defaultWorkers, ReplicationPool, trackProgress } from './worker-pool.js';

export class RunAborted extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAborted';
  }
}

/** True when every metric's CI half-width is within `rel` of its mean. */
export function precise(reps: ReplicationResult[], metrics: string[], rel: number): boolean {
  return metrics.every((m) => {
    const e = estimate(reps.map((r) => sloMetricValue(r, m)));
    return Number.isFinite(e.halfWidth) && e.halfWidth <= rel * Math.abs(e.mean);
  });
}

export interface StudyOptions {
  seed?: string | number;
  /** Fixed replications for every point (overrides the scenarios' rules). */
  replications?: number;
  workers?: number;
  signal?: AbortSignal;
  /**
   * Called after each replication with the study's totals so far, and while replications run
   * with `running`: the summed fraction of simulated time the unfinished ones have done.
   */
  onProgress?: (done: number, total: number, running?: number) => void;
  /** Called when a batch of a point's replications starts: replications `from` to `to` - 1. */
  onBatch?: (p: Point, from: number, to: number) => void;
}

export class Point {
  readonly reps: ReplicationResult[] = [];
  warmup: number | undefined;
  stopReason: ScenarioResult['meta']['stopReason'] = 'fixed';

  constructor(
    readonly label: string,
    readonly scenario: Scenario,
    readonly file: string | undefined,
  ) {}
}

/** The replication rule of a scenario, as runScenario applies it. */
export function replicationRule(s: Scenario, override?: number) {
  if (override !== undefined)
    return { min: override, max: override, sequential: false, rel: 0, metrics: [] as string[] };
  if (typeof s.replications === 'number')
    return { min: s.replications, max: s.replications, sequential: false, rel: 0, metrics: [] as string[] };
  return {
    min: s.replications.min,
    max: s.replications.max,
    sequential: true,
    rel: s.replications.relativeHalfWidth,
    metrics: s.replications.metrics as string[],
  };
}

/** Replications a point will run at most (for the progress bar). */
export function plannedReplications(s: Scenario, override?: number): number {
  return replicationRule(s, override).max;
}

export class Study {
  private pool: ReplicationPool;
  private done = 0;
  private planned = 0;

  constructor(readonly opts: StudyOptions = {}) {
    this.pool = new ReplicationPool(opts.workers ?? defaultWorkers());
  }

  seedOf(p: Point): string | number {
    return this.opts.seed ?? p.scenario.seed;
  }

  /** Adds `n` to the replications the progress bar expects. */
  plan(n: number): void {
    this.planned += n;
    this.opts.onProgress?.(this.done, this.planned);
  }

  /** Runs replications until the point has `n` of them. */
  async extend(p: Point, n: number): Promise<void> {
    if (this.opts.signal?.aborted) throw new RunAborted();
    // The pilot of warmup: auto runs on the pool too, so a signal is taken while it runs.
    if (p.warmup === undefined && p.scenario.warmup !== 'auto') p.warmup = p.scenario.warmup;
    if (p.warmup === undefined) {
      const seed = this.seedOf(p);
      const [pilot] = await this.pool.run(
        [{ scenario: pilotScenario(p.scenario), seed, replication: -1, warmup: 0 }],
        undefined,
        this.opts.signal,
      );
      p.warmup = warmupFromPilot(pilot);
    }
    const from = p.reps.length;
    if (n <= from) return;
    const jobs = Array.from({ length: n - from }, (_, i) => ({
      scenario: p.scenario,
      seed: this.seedOf(p),
      replication: from + i,
      warmup: p.warmup!,
    }));
    this.opts.onBatch?.(p, from, n);
    const done0 = this.done;
    const progress = trackProgress((done, running) => {
      this.done = done0 + done;
      this.opts.onProgress?.(this.done, Math.max(this.planned, this.done), running);
    });
    const got = await this.pool
      .run(jobs, progress.onDone, this.opts.signal, this.opts.onProgress && progress.onPartial)
      .catch((e: unknown) => {
        if (this.opts.signal?.aborted) throw new RunAborted();
        throw e;
      });
    if (this.opts.signal?.aborted) throw new RunAborted();
    p.reps.push(...got);
  }

  /** Runs a point by its scenario's rule (or the fixed override), as runScenario would. */
  async runByRule(p: Point): Promise<void> {
    const rule = replicationRule(p.scenario, this.opts.replications);
    if (!rule.sequential) {
      await this.extend(p, rule.max);
      p.stopReason = 'fixed';
      return;
    }
    p.stopReason = 'max-replications';
    // As runScenario: batches of the pool's size, the stop rule checked in index order.
    while (p.reps.length < rule.max) {
      const before = p.reps.length;
      await this.extend(p, Math.min(rule.max, before + this.pool.size));
      for (let k = before + 1; k <= p.reps.length; k++) {
        if (k >= Math.max(2, rule.min) && precise(p.reps.slice(0, k), rule.metrics, rule.rel)) {
          p.reps.length = k;
          p.stopReason = 'precision';
          return;
        }
      }
    }
  }

  /** The point's ScenarioResult. */
  result(p: Point): ScenarioResult {
    return aggregatePoint(p, this.seedOf(p));
  }

  close(): void {
    this.pool.close();
  }
}

/** A point's replications aggregated into its ScenarioResult (also how shards are merged). */
export function aggregatePoint(p: Point, seed: string | number): ScenarioResult {
  const s = p.scenario;
  return aggregate(p.reps, s, {
    name: s.name,
    description: s.description,
    file: p.file,
    hash: scenarioDigest(s).hash,
    seed,
    stopReason: p.stopReason,
    warmup: p.warmup ?? 0,
    duration: s.duration,
    nmsimVersion: NMSIM_VERSION,
    clientTimeout: shortestClientTimeout(s),
    slo: s.slo,
  });
}
