/**
 * Fitting service-time distributions to observed response times: lognormal and gamma by
 * maximum likelihood, an empirical quantile table, and the Kolmogorov-Smirnov distance of each
 * fit, used to pick the better family. Special functions and CDFs come from @stdlib.
 */
import digamma from '@stdlib/math-base-special-digamma';
import trigamma from '@stdlib/math-base-special-trigamma';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import type { DistSpec } from '../engine/distributions.js';

export interface Fit {
  family: 'lognormal' | 'gamma';
  spec: DistSpec;
  /** Kolmogorov-Smirnov distance to the empirical CDF. */
  ks: number;
  /** Asymptotic KS p-value. With parameters estimated from the same data it is conservative
   *  (too high): use it to compare fits, not as an exact test. */
  pValue: number;
  cdf: (x: number) => number;
  mean: number;
}

export function fitLognormal(xs: number[]): { mu: number; sigma: number } {
  const logs = xs.map(Math.log);
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sigma = Math.sqrt(logs.reduce((a, l) => a + (l - mu) * (l - mu), 0) / logs.length);
  return { mu, sigma };
}

/** Gamma MLE: Newton's method on the shape k for ln k - psi(k) = ln(mean) - mean(ln x). */
export function fitGamma(xs: number[]): { shape: number; scale: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const s = Math.log(mean) - xs.reduce((a, x) => a + Math.log(x), 0) / n;
  if (!(s > 0)) return { shape: 1e6, scale: mean / 1e6 }; // all values equal: a spike
  let k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i++) {
    const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-10 * k) break;
  }
  return { shape: k, scale: mean / k };
}

/** KS distance between the sample (sorted ascending) and a CDF. */
export function ksDistance(sorted: number[], cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic Kolmogorov p-value with Stephens' small-sample correction. */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

export function fitAll(values: number[]): { best: Fit; fits: Fit[]; empirical: DistSpec } {
  const xs = values.filter((x) => x > 0 && Number.isFinite(x));
  if (xs.length < 2) throw new Error('need at least two positive response times to fit a distribution');
  const sorted = xs.slice().sort((a, b) => a - b);
  const ln = fitLognormal(xs);
  const ga = fitGamma(xs);
  const lnCdf = (x: number) => lognormalCdf(x, ln.mu, ln.sigma);
  const gaCdf = (x: number) => gammaCdf(x, ga.shape, 1 / ga.scale);
  const mk = (family: Fit['family'], spec: DistSpec, cdf: (x: number) => number, mean: number): Fit => {
    const ks = ksDistance(sorted, cdf);
    return { family, spec, ks, pValue: ksPValue(ks, sorted.length), cdf, mean };
  };
  const fits = [
    mk(
      'lognormal',
      { kind: 'lognormal', mu: ln.mu, sigma: ln.sigma },
      lnCdf,
      Math.exp(ln.mu + (ln.sigma * ln.sigma) / 2),
    ),
    mk('gamma', { kind: 'gamma', shape: ga.shape, scale: ga.scale }, gaCdf, ga.shape * ga.scale),
  ];
  const best = fits[0].ks <= fits[1].ks ? fits[0] : fits[1];
  return { best, fits, empirical: empiricalTable(sorted) };
}

const TABLE_P = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** An empirical quantile table (inverse-CDF points) usable as a `kind: empirical` distribution. */
export function empiricalTable(sorted: number[]): DistSpec {
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const quantiles: [number, number][] = [];
  for (const p of TABLE_P) {
    const v = p === 0 ? sorted[0] : q(p);
    const prev = quantiles[quantiles.length - 1];
    quantiles.push([p, prev ? Math.max(prev[1], v) : v]);
  }
  return { kind: 'empirical', quantiles };
}

export function quantileOf(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
