/**
 * The metrics every study reports and compares, run-level answers first (did the runs get
 * their metadata, and how long did it take), then request latency and outcome shares; how to
 * read each off a ScenarioResult; and the honest-precision rules the terminal and the HTML
 * report share: a percentile sitting on a client timeout, and an interval narrower than the
 * histogram can resolve.
 */
import { isShareMetric, SLO_METRIC_NAMES, type SloMetricName } from '../scenario/schema/study.js';
import { HISTOGRAM_RELATIVE_ERROR } from './histogram.js';
import type { Estimate, ScenarioResult } from './results.js';

/**
 * The metrics of compare and sweep tables: the SLO metrics, one list with the schema's, but for
 * runP90. A study's run-time answer is the median and the tail (runP50, runP99), as each run
 * summary shows them (src/cli/format.ts, src/report/sections/runs.ts); runP90 is there for an
 * SLO stated at the 90th percentile (`--slo 'runP90<60s'`), and a column of it in every table
 * would repeat what the two around it say.
 */
export const STUDY_METRICS = SLO_METRIC_NAMES.filter((m): m is StudyMetric => m !== 'runP90');
export type StudyMetric = Exclude<SloMetricName, 'runP90'>;

export { isShareMetric };

const NAN: Estimate = { mean: NaN, lo: NaN, hi: NaN, halfWidth: NaN, n: 0 };

/** A study metric's estimate, read from a ScenarioResult. */
export function metricEstimate(r: ScenarioResult, m: string): Estimate {
  if (m === 'runSuccess') return r.runs.success;
  if (m === 'runP50' || m === 'runP90' || m === 'runP99') return r.runs.time[m];
  if (m === 'timeoutRate') return r.outcomeRates.clientTimeout;
  if (m === 'failureRate') {
    const ok = r.outcomeRates.ok;
    return { mean: 1 - ok.mean, lo: 1 - ok.hi, hi: 1 - ok.lo, halfWidth: ok.halfWidth, n: ok.n };
  }
  return (r.latency as Record<string, Estimate>)[m] ?? NAN;
}

const PERCENTILE_Q: Record<string, number> = { p50: 0.5, p90: 0.9, p99: 0.99, 'p99.9': 0.999 };

/** Percentiles read off log-bucket histograms (request latency, time to metadata). */
export const isHistogramPercentile = (m: string): boolean => m in PERCENTILE_Q || /^runP\d/.test(m);

/**
 * True when the interval is narrower than the histogram's resolution (every replication in the
 * same bucket): the value is known to within ±1%, not to ± 0.
 */
export function withinResolution(m: string, e: Estimate): boolean {
  return (
    isHistogramPercentile(m) &&
    Number.isFinite(e.mean) &&
    Number.isFinite(e.halfWidth) &&
    e.halfWidth < HISTOGRAM_RELATIVE_ERROR * Math.abs(e.mean)
  );
}

/**
 * When a request-latency percentile sits on the client timeout: the share of requests that
 * timed out reaches past the percentile and its value is the timeout (within the histogram's
 * resolution). Then the real wait is unknown beyond the timeout: the caller shows
 * "≥ timeout (n% timed out)". Returns the timed-out share, or null.
 */
export function onClientTimeout(r: ScenarioResult, m: string, e: Estimate = metricEstimate(r, m)): number | null {
  const q = PERCENTILE_Q[m];
  const t = r.meta.clientTimeout;
  if (q === undefined || t === null || t === undefined || !Number.isFinite(e.mean)) return null;
  const share = r.outcomeRates.clientTimeout.mean;
  return share > 1 - q && e.mean >= t * (1 - HISTOGRAM_RELATIVE_ERROR) ? share : null;
}
