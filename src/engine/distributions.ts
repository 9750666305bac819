/**
 * Probability distributions for service times, think times and inter-arrival times.
 *
 * A distribution is described by a plain JSON-able spec (what scenario files contain) and
 * compiled into a sampler bound to a random stream. Every spec is validated on compilation
 * with an error naming the bad parameter, so a scenario can point at the field.
 */
import type { RandomStream } from './random.js';

export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number; min?: number }
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'lognormal'; mean: number; p99: number }
  | { kind: 'lognormal'; median: number; p99: number }
  | { kind: 'gamma'; shape: number; scale: number }
  | { kind: 'gamma'; mean: number; cv: number }
  | { kind: 'empirical'; samples: number[] }
  | { kind: 'empirical'; quantiles: [number, number][] }
  | { kind: 'mixture'; components: { weight: number; dist: DistSpec }[] };

export interface Sampler {
  sample(): number;
  /** Analytic mean where known (used by reports and sanity checks). */
  readonly mean: number;
}

export class DistributionError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'DistributionError';
  }
}

function req(cond: boolean, param: string, msg: string): void {
  if (!cond) throw new DistributionError(param, msg);
}

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
const nonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** z-value of the standard normal's 0.99 quantile. */
const Z99 = 2.3263478740408408;

/** Standard normal by the polar Box-Muller method; the spare is cached per stream closure. */
function normalSource(rng: RandomStream): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * rng.next() - 1;
      v = 2 * rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * m;
    return u * m;
  };
}

