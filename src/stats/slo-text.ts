/**
 * How an SLO reads wherever it is shown (run summary, capacity answer, robustness words in the
 * terminal and the report): "runSuccess ≥ 99%", "p99 ≤ 2 s". The comparison is the one the
 * verdict applies (run-metrics.ts sloVerdict: at least the threshold for runSuccess, at most it
 * otherwise), so the words cannot disagree with the verdict.
 */
import { formatDuration } from '../scenario/units.js';
import { isShareMetric } from './study-metrics.js';
import { higherIsBetter } from './run-metrics.js';

/** A threshold in its metric's unit: "99%" for a share, "2 s" for a duration. */
export const thresholdText = (metric: string, threshold: number): string =>
  isShareMetric(metric) ? `${+(100 * threshold).toPrecision(6)}%` : formatDuration(threshold);

/** "runSuccess ≥ 99%", "p99 ≤ 2 s". */
export const sloText = (metric: string, threshold: number): string =>
  `${metric} ${higherIsBetter(metric) ? '≥' : '≤'} ${thresholdText(metric, threshold)}`;
