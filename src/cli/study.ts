/**
 * Study helpers for the CLI: per-metric values and paired differences between designs. The
 * replication machinery itself is src/runner/study.ts.
 */
import { CONFIDENCE_LEVEL, estimate, sloMetricValue } from '../stats/aggregate.js';
import { isShareMetric } from '../stats/study-metrics.js';
import type { Estimate, ReplicationResult } from '../stats/results.js';
import { Point, Study, plannedReplications } from '../runner/study.js';
import type { ScenarioResult } from '../stats/results.js';
import { interrupt, type GlobalArgs } from './common.js';
import { batchLine, progressFor } from './progress.js';
import { STUDY_METRICS, type StudyMetric } from './types.js';

export { Point, Study, plannedReplications, replicationRule, type StudyOptions } from '../runner/study.js';

/**
 * Runs a study's points one after another, each by its replication rule, behind the progress
 * display, and returns their results in order (compare, sweep). `seed`: the master seed of
 * every point; undefined, each point keeps its scenario's.
 */
export async function runPoints(
  a: GlobalArgs,
  seed: string | number | undefined,
  points: Point[],
): Promise<ScenarioResult[]> {
  const bar = progressFor(a);
  const study = new Study({
    seed,
    replications: a.replications,
    workers: a.workers,
    signal: interrupt.signal,
    onProgress: (done, total, running) => bar.update(done, total, running),
    onBatch: (p, from, to) => bar.stage(p.label, batchLine(p.label, from, to)),
  });
  try {
    study.plan(points.reduce((n, p) => n + plannedReplications(p.scenario, a.replications), 0));
    for (const p of points) await study.runByRule(p);
  } finally {
    bar.stop();
    study.close();
  }
  return points.map((p) => study.result(p));
}

/** A study metric in one replication. */
export function metricValue(rep: ReplicationResult, m: StudyMetric): number {
  return sloMetricValue(rep, m);
}

/** Paired differences b - a per metric over the replications both ran. */
export function pairedDifferences(
  a: ReplicationResult[],
  b: ReplicationResult[],
): { replications: number; metrics: Record<StudyMetric, Estimate & { significant: boolean }> } {
  const n = Math.min(a.length, b.length);
  const metrics = {} as Record<StudyMetric, Estimate & { significant: boolean }>;
  for (const m of STUDY_METRICS) {
    const d: number[] = [];
    let never = false;
    for (let i = 0; i < n; i++) {
      const x = metricValue(a[i], m);
      const y = metricValue(b[i], m);
      never ||= x === Infinity || y === Infinity;
      d.push(y - x);
    }
    // A run percentile that is "never" in a replication leaves no difference to estimate.
    // A difference of two shares lies in [-1, 1]; the t interval is cut there (precision.ts).
    const e = estimate(never ? [] : d, CONFIDENCE_LEVEL, isShareMetric(m) ? { lo: -1, hi: 1 } : undefined);
    metrics[m] = { ...e, significant: Number.isFinite(e.lo) && (e.lo > 0 || e.hi < 0) };
  }
  return { replications: n, metrics };
}
