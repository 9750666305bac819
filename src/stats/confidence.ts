/**
 * Student-t confidence intervals for the mean of independent observations (replication means).
 * The t quantile comes from @stdlib (a maintained numerical library) rather than a hand-rolled
 * series, since every CI nmsim prints depends on it.
 */
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

/** Quantile p of Student's t distribution with df degrees of freedom. */
export function tQuantile(df: number, p: number): number {
  return tQuantileStdlib(p, df);
}

export interface MeanCI {
  mean: number;
  sd: number;
  n: number;
  halfWidth: number;
  lo: number;
  hi: number;
}

/** Two-sided `level` CI of the mean of `values`; halfWidth is NaN with fewer than two values. */
export function meanCI(values: number[], level = 0.95): MeanCI {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n, halfWidth: NaN, lo: NaN, hi: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: NaN, n, halfWidth: NaN, lo: NaN, hi: NaN };
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = tQuantile(n - 1, 1 - (1 - level) / 2) * (sd / Math.sqrt(n));
  return { mean, sd, n, halfWidth, lo: mean - halfWidth, hi: mean + halfWidth };
}
