/**
 * Runs one scenario: resolves the warm-up, runs its replications (a fixed number, or
 * sequentially until the confidence intervals are tight enough) and aggregates them. A
 * one-point study: compare, sweep and capacity run the same loop over several points.
 */
import { scenarioDigest } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { ScenarioResult } from '../stats/results.js';
import { plannedReplications, Point, RunAborted, Study } from './study.js';

export { precise, RunAborted } from './study.js';

export interface RunOptions {
  /** Overrides scenario.seed. */
  seed?: string | number;
  /** Overrides scenario.replications with a fixed count. */
  replications?: number;
  /** Worker threads for replications (default: all cores). */
  workers?: number;
  /** Called after each replication, and while they run with the fraction the running ones have done. */
  onProgress?: (done: number, total: number, running?: number) => void;
  /** Called when a batch of replications starts: replications `from` to `to` - 1. */
  onBatch?: (p: Point, from: number, to: number) => void;
  /** Aborts between replications (Ctrl-C). */
  signal?: AbortSignal;
  /** Source file, recorded in meta. */
  file?: string;
}

/** Canonical hash of a resolved scenario: same design, same hash, whatever the file layout. */
export function scenarioHash(s: Scenario): string {
  return scenarioDigest(s).hash;
}

export async function runScenario(s: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const study = new Study(opts);
  const point = new Point(s.name, s, opts.file);
  study.plan(plannedReplications(s, opts.replications));
  try {
    await study.runByRule(point);
  } finally {
    study.close();
  }
  if (opts.signal?.aborted) throw new RunAborted();
  return study.result(point);
}
