/**
 * The building blocks of aggregation: one value per replication turned into an estimate (mean
 * with a Student-t interval cut to what the quantity can take), and histograms and counts
 * merged across replications. Used for the whole scenario and for each client population.
 */
import { meanCI } from './confidence.js';
import { LatencyHistogram, type HistogramJSON } from './histogram.js';
import { clip, latencyRange, SHARE_RANGE, type PossibleRange } from './precision.js';
import {
  LATENCY_METRICS,
  OUTCOMES,
  RUN_METRICS,
  type Estimate,
  type LatencyMetric,
  type Outcome,
  type OutcomeCounts,
  type PopulationStats,
  type RunMetric,
} from './results.js';
import { estimateWithNever, RUN_QUANTILE, runQuantile } from './run-metrics.js';

export const CONFIDENCE_LEVEL = 0.95;

const QUANTILE_OF: Partial<Record<LatencyMetric, number>> = { p50: 0.5, p90: 0.9, p99: 0.99, 'p99.9': 0.999 };

/** Mean and t interval of `values`, the interval cut to `range` (what the quantity can take). */
export function estimate(values: number[], level = CONFIDENCE_LEVEL, range?: PossibleRange): Estimate {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: NaN, lo: NaN, hi: NaN, halfWidth: NaN, n: 0 };
  const ci = meanCI(finite, level);
  const e = { mean: ci.mean, lo: ci.lo, hi: ci.hi, halfWidth: ci.halfWidth, n: ci.n };
  return range ? clip(e, range) : e;
}

/** A latency metric of one histogram. */
export function latencyMetric(h: LatencyHistogram, m: LatencyMetric): number {
  if (h.count === 0) return NaN;
  if (m === 'mean') return h.mean;
  if (m === 'max') return h.max;
  return h.quantile(QUANTILE_OF[m]!);
}

export const mergeHist = (hs: LatencyHistogram[]): LatencyHistogram =>
  hs.reduce((a, h) => a.merge(h), new LatencyHistogram());

export const sumOutcomes = (xs: OutcomeCounts[]): OutcomeCounts => {
  const o: OutcomeCounts = { ok: 0, clientTimeout: 0, connectFailure: 0, http5xx: 0 };
  for (const x of xs) for (const k of OUTCOMES) o[k] += x[k];
  return o;
};

/** Each latency metric of one histogram per replication, as estimates. */
export function latencyEstimates(hs: HistogramJSON[]): Record<LatencyMetric, Estimate> {
  const h = hs.map((j) => LatencyHistogram.fromJSON(j));
  const range = latencyRange(h.map((x) => x.max));
  return Object.fromEntries(
    LATENCY_METRICS.map((m) => [
      m,
      estimate(
        h.map((x) => latencyMetric(x, m)),
        CONFIDENCE_LEVEL,
        range,
      ),
    ]),
  ) as Record<LatencyMetric, Estimate>;
}

/** Time-to-metadata percentiles over replications (each replication's populations pooled). */
export function runTimes(perRep: PopulationStats[][]): Record<RunMetric, Estimate> {
  return Object.fromEntries(
    RUN_METRICS.map((m) => [
      m,
      estimateWithNever(
        perRep.map((ps) => runQuantile(ps, RUN_QUANTILE[m])),
        (xs) => estimate(xs, CONFIDENCE_LEVEL, { lo: 0, hi: Infinity }),
      ),
    ]),
  ) as Record<RunMetric, Estimate>;
}

export const mergeJSON = (hs: HistogramJSON[]): HistogramJSON =>
  mergeHist(hs.map((h) => LatencyHistogram.fromJSON(h))).toJSON();

/**
 * Each outcome's share of the requests across replications (one `[outcome counts, requests]`
 * per replication; a replication without requests has no share), cut to [0, 1].
 */
export function outcomeShares(reps: [OutcomeCounts, number][]): Record<Outcome, Estimate> {
  return Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      estimate(
        reps.map(([outcomes, n]) => (n ? outcomes[o] / n : NaN)),
        CONFIDENCE_LEVEL,
        SHARE_RANGE,
      ),
    ]),
  ) as Record<Outcome, Estimate>;
}
