/**
 * Number formatting shared by the report's tables and charts: durations with their units,
 * shares as percentages, estimates with their confidence half-width, and the study metrics
 * (latency statistics and outcome rates) read off a ScenarioResult.
 */
import { formatDuration } from '../scenario/units.js';
import { clean, fixed, isClipped, noInterval } from '../stats/precision.js';
import { higherIsBetter } from '../stats/run-metrics.js';
import { isNever, type Estimate, type ScenarioResult } from '../stats/results.js';
import { isShareMetric, onClientTimeout, withinResolution } from '../stats/study-metrics.js';
import { esc } from './html.js';

export { noInterval };
export { metricEstimate } from '../stats/study-metrics.js';

/** A finite number (JSON files write NaN and infinities as null). */
export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export const isRate = isShareMetric;

export function duration(s: unknown): string {
  return finite(s) ? formatDuration(clean(s)) : 'n/a';
}

export function percent(x: unknown, digits = 2): string {
  return finite(x) ? `${fixed(100 * x, digits)}%` : 'n/a';
}

/**
 * "24.7 s ± 1.38 s"; the ± part is left out when there is no interval (one replication), is a
 * bare "± 0" when the replications agreed exactly (a saturated pool, a timeout ceiling), and
 * becomes the interval "[0 s, 30.0 s]" when it was cut to what is possible.
 */
export function sec(e: Estimate): string {
  if (isNever(e)) return 'never';
  if (!finite(e.mean)) return 'n/a';
  if (!finite(e.halfWidth)) return duration(e.mean);
  if (isClipped(e)) return `${duration(e.mean)} [${duration(e.lo)}, ${duration(e.hi)}]`;
  return `${duration(e.mean)} ± ${noInterval(e.mean, e.halfWidth) ? '0' : duration(e.halfWidth)}`;
}

/** "34.82% ± 2.01" (percentage points). */
export function pct(e: Estimate): string {
  if (!finite(e.mean)) return 'n/a';
  if (!finite(e.halfWidth)) return percent(e.mean);
  if (isClipped(e)) return `${percent(e.mean)} [${percent(e.lo)}, ${percent(e.hi)}]`;
  return `${percent(e.mean)} ± ${noInterval(e.mean, e.halfWidth) ? '0' : fixed(100 * e.halfWidth, 2)}`;
}

/**
 * An estimate of `metric`, formatted as a duration or a share; a percentile narrower than the
 * histogram resolves is "within ±1%"; with the result, a request percentile on the client
 * timeout is "≥ 30.0 s (37.2% timed out)".
 */
export function metricText(metric: string, e: Estimate, r?: ScenarioResult): string {
  if (isRate(metric)) return pct(e);
  const timedOut = r ? onClientTimeout(r, metric, e) : null;
  if (timedOut !== null) return `≥ ${formatDuration(e.mean)} (${percent(timedOut, 1)} timed out)`;
  if (withinResolution(metric, e)) return `${formatDuration(e.mean)} within ±1%`;
  return sec(e);
}

/**
 * A latency-table cell with the precision rules of {@link metricText}: a percentile on the
 * client timeout reads "≥ 30.1 s" with the share timed out below it, one the histogram cannot
 * resolve further "28.9 s" with "within ±1%" below it; otherwise {@link estCell}.
 */
export function percentileCell(metric: string, e: Estimate, r: ScenarioResult): { html: string; num: boolean } {
  const timedOut = onClientTimeout(r, metric, e);
  if (timedOut !== null)
    return {
      html: `≥ ${esc(formatDuration(e.mean))}<span class="ci">${esc(percent(timedOut, 1))} timed out</span>`,
      num: true,
    };
  if (withinResolution(metric, e))
    return { html: `${esc(formatDuration(e.mean))}<span class="ci">within ±1%</span>`, num: true };
  return estCell(e);
}

/** A threshold of `metric`: "2.00 s" or "1.00%". */
export function thresholdText(metric: string, threshold: number): string {
  return isRate(metric) ? percent(threshold) : duration(threshold);
}

/** The target as text: "≥ 99.00%" for runSuccess, "≤ 2.00 s" otherwise. */
export const targetText = (metric: string, threshold: number): string =>
  `${higherIsBetter(metric) ? '≥' : '≤'} ${thresholdText(metric, threshold)}`;

export const METRIC_LABELS: Record<string, string> = {
  runSuccess: 'runs with metadata',
  runP50: 'run time to metadata p50',
  runP90: 'run time to metadata p90',
  runP99: 'run time to metadata p99',
  mean: 'mean latency',
  p50: 'p50 latency',
  p90: 'p90 latency',
  p99: 'p99 latency',
  'p99.9': 'p99.9 latency',
  max: 'max latency',
  timeoutRate: 'client-timeout rate',
  failureRate: 'failure rate',
};

export const metricLabel = (m: string): string => METRIC_LABELS[m] ?? m;

/** A plain number for tables: integers as they are, others to 4 significant digits. */
export function num(x: unknown): string {
  if (!finite(x)) return 'n/a';
  const c = clean(x);
  return Number.isInteger(c) ? String(c) : String(Number(c.toPrecision(4)));
}

/**
 * A plain-number estimate as [mean, half-width] text, both to the decimal place of the
 * half-width's second significant digit: "333.2" ± "2.8", "0.1111" ± "0.0049"; none where
 * the replications agreed (noInterval).
 */
export function numEstimate(mean: number, halfWidth: number): [string, string | null] {
  if (!finite(halfWidth) || noInterval(mean, halfWidth)) return [num(mean), null];
  const d = Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(halfWidth))));
  return [fixed(mean, d), fixed(halfWidth, d)];
}

/** An estimate as a table cell: the mean, with "± half-width" on a second, quieter line. */
export function estCell(e: Estimate, kind: 'time' | 'rate' | 'number' = 'time'): { html: string; num: boolean } {
  if (isNever(e)) return { html: 'never', num: true };
  if (!finite(e.mean)) return { html: 'n/a', num: true };
  if (kind === 'number') {
    const [m, h] = numEstimate(e.mean, e.halfWidth);
    return { html: h === null ? esc(m) : `${esc(m)}<span class="ci">± ${esc(h)}</span>`, num: true };
  }
  const f = { time: formatDuration, rate: (x: number) => percent(x) }[kind];
  const main = f(clean(e.mean));
  if (!finite(e.halfWidth) || noInterval(e.mean, e.halfWidth)) return { html: esc(main), num: true };
  if (isClipped(e))
    return { html: `${esc(main)}<span class="ci">[${esc(f(clean(e.lo)))}, ${esc(f(clean(e.hi)))}]</span>`, num: true };
  const hw = kind === 'rate' ? `${fixed(100 * e.halfWidth, 2)} pp` : f(clean(e.halfWidth));
  return { html: `${esc(main)}<span class="ci">± ${esc(hw)}</span>`, num: true };
}

/** A study metric's estimate as a table cell ("within ±1%" where the histogram cannot tell the replications apart). */
export const metricCell = (metric: string, e: Estimate) =>
  withinResolution(metric, e)
    ? { html: `${esc(formatDuration(e.mean))}<span class="ci">within ±1%</span>`, num: true }
    : estCell(e, isRate(metric) ? 'rate' : 'time');
