/**
 * Runs a scenario: resolves the warm-up, runs replications (a fixed number, or sequentially
 * until the confidence intervals are tight enough), and aggregates them.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.js';
import { aggregate, sloMetricValue, estimate } from '../stats/aggregate.js';
import type { ReplicationResult, ScenarioResult } from '../stats/results.js';
import { NMSIM_VERSION } from '../version.js';
import { resolveWarmup } from './warmup.js';
import { defaultWorkers, ReplicationPool } from './worker-pool.js';

export interface RunOptions {
  /** Overrides scenario.seed. */
  seed?: string | number;
  /** Overrides scenario.replications with a fixed count. */
  replications?: number;
  /** Worker threads for replications (default: all cores). */
  workers?: number;
  /** Called after each replication. */
  onProgress?: (done: number, total: number) => void;
  /** Aborts between replications (Ctrl-C). */
  signal?: AbortSignal;
  /** Source file, recorded in meta. */
  file?: string;
}

export class RunAborted extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAborted';
  }
}

/** Canonical hash of a resolved scenario: same design, same hash, whatever the file layout. */
export function scenarioHash(s: Scenario): string {
  return createHash('sha256').update(canonicalJson(s)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export async function runScenario(s: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const seed = opts.seed ?? s.seed;
  const warmup = resolveWarmup(s, seed);
  const rule =
    opts.replications !== undefined
      ? { min: opts.replications, max: opts.replications, sequential: false, rel: 0, metrics: [] as string[] }
      : typeof s.replications === 'number'
        ? { min: s.replications, max: s.replications, sequential: false, rel: 0, metrics: [] as string[] }
        : {
            min: s.replications.min,
            max: s.replications.max,
            sequential: true,
            rel: s.replications.relativeHalfWidth,
            metrics: s.replications.metrics as string[],
          };

  // Replications run in batches of `workers`. The stop rule looks at them in index order, so
  // the replications kept (and hence the result) do not depend on the number of workers; a
  // batch may compute a few beyond the stopping point, which are discarded.
  const pool = new ReplicationPool(opts.workers ?? defaultWorkers());
  const reps: ReplicationResult[] = [];
  let stopReason: ScenarioResult['meta']['stopReason'] = rule.sequential ? 'max-replications' : 'fixed';
  try {
    let done = false;
    while (!done && reps.length < rule.max) {
      if (opts.signal?.aborted) throw new RunAborted();
      const batch = rule.sequential ? Math.min(pool.size, rule.max - reps.length) : rule.max - reps.length;
      const jobs = Array.from({ length: batch }, (_, i) => ({
        scenario: s,
        seed,
        replication: reps.length + i,
        warmup,
      }));
      let completed = reps.length;
      const got = await pool
        .run(jobs, () => opts.onProgress?.(++completed, rule.max), opts.signal)
        .catch((e: unknown) => {
          if (opts.signal?.aborted) throw new RunAborted();
          throw e;
        });
      for (const r of got) {
        reps.push(r);
        if (rule.sequential && reps.length >= Math.max(2, rule.min) && precise(reps, rule.metrics, rule.rel)) {
          stopReason = 'precision';
          done = true;
          break;
        }
      }
    }
  } finally {
    pool.close();
  }
  if (opts.signal?.aborted) throw new RunAborted();
  return aggregate(reps, s, {
    name: s.name,
    description: s.description,
    file: opts.file,
    hash: scenarioHash(s),
    seed,
    stopReason,
    warmup,
    duration: s.duration,
    nmsimVersion: NMSIM_VERSION,
    slo: s.slo,
  });
}

/** True when every metric's CI half-width is within `rel` of its mean. */
export function precise(reps: ReplicationResult[], metrics: string[], rel: number): boolean {
  return metrics.every((m) => {
    const e = estimate(reps.map((r) => sloMetricValue(r, m)));
    return Number.isFinite(e.halfWidth) && e.halfWidth <= rel * Math.abs(e.mean);
  });
}
