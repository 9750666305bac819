/**
 * The arithmetic shared by the distribution builders: the parameter error, value checks, and
 * the standard normal and gamma generators (polar Box-Muller, Marsaglia-Tsang 2000).
 */
import type { RandomStream } from './random.js';

export class DistributionError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'DistributionError';
  }
}

export function req(cond: boolean, param: string, msg: string): void {
  if (!cond) throw new DistributionError(param, msg);
}

export const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
export const nonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** z-value of the standard normal's 0.99 quantile. */
export const Z99 = 2.3263478740408408;
/**
 * The second normal of a polar Box-Muller pair, kept for the next draw. An object field that
 * starts as a fraction holds a double in place; a variable captured by the closure would box
 * every spare in a new heap number.
 */
class Spare {
  value = 0.5;
  held = false;
}

/** Standard normal by the polar Box-Muller method; the spare is kept for the next draw. */
export function normalSource(rng: RandomStream): () => number {
  const spare = new Spare();
  return () => {
    if (spare.held) {
      spare.held = false;
      return spare.value;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * rng.next() - 1;
      v = 2 * rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare.value = v * m;
    spare.held = true;
    return u * m;
  };
}

/** Marsaglia-Tsang gamma(shape, 1) generator. */
export function gammaSource(rng: RandomStream, shape: number): () => number {
  const normal = normalSource(rng);
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return () => {
    let x: number, v: number, u: number;
    for (;;) {
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      u = rng.next();
      if (u < 1 - 0.0331 * x * x * x * x) break;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
    }
    const g = d * v;
    return boost ? g * Math.pow(rng.next(), 1 / shape) : g;
  };
}
