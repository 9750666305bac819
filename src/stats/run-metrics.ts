/**
 * Run-level metrics of one replication (the operator's question: did the chef run or the boot
 * get its metadata, and how long did it take) and the SLO rule shared by every command.
 *
 * Time to metadata is read over every run that started in the window: a run that did not get
 * its metadata (failed, skipped, or still open at the drain cap) counts as never, so the p99 of
 * a design where 5% of runs fail is "never", not the p99 of the lucky 95%.
 */
import { LatencyHistogram } from './histogram.js';
import type { Estimate, PopulationStats, RunMetric } from './results.js';

export const RUN_QUANTILE: Record<RunMetric, number> = { runP50: 0.5, runP90: 0.9, runP99: 0.99 };

/** Share of started runs that got all their metadata; NaN when none started. */
export function runSuccess(pops: PopulationStats[]): number {
  const started = pops.reduce((a, p) => a + p.started, 0);
  return started ? pops.reduce((a, p) => a + p.ok, 0) / started : NaN;
}

/** The q-quantile of time to metadata over started runs; Infinity when it falls among runs without metadata. */
export function runQuantile(pops: PopulationStats[], q: number): number {
  const started = pops.reduce((a, p) => a + p.started, 0);
  if (started === 0) return NaN;
  const h = pops.reduce((a, p) => a.merge(LatencyHistogram.fromJSON(p.timeToMetadata)), new LatencyHistogram());
  const rank = Math.max(1, Math.ceil(q * started));
  if (rank > h.count) return Infinity;
  // The histogram's quantile takes rank ceil(q' * count); (rank - 0.5) / count lands on rank.
  return h.quantile((rank - 0.5) / h.count);
}

/**
 * Mean and CI across replications of a metric that may be Infinity in some of them (a run
 * percentile beyond the runs that got metadata): then the mean is Infinity, the upper limit
 * too, and the lower limit the smallest replication value.
 */
export function estimateWithNever(values: number[], finite: (xs: number[]) => Estimate): Estimate {
  const known = values.filter((v) => !Number.isNaN(v));
  if (!known.some((v) => v === Infinity)) return finite(known);
  return { mean: Infinity, lo: Math.min(...known), hi: Infinity, halfWidth: Infinity, n: known.length, never: true };
}

/** Whether a larger value of the metric is better (runSuccess); for every other metric smaller is. */
export const higherIsBetter = (metric: string): boolean => metric === 'runSuccess';

export type SloVerdict = 'meets' | 'fails' | 'uncertain';

/** meets: the whole CI is on the good side of the threshold; fails: the whole CI beyond it. */
export function sloVerdict(metric: string, e: Estimate, threshold: number): { met: boolean; verdict: SloVerdict } {
  if (higherIsBetter(metric)) {
    return {
      met: e.mean >= threshold,
      verdict: e.lo >= threshold ? 'meets' : e.hi < threshold ? 'fails' : 'uncertain',
    };
  }
  return { met: e.mean <= threshold, verdict: e.hi <= threshold ? 'meets' : e.lo > threshold ? 'fails' : 'uncertain' };
}
