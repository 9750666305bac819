import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, DistributionError, type DistSpec } from '../../src/engine/distributions.js';
import alea from 'seedrandom/lib/alea.js';
import { StreamFactory } from '../../src/engine/random.js';
import { LatencyHistogram, HISTOGRAM_RELATIVE_ERROR } from '../../src/stats/histogram.js';
import { meanCI } from '../../src/stats/confidence.js';

test('streams: same (seed, name) same sequence; adding a stream does not shift another', () => {
  const a = new StreamFactory(42);
  const xs = Array.from({ length: 5 }, () => a.stream('clients').next());
  const b = new StreamFactory(42);
  b.stream('new-source').next();
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.stream('clients').next()),
    xs,
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => new StreamFactory(43).stream('clients').next()),
    xs,
  );
});

test("streams: each draw is seedrandom's Alea for that seed and name, to the last bit", () => {
  // The stream steps Alea itself (random.ts); a seed must keep giving the numbers it gave.
  for (const [seed, name] of [
    [42, 'clients'],
    ['x/rep3', 'chef-client/i917/run'],
  ] as const) {
    const ours = new StreamFactory(seed).replication(0).stream(name);
    const theirs = alea(`${seed}/rep0\u0000${name}`);
    for (let i = 0; i < 100_000; i++) {
      const a = ours.next();
      const b = theirs();
      if (a !== b) assert.fail(`${seed} ${name}: draw ${i}: ${a} vs seedrandom's ${b}`);
    }
  }
});

test('streams: differently named streams are uncorrelated (99% CI of the correlation contains 0)', () => {
  const f = new StreamFactory(1);
  const n = 20_000;
  const x = Array.from({ length: n }, () => f.stream('x').next() - 0.5);
  const y = Array.from({ length: n }, () => f.stream('y').next() - 0.5);
  const r =
    x.reduce((a, v, i) => a + v * y[i], 0) /
    Math.sqrt(x.reduce((a, v) => a + v * v, 0) * y.reduce((a, v) => a + v * v, 0));
  assert.ok(Math.abs(r) < 2.576 / Math.sqrt(n), `correlation ${r}`);
});

const specs: [string, DistSpec][] = [
  ['exponential', { kind: 'exponential', mean: 2 }],
  ['uniform', { kind: 'uniform', min: 1, max: 3 }],
  ['normal', { kind: 'normal', mean: 5, sd: 1 }],
  ['lognormal mu/sigma', { kind: 'lognormal', mu: 0, sigma: 0.5 }],
  ['lognormal mean/p99', { kind: 'lognormal', mean: 0.01, p99: 0.05 }],
  ['gamma shape<1', { kind: 'gamma', shape: 0.5, scale: 2 }],
  ['gamma mean/cv', { kind: 'gamma', mean: 3, cv: 0.4 }],
  [
    'empirical quantiles',
    {
      kind: 'empirical',
      quantiles: [
        [0, 1],
        [0.5, 2],
        [1, 4],
      ],
    },
  ],
  [
    'mixture',
    {
      kind: 'mixture',
      components: [
        { weight: 3, dist: { kind: 'constant', value: 1 } },
        { weight: 1, dist: { kind: 'exponential', mean: 5 } },
      ],
    },
  ],
];

for (const [name, spec] of specs) {
  test(`${name}: the sample mean's 99% CI contains the analytic mean`, () => {
    const s = compile(spec, new StreamFactory(9).stream(name));
    const batches = Array.from({ length: 30 }, () => {
      let sum = 0;
      for (let i = 0; i < 5000; i++) sum += s.sample();
      return sum / 5000;
    });
    const c = meanCI(batches, 0.99);
    assert.ok(Math.abs(c.mean - s.mean) <= c.halfWidth, `${c.mean} ± ${c.halfWidth} vs ${s.mean}`);
  });
}

test('lognormal from (mean, p99) and (median, p99) reproduces them', () => {
  const a = compile({ kind: 'lognormal', median: 0.002, p99: 0.008 }, new StreamFactory(1).stream('a'));
  const h = new LatencyHistogram();
  for (let i = 0; i < 200_000; i++) h.record(a.sample());
  assert.ok(Math.abs(h.quantile(0.5) / 0.002 - 1) < 0.02);
  assert.ok(Math.abs(h.quantile(0.99) / 0.008 - 1) < 0.04);
  const b = compile({ kind: 'lognormal', mean: 0.01, p99: 0.05 }, new StreamFactory(1).stream('b'));
  assert.ok(Math.abs(b.mean / 0.01 - 1) < 1e-12);
});

