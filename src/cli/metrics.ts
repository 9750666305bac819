/**
 * Reading the study metrics (latency statistics and outcome shares) out of a ScenarioResult.
 */
import type { Estimate, ScenarioResult } from '../stats/results.js';
import type { StudyMetric } from './types.js';

/** A study metric's estimate, read from a ScenarioResult. */
export function metricEstimate(r: ScenarioResult, m: StudyMetric): Estimate {
  if (m === 'timeoutRate') return r.outcomeRates.clientTimeout;
  if (m === 'failureRate') {
    const ok = r.outcomeRates.ok;
    return { mean: 1 - ok.mean, lo: 1 - ok.hi, hi: 1 - ok.lo, halfWidth: ok.halfWidth, n: ok.n };
  }
  return r.latency[m];
}
