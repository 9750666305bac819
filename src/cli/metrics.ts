/**
 * Reading the study metrics (run-level answers, latency statistics and outcome shares) out of a
 * ScenarioResult: one definition, in src/stats, shared with the report.
 */
export { metricEstimate } from '../stats/study-metrics.js';