test('invalid parameters throw DistributionError naming the parameter', () => {
  const bad: [DistSpec, string][] = [
    [{ kind: 'exponential', mean: -1 }, 'mean'],
    [{ kind: 'uniform', min: 3, max: 1 }, 'max'],
    [{ kind: 'normal', mean: 1, sd: -1 }, 'sd'],
    [{ kind: 'lognormal', mean: 1, p99: 0.5 }, 'p99'],
    [{ kind: 'gamma', shape: 0, scale: 1 }, 'shape'],
    [{ kind: 'empirical', samples: [] }, 'samples'],
    [
      {
        kind: 'empirical',
        quantiles: [
          [0, 2],
          [1, 1],
        ],
      },
      'quantiles[1]',
    ],
    [
      { kind: 'mixture', components: [{ weight: 1, dist: { kind: 'exponential', mean: 0 } }] },
      'components[0].dist.mean',
    ],
    [{ kind: 'weibull' } as unknown as DistSpec, 'kind'],
  ];
  for (const [spec, param] of bad) {
    assert.throws(
      () => compile(spec, new StreamFactory(1).stream('x')),
      (e: unknown) => e instanceof DistributionError && e.param === param,
      JSON.stringify(spec),
    );
  }
});

test('histogram: every quantile within 1% of the exact one over six decades; merge and JSON round trip', () => {
  const rng = compile({ kind: 'lognormal', mu: Math.log(0.01), sigma: 2 }, new StreamFactory(2).stream('h'));
  const xs = Array.from({ length: 100_000 }, () => rng.sample());
  const h = new LatencyHistogram();
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  xs.forEach((x, i) => {
    h.record(x);
    (i % 2 ? a : b).record(x);
  });
  const sorted = xs.slice().sort((p, q) => p - q);
  for (const q of [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999]) {
    const exact = sorted[Math.ceil(q * sorted.length) - 1];
    const got = h.quantile(q);
    assert.ok(Math.abs(got / exact - 1) <= HISTOGRAM_RELATIVE_ERROR + 1e-12, `q${q}: ${got} vs ${exact}`);
  }
  assert.ok(HISTOGRAM_RELATIVE_ERROR <= 0.01);
  const m = a.merge(b).toJSON();
  const whole = h.toJSON();
  assert.deepEqual({ ...m, sum: 0 }, { ...whole, sum: 0 });
  assert.ok(Math.abs(m.sum - whole.sum) <= 1e-9 * whole.sum, 'sums differ beyond rounding');
  assert.deepEqual(LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(h.toJSON()))).toJSON(), h.toJSON());
  const above = xs.filter((x) => x > 0.1).length / xs.length;
  assert.ok(Math.abs(h.fractionAbove(0.1) - above) < 0.002);
});

test('histogram: bucketOf once then recordAt gives what record gives; buckets of 0, 1e-6, 1 s and 1e9 s', () => {
  const xs = [0, 5e-7, 1e-6, 0.0123, 1, 29.999, 30, 1e9];
  const direct = new LatencyHistogram();
  const byIndex = new LatencyHistogram();
  for (const x of xs) {
    direct.record(x);
    byIndex.recordAt(x, LatencyHistogram.bucketOf(x));
  }
  assert.deepEqual(byIndex.toJSON(), direct.toJSON());
  // 1 s is 10^6 MIN_VALUE: floor(ln(1e6) / ln(1.02)) = floor(697.67) = 697; 1e9 s is past the
  // last bucket (1e7 s), so it lands in the last one.
  assert.deepEqual(
    [0, 5e-7, 1e-6, 1, 1e9].map((x) => LatencyHistogram.bucketOf(x)),
    [-1, -1, 0, 697, Math.ceil(Math.log(1e13) / Math.log(1.02))],
  );
  assert.throws(() => LatencyHistogram.bucketOf(-1), RangeError);
});
