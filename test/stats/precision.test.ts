/**
 * The precision rules every output shares: residue removed, differences inside the
 * histogram's resolution shown as none, intervals cut to what is possible. The same cases
 * through the terminal, CSV and HTML formatters, so no output keeps a rule the others lost.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCsv } from '../../src/cli/csv.js';
import { fmtDiff, fmtRate, fmtSeconds, fmtSecondsPair } from '../../src/cli/format.js';
import { estimate } from '../../src/stats/aggregate.js';
import { HISTOGRAM_RELATIVE_ERROR } from '../../src/stats/histogram.js';
import { clean, clip, fixed, isClipped, latencyRange, resolution, shownDifference } from '../../src/stats/precision.js';
import { estCell, pct, sec } from '../../src/report/format.js';
import type { Estimate } from '../../src/stats/results.js';
import { haproxy, incident } from '../report/fixtures.js';
import { STUDY_METRICS, type CompareResult } from '../../src/cli/types.js';

const est = (mean: number, halfWidth: number, lo = mean - halfWidth, hi = mean + halfWidth): Estimate => ({
  mean,
  halfWidth,
  lo,
  hi,
  n: 3,
});

test('residue: 30.00000000000091 is 30, a cancellation below 1e-9 of its operands is 0, never -0', () => {
  assert.equal(clean(30.00000000000091), 30);
  assert.equal(clean(0.1 + 0.2), 0.3);
  assert.equal(clean(-9.09e-8, 30), -9.09e-8, '9e-8 is 3e-9 of 30: above a billionth, kept');
  assert.equal(clean(-9.09e-9, 30), 0);
  assert.equal(clean(2e-10), 0, 'below a nanosecond (or a billionth of the requests)');
  assert.ok(Object.is(clean(-1e-20, 1), 0));
  assert.equal(fixed(-0.0004, 2), '0.00');
  assert.equal(fixed(-0.006, 2), '-0.01');
});

test('a quantile difference is resolved only beyond 0.995% of the values compared', () => {
  assert.equal(HISTOGRAM_RELATIVE_ERROR.toFixed(5), '0.00995');
  assert.equal(resolution('p99', 30).toFixed(4), '0.2985');
  assert.equal(resolution('mean', 30), 0, 'the mean is an exact sum, not read off the histogram');
  // -9.09e-8 s [-3.43e-7, 1.62e-7] between two p99.9 of 30 s: nothing the histogram can tell.
  assert.deepEqual(shownDifference('p99.9', est(-9.09e-8, 2.5e-7, -3.43e-7, 1.62e-7), 30), { kind: 'none' });
  // 33.6 ms ± 72.2 ms at 30 s: inside 0.2985 s too.
  assert.deepEqual(shownDifference('p99.9', est(0.0336, 0.0722), 30), { kind: 'none' });
  // A mean inside the resolution with a wide interval: the mean shows as 0, not significant.
  assert.deepEqual(shownDifference('p99', est(0.1, 2), 30), {
    kind: 'difference',
    mean: 0,
    lo: -1.9,
    hi: 2.1,
    significant: false,
  });
  // An interval [0.31, 0.35] s at 30 s excludes 0 by more than the resolution: significant.
  const d = shownDifference('p99', { ...est(0.33, 0.02), significant: true }, 30);
  assert.equal(d.kind === 'difference' && d.significant, true);
  // The same interval on the exact mean latency is significant at any size.
  assert.equal(shownDifference('mean', { ...est(1e-4, 5e-5), significant: true }, 30).kind, 'difference');
});

test('intervals are cut to what is possible: latency from 0 to a cap every replication hit, shares 0-100%', () => {
  assert.deepEqual(latencyRange([30, 30, 30]), { lo: 0, hi: 30 });
  assert.deepEqual(latencyRange([30, 41.2, 30]), { lo: 0, hi: Infinity }, 'different maxima: no cap');
  assert.deepEqual(latencyRange([30]), { lo: 0, hi: Infinity }, 'one replication proves no cap');
  // p50 of 0.1, 0.1 and 14 s: t interval [-17.2, 26.1] s, cut at 0.
  const e = estimate([0.1, 0.1, 14], 0.95, latencyRange([30, 41, 35]));
  assert.equal(e.lo, 0);
  assert.equal(e.hi.toFixed(2), '24.67', 'mean 4.733 + t(2) 4.303 x sd 8.025 / sqrt 3');
  assert.equal(isClipped(e), true);
  assert.equal(isClipped(clip(est(5, 1), { lo: 0, hi: 30 })), false);
  // Three p99 of 29, 30, 30 s with every request capped at 30 s: no bound above 30 s.
  const capped = estimate([29, 30, 30], 0.95, latencyRange([30, 30, 30]));
  assert.equal(capped.hi, 30);
  assert.equal(capped.lo.toFixed(3), '28.232');
});

test('the terminal shows no residue, no impossible bound and no sub-resolution difference', () => {
  assert.equal(fmtSecondsPair(-1e-19, 0), '0 s ± 0');
  assert.equal(fmtSeconds(est(30.00000000000091, 2.9e-12)), '30.0 s ± 0');
  assert.equal(fmtSeconds(est(0.0105, 0.0106)), '10.5 ± 10.6 ms');
  assert.equal(fmtSeconds(clip(est(14.8, 30.4), { lo: 0, hi: 30 })), '14.8 s [0 s, 30.0 s]');
  assert.equal(fmtRate(clip(est(0.0243, 0.0417), { lo: 0, hi: 1 })), '2.43% [0.00%, 6.60%]');
  assert.equal(fmtRate(est(0, 0)), '0.00% ± 0');
  assert.equal(fmtDiff('p99.9', { ...est(0.0336, 0.0722), significant: false }, 30), '0');
  assert.equal(fmtDiff('p99', { ...est(-29.8, 0.04), significant: true }, 30), '-29.8 ± 0.0 s *');
  assert.equal(fmtDiff('p90', { ...est(-0.1, 30.4), significant: false }, 30), '0 ± 30.4 s');
});

test('the HTML shows cut intervals as [low, high] and no -0.000 µs', () => {
  assert.equal(sec(clip(est(14.8, 30.4), { lo: 0, hi: 30 })), '14.8 s [0 s, 30.0 s]');
  assert.equal(sec(est(-1e-19, 0)), '0 s ± 0');
  assert.equal(pct(clip(est(0.0243, 0.0417), { lo: 0, hi: 1 })), '2.43% [0.00%, 6.60%]');
  assert.equal(
    estCell(clip(est(14.8, 30.4), { lo: 0, hi: 30 }), 'time').html,
    '14.8 s<span class="ci">[0 s, 30.0 s]</span>',
  );
});

test('the compare CSV writes a sub-resolution difference as 0,0,0 and no residue', () => {
  const a = incident();
  const b = haproxy();
  b.latency['p99.9'] = est(a.latency['p99.9'].mean + 1e-7, 0);
  b.latency.mean = est(30.00000000000091, 0);
  const metrics = Object.fromEntries(
    STUDY_METRICS.map((m) => [m, { ...est(-1, 0.1), significant: true }]),
  ) as CompareResult['differences'][number]['metrics'];
  metrics['p99.9'] = { ...est(-9.09e-8, 2.5e-7, -3.43e-7, 1.62e-7), significant: false };
  const c: CompareResult = {
    kind: 'compare',
    seed: 1,
    scenarios: [a, b].map((r) => ({ name: r.meta.name, file: 'x', hash: r.meta.hash })),
    results: [a, b],
    differences: [{ scenario: b.meta.name, baseline: a.meta.name, replications: 3, metrics }],
  };
  const csv = compareCsv(c);
  const row = (m: string) => csv.split('\n').find((l) => l.startsWith(`${b.meta.name},${m},`));
  assert.match(row('p99.9') ?? '', /,0,0,0$/);
  assert.match(row('mean') ?? '', /^[^,]+,mean,30,30,30,/);
  const residue = csv.split('\n').filter((l) => /(0{8,}|9{8,})\d|\de-\d/.test(l));
  assert.deepEqual(residue, []);
});
