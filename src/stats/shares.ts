/**
 * Statistics of a set of worlds (`nmsim robust`): the share of worlds in which something holds,
 * with a Wilson score interval (never outside [0, 1], sensible at 0 and at n, unlike the normal
 * approximation), and Spearman's rank correlation (how far a parameter orders an outcome,
 * whatever the shape of the relation).
 */
export interface Share {
  /** Worlds in which it holds. */
  k: number;
  n: number;
  share: number;
  /** 95% Wilson score interval. */
  lo: number;
  hi: number;
}

const Z95 = 1.959963984540054;

/** k successes in n trials: the share and its 95% Wilson score interval. */
export function wilsonShare(k: number, n: number, z = Z95): Share {
  if (n === 0) return { k, n, share: NaN, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding must not move it past.
  return { k, n, share: p, lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

/** Ranks 1..n, ties sharing their average rank. */
export function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const r = new Array<number>(xs.length);
  for (let a = 0; a < order.length;) {
    let b = a;
    while (b + 1 < order.length && order[b + 1].x === order[a].x) b++;
    for (let k = a; k <= b; k++) r[order[k].i] = (a + b) / 2 + 1;
    a = b + 1;
  }
  return r;
}

/** Spearman's rank correlation; NaN when either side is constant (nothing to order). */
export function spearman(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return NaN;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const m = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}
