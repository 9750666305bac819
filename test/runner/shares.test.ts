import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ranks, spearman, wilsonShare } from '../../src/stats/shares.js';
import { distMedian, scaleDist } from '../../src/engine/dist-scale.js';

const Z2 = 1.959963984540054 ** 2;

test('Wilson interval: 0 of 10 is [0, z²/(10+z²)], 10 of 10 is [10/(10+z²), 1], 5 of 10 is 0.5 ± 0.2634', () => {
  const none = wilsonShare(0, 10);
  assert.equal(none.lo, 0);
  assert.ok(Math.abs(none.hi - Z2 / (10 + Z2)) < 1e-12);
  const all = wilsonShare(10, 10);
  assert.equal(all.hi, 1);
  assert.ok(Math.abs(all.lo - 10 / (10 + Z2)) < 1e-12);
  const half = wilsonShare(5, 10);
  assert.ok(Math.abs(half.lo - 0.2366) < 1e-4 && Math.abs(half.hi - 0.7634) < 1e-4, `${half.lo} ${half.hi}`);
  for (let k = 0; k <= 7; k++) {
    const s = wilsonShare(k, 7);
    assert.ok(s.lo >= 0 && s.hi <= 1 && s.lo <= s.share && s.share <= s.hi);
  }
});

test('Spearman: 1 for any increasing relation, -1 decreasing, NaN for a constant, ties share ranks', () => {
  assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.ok(Number.isNaN(spearman([1, 2, 3], [5, 5, 5])));
  assert.deepEqual(ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
});

test('a distribution stretched by f has its median times f and keeps its shape', () => {
  assert.deepEqual(scaleDist({ kind: 'lognormal', median: 45, p99: 300 }, 2), {
    kind: 'lognormal',
    median: 90,
    p99: 600,
  });
  assert.deepEqual(scaleDist({ kind: 'uniform', min: 2, max: 8 }, 0.5), { kind: 'uniform', min: 1, max: 4 });
  assert.equal(distMedian({ kind: 'uniform', min: 2, max: 8 }), 5);
  assert.equal(distMedian({ kind: 'exponential', mean: 1 }), Math.LN2);
  assert.equal(
    distMedian({
      kind: 'empirical',
      quantiles: [
        [0, 0],
        [0.25, 1],
        [0.75, 3],
        [1, 9],
      ],
    }),
    2,
  );
  assert.equal(distMedian({ kind: 'lognormal', mu: 0, sigma: 1 }), 1);
  // gamma has no closed-form median: a seeded sample gets within 1% (shape 2, scale 1: 1.6783).
  assert.ok(Math.abs(distMedian({ kind: 'gamma', shape: 2, scale: 1 }) / 1.678347 - 1) < 0.01);
  const m = distMedian(scaleDist({ kind: 'gamma', shape: 2, scale: 1 }, 3));
  assert.ok(Math.abs(m / (3 * 1.678347) - 1) < 0.01);
});
