/**
 * How the terminal shows one number: a duration in the unit that gives it 3 significant
 * digits, a share in percent, a difference with its sign and interval, and the honest-precision
 * cases (cut to what is possible, "never", at a client timeout, within the histogram's ±1%).
 * Every number shown with ± is a mean over replications with its 95% CI half-width.
 */
import { isNever, type Estimate, type ScenarioResult } from '../stats/results.js';
import { clean, fixed, isClipped, noInterval, shownDifference } from '../stats/precision.js';
import { isShareMetric, onClientTimeout, withinResolution } from '../stats/study-metrics.js';
import { metricEstimate } from './metrics.js';
import type { StudyMetric } from './types.js';

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const finite = (x: number): boolean => Number.isFinite(x);

const UNITS: [number, number, string][] = [
  // [below this many seconds, seconds per unit, unit]
  [1e-3, 1e-6, 'µs'],
  [1, 1e-3, 'ms'],
  [600, 1, 's'],
  [3 * 3600, 60, 'min'],
  [Infinity, 3600, 'h'],
];

/** Scale, unit and decimals that show `magnitude` seconds to 3 significant digits. */
function unitOf(magnitude: number): [number, string, number] {
  const a = Math.abs(magnitude);
  const [, scale, unit] = a === 0 ? [0, 1, 's'] : UNITS.find(([below]) => a < below)!;
  const m = a / scale;
  return [scale, unit, m === 0 ? 0 : Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(m))))];
}

/** `x` seconds in the unit and decimals of `magnitude`: "10.5 ms"; an exact 0 as "0 ms". */
function inUnit(x: number, magnitude: number): string {
  const [scale, unit, decimals] = unitOf(magnitude);
  const v = clean(x / scale);
  return `${v === 0 ? '0' : fixed(v, decimals)} ${unit}`;
}

/**
 * A value and its half-width in the value's unit: "10.5 ± 10.6 ms"; "30.0 s ± 0" when the
 * replications agreed (a latency pinned at a timeout).
 */
export function fmtSecondsPair(mean: number, halfWidth?: number): string {
  const m = clean(mean);
  if (halfWidth === undefined || !finite(halfWidth)) return inUnit(m, m);
  if (noInterval(m, halfWidth)) return `${inUnit(m, m)} ± 0`;
  if (m === 0) return `0 ± ${inUnit(halfWidth, halfWidth)}`;
  const [scale, unit, decimals] = unitOf(m);
  return `${fixed(m / scale, decimals)} ± ${fixed(halfWidth / scale, decimals)} ${unit}`;
}

/** "12.3 ± 0.4 ms"; "14.8 s [0 s, 30.0 s]" when cut to what is possible; "never" for a run percentile beyond the runs that got metadata; "n/a" without data. */
export function fmtSeconds(e: Estimate): string {
  if (isNever(e)) return 'never';
  if (!finite(e.mean)) return 'n/a';
  if (isClipped(e)) return `${inUnit(e.mean, e.mean)} [${inUnit(e.lo, e.lo)}, ${inUnit(e.hi, e.hi)}]`;
  return fmtSecondsPair(e.mean, e.halfWidth);
}

const pctText = (x: number): string => `${fixed(100 * x, 2)}%`;

/**
 * A percentile with honest precision: "≥ 30.0 s (37.2% timed out)" when it sits on the client
 * timeout, "171 ms within ±1%" when the replications agree closer than the histogram resolves.
 */
export function fmtPercentile(r: ScenarioResult, m: string, e: Estimate): string {
  const timedOut = onClientTimeout(r, m, e);
  if (timedOut !== null) return `≥ ${fmtSecondsPair(e.mean)} (${fixed(100 * timedOut, 1)}% timed out)`;
  if (withinResolution(m, e)) return `${fmtSecondsPair(e.mean)} within ±1%`;
  return fmtSeconds(e);
}

/** "37.20% ± 0.21" (percentage points); "2.43% [0.00%, 6.60%]" when cut to 0-100%. */
export function fmtRate(e: Estimate): string {
  if (!finite(e.mean)) return 'n/a';
  if (!finite(e.halfWidth)) return pctText(e.mean);
  if (noInterval(e.mean, e.halfWidth)) return `${pctText(e.mean)} ± 0`;
  if (isClipped(e)) return `${pctText(e.mean)} [${pctText(e.lo)}, ${pctText(e.hi)}]`;
  return `${pctText(e.mean)} ± ${fixed(100 * e.halfWidth, 2)}`;
}

export const isRateMetric = isShareMetric;

export const fmtMetric = (m: string, e: Estimate): string =>
  isRateMetric(m) ? fmtRate(e) : withinResolution(m, e) ? `${fmtSecondsPair(e.mean)} within ±1%` : fmtSeconds(e);

/** A metric of a result, with the timeout rule for request percentiles. */
export const fmtResultMetric = (r: ScenarioResult, m: string): string =>
  isRateMetric(m) ? fmtRate(metricEstimate(r, m)) : fmtPercentile(r, m, metricEstimate(r, m));

/**
 * A signed difference, e.g. "-27.9 s ± 0.3 s *" or "-35.10 pp ± 0.40"; "0" when it is inside
 * the histogram's resolution or residue (`magnitude`: the size of the values compared).
 */
export function fmtDiff(m: string, e: Estimate & { significant: boolean }, magnitude: number): string {
  if (!finite(e.mean)) return 'n/a';
  const d = shownDifference(m, e, magnitude);
  if (d.kind === 'none') return '0';
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '-' : '';
  const hw = finite(e.halfWidth) ? e.halfWidth : undefined;
  const body = isRateMetric(m)
    ? `${sign}${fixed(100 * Math.abs(d.mean), 2)} pp${hw !== undefined ? ` ± ${fixed(100 * hw, 2)}` : ''}`
    : `${sign}${d.mean === 0 ? `0 ± ${inUnit(hw ?? 0, hw ?? 0)}` : fmtSecondsPair(Math.abs(d.mean), hw)}`;
  return d.significant ? `${body} *` : body;
}

export { thresholdText as fmtThreshold, sloText } from '../stats/slo-text.js';

export const METRIC_LABEL: Record<StudyMetric, string> = {
  runSuccess: 'runs with metadata',
  runP50: 'run time to metadata p50',
  runP99: 'run time to metadata p99',
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p99.9',
  mean: 'mean',
  max: 'max',
  timeoutRate: 'timeouts',
  failureRate: 'failures',
};
