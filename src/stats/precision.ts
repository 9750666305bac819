/**
 * What precision a number nmsim prints really has, in one place for the terminal, the CSV
 * files and the HTML report:
 *
 * - Floating-point residue. Means of identical replication values differ from them in the last
 *   bits (30.00000000000091 for a latency pinned at a 30 s timeout) and their half-widths are
 *   1e-15 rather than 0. Twelve significant digits are more than any estimate here carries
 *   and fewer than a double's 15-17, so rounding to them removes the residue and nothing else.
 * - The histogram's resolution. Latency quantiles are read off a histogram whose buckets grow
 *   by 2% (src/stats/histogram.ts): a reported quantile is within HISTOGRAM_RELATIVE_ERROR
 *   (0.995%) of the true one, so two designs whose quantiles differ by less than that cannot be
 *   told apart, whatever their replications say. Mean and max latency are exact sums and
 *   extremes, not read off the histogram, and have no such floor.
 * - What is possible. A Student-t interval is symmetric and knows nothing of bounds: with few
 *   replications of a bimodal latency it reaches below 0 s, and a share reaches below 0% or
 *   above 100%. When every replication's longest request took exactly the same time, requests
 *   are capped there (a client timeout ends them), and no statistic of latency can exceed it.
 */
import { HISTOGRAM_RELATIVE_ERROR } from './histogram.js';
import type { Estimate } from './results.js';

/** Significant digits kept: beyond any estimate's precision, short of a double's residue. */
const SIGNIFICANT = 12;
/** A value this small against the size of what it was computed from is residue of a cancellation. */
const CANCELLATION = 1e-9;

/**
 * `x` without floating-point residue: rounded to 12 significant digits, and 0 (never -0) when
 * it is below a billionth of `scale`, the size of the values it was computed from (e.g. the
 * two latencies a difference subtracts). The default scale of 1 suits seconds and shares: no
 * latency here is a nanosecond, and no share of requests a billionth.
 */
export function clean(x: number, scale = 1): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) <= CANCELLATION * Math.max(1, Math.abs(scale))) return 0;
  const r = Number(x.toPrecision(SIGNIFICANT));
  return r === 0 ? 0 : r;
}

/** `x` to `digits` decimals, residue removed and never "-0.00" (a negative that rounds to 0). */
export function fixed(x: number, digits: number): string {
  const t = clean(x).toFixed(digits);
  return /^-0\.?0*$/.test(t) ? t.slice(1) : t;
}

/** The latency statistics read off the histogram (and so limited by its resolution). */
const QUANTILES = new Set(['p50', 'p90', 'p99', 'p99.9']);

/**
 * The smallest difference the metric can show between values of size `magnitude`: the
 * histogram's relative error for a quantile, 0 for the exact ones (mean, max, rates).
 */
export function resolution(metric: string, magnitude: number): number {
  return QUANTILES.has(metric) ? HISTOGRAM_RELATIVE_ERROR * Math.abs(magnitude) : 0;
}

/** What can be shown of a difference between two designs. */
export type ShownDifference =
  { kind: 'none' } | { kind: 'difference'; mean: number; lo: number; hi: number; significant: boolean };

/**
 * A paired difference `d` (b - a) as it can honestly be shown, given the size of the values
 * compared (`magnitude`, e.g. the larger of the two means). "none" when the whole interval
 * (or the value, without one) lies inside the resolution or is residue; otherwise the mean is
 * 0 when it alone is below the resolution, and "significant" holds only when the interval
 * excludes 0 by more than the resolution.
 */
export function shownDifference(
  metric: string,
  d: Estimate & { significant?: boolean },
  magnitude: number,
): ShownDifference {
  const res = resolution(metric, magnitude);
  const within = (x: number) => !Number.isFinite(x) || Math.abs(clean(x, magnitude)) <= res;
  const hasCi = Number.isFinite(d.lo) && Number.isFinite(d.hi);
  if (within(d.mean) && (!hasCi || (within(d.lo) && within(d.hi)))) return { kind: 'none' };
  const mean = Math.abs(d.mean) <= res ? 0 : clean(d.mean, magnitude);
  const lo = hasCi ? clean(d.lo, magnitude) : NaN;
  const hi = hasCi ? clean(d.hi, magnitude) : NaN;
  const significant = hasCi && (d.significant ?? true) && (lo > res || hi < -res);
  return { kind: 'difference', mean, lo, hi, significant };
}

/** Bounds an estimate's interval can take. */
export interface PossibleRange {
  lo: number;
  hi: number;
}

export const SHARE_RANGE: PossibleRange = { lo: 0, hi: 1 };

/**
 * The range a latency statistic can take: from 0 to the cap when every replication's longest
 * request took the same time (`maxima`, one per replication, at least two), else unbounded.
 */
export function latencyRange(maxima: number[]): PossibleRange {
  const ms = maxima.filter(Number.isFinite);
  const capped = ms.length >= 2 && ms.every((m) => m === ms[0]);
  return { lo: 0, hi: capped ? ms[0] : Infinity };
}

/** `e` with its interval cut to `range` (the mean and half-width stay: they are the t interval's). */
export function clip(e: Estimate, range: PossibleRange): Estimate {
  if (!Number.isFinite(e.lo) || !Number.isFinite(e.hi)) return e;
  return { ...e, lo: Math.max(range.lo, e.lo), hi: Math.min(range.hi, e.hi) };
}

/** True when the interval was cut by clip(), so "mean ± half-width" would show impossible bounds. */
export function isClipped(e: Estimate): boolean {
  if (!Number.isFinite(e.lo) || !Number.isFinite(e.halfWidth)) return false;
  const tol = 1e-9 * Math.max(1, Math.abs(e.mean));
  return Math.abs(e.mean - e.halfWidth - e.lo) > tol || Math.abs(e.mean + e.halfWidth - e.hi) > tol;
}

/** True when the replications agreed: a half-width that is 0 or residue next to the mean. */
export function noInterval(mean: number, halfWidth: number): boolean {
  return halfWidth <= CANCELLATION * Math.max(1, Math.abs(mean));
}