/** Marsaglia-Tsang gamma(shape, 1) generator. */
function gammaSource(rng: RandomStream, shape: number): () => number {
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

/** Compiles a spec into a sampler drawing from `rng`. Throws DistributionError on bad specs. */
export function compile(spec: DistSpec, rng: RandomStream): Sampler {
  const s = spec as Record<string, unknown> & { kind: string };
  switch (s.kind) {
    case 'constant': {
      req(nonNegative(s.value), 'value', `constant value must be a finite number >= 0, got ${String(s.value)}`);
      const v = s.value as number;
      return { sample: () => v, mean: v };
    }
    case 'exponential': {
      req(positive(s.mean), 'mean', `exponential mean must be > 0, got ${String(s.mean)}`);
      const mean = s.mean as number;
      return { sample: () => -mean * Math.log(1 - rng.next()), mean };
    }
    case 'uniform': {
      req(nonNegative(s.min), 'min', `uniform min must be >= 0, got ${String(s.min)}`);
      req(nonNegative(s.max) && (s.max as number) >= (s.min as number), 'max', `uniform max must be >= min`);
      const lo = s.min as number;
      const w = (s.max as number) - lo;
      return { sample: () => lo + w * rng.next(), mean: lo + w / 2 };
    }
    case 'normal': {
      req(typeof s.mean === 'number' && Number.isFinite(s.mean), 'mean', 'normal mean must be finite');
      req(nonNegative(s.sd), 'sd', `normal sd must be >= 0, got ${String(s.sd)}`);
      const floor = s.min === undefined ? 0 : (s.min as number);
      req(nonNegative(floor), 'min', 'normal min must be >= 0 (durations cannot be negative)');
      const z = normalSource(rng);
      const mean = s.mean as number;
      const sd = s.sd as number;
      // Durations cannot be negative: draws below `min` are clamped, which biases the mean
      // upwards only when sd is comparable to mean; the reported mean is the unclamped one.
      return { sample: () => Math.max(floor, mean + sd * z()), mean };
    }
    case 'lognormal': {
      let mu: number, sigma: number;
      if ('mu' in s) {
        req(typeof s.mu === 'number' && Number.isFinite(s.mu), 'mu', 'lognormal mu must be finite');
        req(nonNegative(s.sigma), 'sigma', `lognormal sigma must be >= 0, got ${String(s.sigma)}`);
        mu = s.mu as number;
        sigma = s.sigma as number;
      } else if ('median' in s) {
        req(positive(s.median), 'median', 'lognormal median must be > 0');
        req(positive(s.p99) && (s.p99 as number) >= (s.median as number), 'p99', 'lognormal p99 must be >= median');
        mu = Math.log(s.median as number);
        sigma = (Math.log(s.p99 as number) - mu) / Z99;
      } else {
        req(positive(s.mean), 'mean', 'lognormal mean must be > 0');
        req(positive(s.p99), 'p99', 'lognormal p99 must be > 0');
        // mean = exp(mu + sigma^2/2), p99 = exp(mu + Z99 sigma) => sigma^2/2 - Z99 sigma + ln(p99/mean) = 0
        const k = Math.log((s.p99 as number) / (s.mean as number));
        const disc = Z99 * Z99 - 2 * k;
        req(
          k > 0 && disc >= 0,
          'p99',
          `lognormal with mean ${String(s.mean)} cannot have p99 ${String(s.p99)} (need mean < p99 < mean*exp(${((Z99 * Z99) / 2).toFixed(3)}))`,
        );
        sigma = Z99 - Math.sqrt(disc);
        mu = Math.log(s.mean as number) - (sigma * sigma) / 2;
      }
      const z = normalSource(rng);
      return { sample: () => Math.exp(mu + sigma * z()), mean: Math.exp(mu + (sigma * sigma) / 2) };
    }
    case 'gamma': {
      let shape: number, scale: number;
      if ('shape' in s) {
        req(positive(s.shape), 'shape', `gamma shape must be > 0, got ${String(s.shape)}`);
        req(positive(s.scale), 'scale', `gamma scale must be > 0, got ${String(s.scale)}`);
        shape = s.shape as number;
        scale = s.scale as number;
      } else {
        req(positive(s.mean), 'mean', 'gamma mean must be > 0');
        req(positive(s.cv), 'cv', 'gamma cv must be > 0');
        shape = 1 / ((s.cv as number) * (s.cv as number));
        scale = (s.mean as number) / shape;
      }
      const g = gammaSource(rng, shape);
      return { sample: () => scale * g(), mean: shape * scale };
    }
    case 'empirical': {
      if ('samples' in s) {
        const xs = s.samples as number[];
        req(Array.isArray(xs) && xs.length > 0, 'samples', 'empirical samples must be a non-empty array');
        xs.forEach((x, i) => req(nonNegative(x), `samples[${i}]`, `empirical sample must be >= 0, got ${String(x)}`));
        const copy = xs.slice();
        const mean = copy.reduce((a, b) => a + b, 0) / copy.length;
        return { sample: () => copy[Math.floor(rng.next() * copy.length)], mean };
      }
      const q = s.quantiles as [number, number][];
      req(Array.isArray(q) && q.length >= 2, 'quantiles', 'empirical quantiles need at least two [p, value] points');
      q.forEach(([p, v], i) => {
        req(
          typeof p === 'number' && p >= 0 && p <= 1,
          `quantiles[${i}]`,
          `quantile probability must be in [0,1], got ${String(p)}`,
        );
        req(nonNegative(v), `quantiles[${i}]`, `quantile value must be >= 0, got ${String(v)}`);
        if (i > 0) {
          req(p > q[i - 1][0], `quantiles[${i}]`, 'quantile probabilities must increase');
          req(v >= q[i - 1][1], `quantiles[${i}]`, 'quantile values must not decrease');
        }
      });
      req(q[0][0] === 0 && q[q.length - 1][0] === 1, 'quantiles', 'quantile table must start at p=0 and end at p=1');
      const ps = q.map((e) => e[0]);
      const vs = q.map((e) => e[1]);
      let mean = 0;
      for (let i = 1; i < q.length; i++) mean += ((ps[i] - ps[i - 1]) * (vs[i] + vs[i - 1])) / 2;
      // Inverse-CDF sampling with linear interpolation between table points.
      return {
        mean,
        sample: () => {
          const u = rng.next();
          let lo = 0;
          let hi = ps.length - 1;
          while (hi - lo > 1) {
            const mid = (lo + hi) >> 1;
            if (ps[mid] <= u) lo = mid;
            else hi = mid;
          }
          const f = (u - ps[lo]) / (ps[hi] - ps[lo]);
          return vs[lo] + f * (vs[hi] - vs[lo]);
        },
      };
    }
    case 'mixture': {
      const comps = s.components as { weight: number; dist: DistSpec }[];
      req(Array.isArray(comps) && comps.length > 0, 'components', 'mixture needs at least one component');
      comps.forEach((c, i) => req(positive(c.weight), `components[${i}].weight`, 'mixture weight must be > 0'));
      const total = comps.reduce((a, c) => a + c.weight, 0);
      const cum: number[] = [];
      let acc = 0;
      for (const c of comps) cum.push((acc += c.weight / total));
      const samplers = comps.map((c, i) => {
        try {
          return compile(c.dist, rng);
        } catch (e) {
          if (e instanceof DistributionError)
            throw new DistributionError(`components[${i}].dist.${e.param}`, e.message);
          throw e;
        }
      });
      const mean = samplers.reduce((a, sm, i) => a + (comps[i].weight / total) * sm.mean, 0);
      return {
        mean,
        sample: () => {
          const u = rng.next();
          let i = 0;
          while (i < cum.length - 1 && u >= cum[i]) i++;
          return samplers[i].sample();
        },
      };
    }
    default:
      throw new DistributionError('kind', `unknown distribution kind ${JSON.stringify(s.kind)}`);
  }
}

/** Convenience constructors for code (scenario files use the spec objects directly). */
export const dist = {
  constant: (value: number): DistSpec => ({ kind: 'constant', value }),
  exponential: (mean: number): DistSpec => ({ kind: 'exponential', mean }),
  uniform: (min: number, max: number): DistSpec => ({ kind: 'uniform', min, max }),
  lognormalMedianP99: (median: number, p99: number): DistSpec => ({ kind: 'lognormal', median, p99 }),
};
