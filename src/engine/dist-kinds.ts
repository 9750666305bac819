/**
 * The registry of distribution kinds: for each kind, the parameter sets it accepts and a
 * builder that checks the values and returns a sampler. `compile` (distributions.ts) picks the
 * parameter set from the spec's keys and rejects unknown or mixed ones before a builder runs,
 * so `{kind: lognormal, median, p99, mean}` is an error instead of a silently ignored `mean`;
 * the schema's description of a distribution is generated from this table.
 *
 * A builder draws from `rng` in a fixed order (the same as before the registry existed), so a
 * seed gives the same samples.
 */
import type { Form, Sampler } from './distributions.js';
import { finite, gammaSource, nonNegative, normalSource, positive, req, DistributionError, Z99 } from './dist-math.js';

export type Params = Record<string, unknown>;

const n = (p: Params, k: string): number => p[k] as number;

const lognormal = (mu: number, sigma: number, z: () => number): Sampler => ({
  sample: () => Math.exp(mu + sigma * z()),
  mean: Math.exp(mu + (sigma * sigma) / 2),
});

const gamma = (shape: number, scale: number, g: () => number): Sampler => ({
  sample: () => scale * g(),
  mean: shape * scale,
});

/** Inverse-CDF sampling with linear interpolation between the points of a quantile table. */
function quantileTable(q: [number, number][], next: () => number): Sampler {
  const ps = q.map((e) => e[0]);
  const vs = q.map((e) => e[1]);
  let mean = 0;
  for (let i = 1; i < q.length; i++) mean += ((ps[i] - ps[i - 1]) * (vs[i] + vs[i - 1])) / 2;
  return {
    mean,
    sample: () => {
      const u = next();
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

function checkQuantiles(q: unknown): [number, number][] {
  req(Array.isArray(q) && q.length >= 2, 'quantiles', 'empirical quantiles need at least two [p, value] points');
  const rows = q as unknown[];
  rows.forEach((row, i) => {
    req(
      Array.isArray(row) && row.length === 2,
      `quantiles[${i}]`,
      'each quantile point is a [p, value] pair, e.g. [0.5, 0.01]',
    );
    const [p, v] = row as unknown[];
    req(finite(p) && p >= 0 && p <= 1, `quantiles[${i}]`, `quantile probability must be in [0,1], got ${String(p)}`);
    req(nonNegative(v), `quantiles[${i}]`, `quantile value must be >= 0, got ${String(v)}`);
    if (i > 0) {
      const prev = rows[i - 1] as [number, number];
      req((p as number) > prev[0], `quantiles[${i}]`, 'quantile probabilities must increase');
      req((v as number) >= prev[1], `quantiles[${i}]`, 'quantile values must not decrease');
    }
  });
  const t = rows as [number, number][];
  req(t[0][0] === 0 && t[t.length - 1][0] === 1, 'quantiles', 'quantile table must start at p=0 and end at p=1');
  return t;
}

function mixture(p: Params, rng: Parameters<Form['build']>[1], compileDist: Parameters<Form['build']>[2]): Sampler {
  const comps = p.components as { weight: number; dist: never }[];
  req(Array.isArray(comps) && comps.length > 0, 'components', 'mixture needs at least one component');
  comps.forEach((c: unknown, i) => {
    req(
      c !== null && typeof c === 'object' && !Array.isArray(c),
      `components[${i}]`,
      'each component is a mapping {weight, dist}',
    );
    const extra = Object.keys(c as object).find((k) => k !== 'weight' && k !== 'dist');
    if (extra !== undefined)
      throw new DistributionError(
        `components[${i}].${extra}`,
        'unknown field of a mixture component (expected weight, dist)',
      );
    req(positive((c as Params).weight), `components[${i}].weight`, 'mixture weight must be > 0');
    req((c as Params).dist !== undefined, `components[${i}].dist`, 'required field is missing (a distribution)');
  });
  const total = comps.reduce((a, c) => a + c.weight, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const c of comps) cum.push((acc += c.weight / total));
  const samplers = comps.map((c, i) => {
    try {
      // A bare number is a constant, as everywhere else a distribution is accepted.
      const d: unknown = c.dist;
      return compileDist((typeof d === 'number' ? { kind: 'constant', value: d } : d) as never, rng);
    } catch (e) {
      if (e instanceof DistributionError)
        throw new DistributionError(`components[${i}].dist${e.param ? `.${e.param}` : ''}`, e.message);
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

/** Every kind, with the parameter sets it accepts. */
export const DIST_KINDS: Record<string, { forms: readonly Form[] }> = {
  constant: {
    forms: [
      {
        params: ['value'],
        build: (p) => {
          req(nonNegative(p.value), 'value', `constant value must be a finite number >= 0, got ${String(p.value)}`);
          const v = n(p, 'value');
          return { sample: () => v, mean: v };
        },
      },
    ],
  },
  exponential: {
    forms: [
      {
        params: ['mean'],
        build: (p, rng) => {
          req(positive(p.mean), 'mean', `exponential mean must be > 0, got ${String(p.mean)}`);
          const mean = n(p, 'mean');
          return { sample: () => -mean * Math.log(1 - rng.next()), mean };
        },
      },
    ],
  },
  uniform: {
    forms: [
      {
        params: ['min', 'max'],
        build: (p, rng) => {
          req(nonNegative(p.min), 'min', `uniform min must be >= 0, got ${String(p.min)}`);
          req(nonNegative(p.max) && n(p, 'max') >= n(p, 'min'), 'max', `uniform max must be >= min`);
          const lo = n(p, 'min');
          const w = n(p, 'max') - lo;
          return { sample: () => lo + w * rng.next(), mean: lo + w / 2 };
        },
      },
    ],
  },
  normal: {
    forms: [
      {
        params: ['mean', 'sd'],
        optional: ['min'],
        build: (p, rng) => {
          req(finite(p.mean), 'mean', 'normal mean must be finite');
          req(nonNegative(p.sd), 'sd', `normal sd must be >= 0, got ${String(p.sd)}`);
          const floor = p.min === undefined ? 0 : p.min;
          req(nonNegative(floor), 'min', 'normal min must be >= 0 (durations cannot be negative)');
          const z = normalSource(rng);
          const [mean, sd, lo] = [n(p, 'mean'), n(p, 'sd'), floor as number];
          // Draws below `min` are clamped, which biases the mean upwards only when sd is
          // comparable to mean; the reported mean is the unclamped one.
          return { sample: () => Math.max(lo, mean + sd * z()), mean };
        },
      },
    ],
  },
  lognormal: {
    forms: [
      {
        params: ['mu', 'sigma'],
        build: (p, rng) => {
          req(finite(p.mu), 'mu', 'lognormal mu must be finite');
          req(nonNegative(p.sigma), 'sigma', `lognormal sigma must be >= 0, got ${String(p.sigma)}`);
          return lognormal(n(p, 'mu'), n(p, 'sigma'), normalSource(rng));
        },
      },
      {
        params: ['median', 'p99'],
        build: (p, rng) => {
          req(positive(p.median), 'median', 'lognormal median must be > 0');
          req(positive(p.p99) && n(p, 'p99') >= n(p, 'median'), 'p99', 'lognormal p99 must be >= median');
          const mu = Math.log(n(p, 'median'));
          return lognormal(mu, (Math.log(n(p, 'p99')) - mu) / Z99, normalSource(rng));
        },
      },
      {
        params: ['mean', 'p99'],
        build: (p, rng) => {
          req(positive(p.mean), 'mean', 'lognormal mean must be > 0');
          req(positive(p.p99), 'p99', 'lognormal p99 must be > 0');
          // mean = exp(mu + sigma^2/2), p99 = exp(mu + Z99 sigma) => sigma^2/2 - Z99 sigma + ln(p99/mean) = 0
          const k = Math.log(n(p, 'p99') / n(p, 'mean'));
          const disc = Z99 * Z99 - 2 * k;
          req(
            k > 0 && disc >= 0,
            'p99',
            `lognormal with mean ${String(p.mean)} cannot have p99 ${String(p.p99)} (need mean < p99 < mean*exp(${((Z99 * Z99) / 2).toFixed(3)}))`,
          );
          const sigma = Z99 - Math.sqrt(disc);
          return lognormal(Math.log(n(p, 'mean')) - (sigma * sigma) / 2, sigma, normalSource(rng));
        },
      },
    ],
  },
  gamma: {
    forms: [
      {
        params: ['shape', 'scale'],
        build: (p, rng) => {
          req(
            positive(p.shape) && n(p, 'shape') <= 1e12,
            'shape',
            `gamma shape must be in (0, 1e12], got ${String(p.shape)}`,
          );
          req(positive(p.scale), 'scale', `gamma scale must be > 0, got ${String(p.scale)}`);
          return gamma(n(p, 'shape'), n(p, 'scale'), gammaSource(rng, n(p, 'shape')));
        },
      },
      {
        params: ['mean', 'cv'],
        build: (p, rng) => {
          req(positive(p.mean), 'mean', 'gamma mean must be > 0');
          // shape = 1/cv^2: below 1e-6 it passes 1e12 (and 1e-200 overflows to Infinity, a NaN delay).
          req(
            positive(p.cv) && n(p, 'cv') >= 1e-6,
            'cv',
            `gamma cv must be >= 1e-6 (use a constant for no spread), got ${String(p.cv)}`,
          );
          const shape = 1 / (n(p, 'cv') * n(p, 'cv'));
          return gamma(shape, n(p, 'mean') / shape, gammaSource(rng, shape));
        },
      },
    ],
  },
  empirical: {
    forms: [
      {
        params: ['samples'],
        build: (p, rng) => {
          const xs = p.samples as unknown[];
          req(Array.isArray(xs) && xs.length > 0, 'samples', 'empirical samples must be a non-empty array');
          xs.forEach((x, i) => req(nonNegative(x), `samples[${i}]`, `empirical sample must be >= 0, got ${String(x)}`));
          const copy = (xs as number[]).slice();
          const mean = copy.reduce((a, b) => a + b, 0) / copy.length;
          return { sample: () => copy[Math.floor(rng.next() * copy.length)], mean };
        },
      },
      { params: ['quantiles'], build: (p, rng) => quantileTable(checkQuantiles(p.quantiles), () => rng.next()) },
    ],
  },
  mixture: { forms: [{ params: ['components'], build: mixture }] },
};
