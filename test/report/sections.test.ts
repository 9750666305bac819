/** Section logic: labels, parameter and result differences, verdict headlines, study sections. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedAt, labelResults, type ReportInput } from '../../src/report/index.js';
import { differingParameters, parameterDiffTable, resultDiffTable } from '../../src/report/sections/compare.js';
import { headline } from '../../src/report/sections/verdict.js';
import { answerText } from '../../src/report/sections/capacity.js';
import { pointLabel, sweepCurve } from '../../src/report/sections/sweep.js';
import { estCell, metricEstimate, percentileCell } from '../../src/report/format.js';
import { esc } from '../../src/report/html.js';
import { haproxy, HOSTILE, incident, reportInputs, split } from './fixtures.js';

test('differingParameters: only paths that differ; arrays of different length as one row', () => {
  const a = {
    name: 'a',
    description: 'x',
    proxy: { kind: 'eventlet', pool: 100 },
    nets: [{ name: 'n', size: 1000 }],
    same: [1, 2],
  };
  const b = {
    name: 'b',
    description: 'y',
    proxy: { kind: 'haproxy', pool: 100 },
    nets: [{ name: 'n', size: 1000 }],
    same: [1, 2],
  };
  assert.deepEqual(differingParameters([a, b]), [{ path: 'proxy.kind', values: ['eventlet', 'haproxy'] }]);
  const c = {
    ...a,
    nets: [
      { name: 'n0', size: 250 },
      { name: 'n1', size: 250 },
    ],
  };
  assert.deepEqual(differingParameters([a, c]), [
    { path: 'nets', values: ['name: n, size: 1000', 'name: n0, size: 250\nname: n1, size: 250'] },
  ]);
  const d = { ...a, nets: [{ name: 'n', size: 500 }] };
  assert.deepEqual(differingParameters([a, d]), [{ path: 'nets[0].size', values: ['1000', '500'] }]);
  assert.deepEqual(differingParameters([a, { ...a, extra: true }]), [{ path: 'extra', values: ['—', 'true'] }]);
});

test('parameter diff on real resolved scenarios: proxy kind and pool, networks; names escaped', () => {
  const html = parameterDiffTable([
    { label: HOSTILE, result: incident() },
    { label: 'haproxy', result: haproxy() },
    { label: 'split', result: split() },
  ]);
  assert.ok(html.includes('proxy.kind'));
  assert.ok(html.includes('topology.networks'));
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('kernel.'), 'unchanged parameters listed');
});

test('result differences: delta and ratio against the baseline, paired CI when given', () => {
  const base = { label: 'base', result: incident() };
  const other = { label: 'other', result: haproxy() };
  const html = resultDiffTable(base, other, {
    scenario: 'other',
    baseline: 'base',
    metrics: { p99: { mean: -29.9, lo: -31, hi: -28.8, halfWidth: 1.1, n: 5, significant: true } },
  });
  const p99a = metricEstimate(base.result, 'p99').mean;
  const p99b = metricEstimate(other.result, 'p99').mean;
  assert.ok(html.includes(`${(p99b / p99a).toPrecision(2)}×`));
  assert.ok(html.includes('−29.9 s') || html.includes('−30.0 s'));
  assert.ok(html.includes('pp'));
  assert.ok(
    html.includes('−29.9 s<span class="ci">[−31.0 s, −28.8 s] · significant</span>'),
    'paired difference with typographic minus, its interval and significance below it',
  );
  assert.ok(html.includes('paired difference'));
});

test('metricEstimate: failure rate is one minus the ok share, with the interval flipped', () => {
  const r = incident();
  const f = metricEstimate(r, 'failureRate');
  assert.ok(Math.abs(f.mean - (1 - r.outcomeRates.ok.mean)) < 1e-12);
  assert.ok(f.lo <= f.mean && f.mean <= f.hi);
  assert.equal(metricEstimate(r, 'timeoutRate'), r.outcomeRates.clientTimeout);
  assert.ok(Number.isNaN(metricEstimate(r, 'bogus').mean));
});

test('estCell: mean with the half-width below; none when there is no interval', () => {
  assert.deepEqual(estCell({ mean: 1.5, lo: 1.4, hi: 1.6, halfWidth: 0.1, n: 5 }), {
    html: '1.50 s<span class="ci">± 100 ms</span>',
    num: true,
  });
  assert.deepEqual(estCell({ mean: 0.25, lo: NaN, hi: NaN, halfWidth: NaN, n: 1 }, 'rate'), {
    html: '25.00%',
    num: true,
  });
  assert.equal(estCell({ mean: NaN, lo: NaN, hi: NaN, halfWidth: NaN, n: 0 }).html, 'n/a');
});

test('verdict headline: one scenario in words, several counted; names escaped', () => {
  const one = headline([{ label: HOSTILE, result: incident() }]);
  assert.ok(one.includes(`${esc(HOSTILE)} fails its SLO`));
  const many = headline([
    { label: 'a', result: incident() },
    { label: 'b', result: haproxy() },
  ]);
  assert.match(many, /1 of 2 meet the SLO; 1 fails/);
});

test('labels: unique, sweep points labelled by their values, capacity points by value', () => {
  const r = incident('same');
  const { items } = labelResults({ kind: 'compare', results: [r, r, r] });
  assert.deepEqual(
    items.map((i) => i.label),
    ['same', 'same (2)', 'same (3)'],
  );
  const inputs = reportInputs();
  const sweep = labelResults(inputs.sweep);
  assert.equal(sweep.items.length, 8);
  assert.equal(sweep.items[0].label, 'instances=250, poolSize=100');
  assert.ok(sweep.detail.length <= 6);
  assert.equal(sweep.detail[0], sweep.items[0]);
  assert.equal(sweep.detail[sweep.detail.length - 1], sweep.items[7]);
  const cap = labelResults(inputs.capacity);
  const values = cap.items.map((i) => Number(i.label.split('=')[1]));
  assert.deepEqual(
    values,
    [...values].sort((a, b) => a - b),
  );
  // Detail: the answer and the first failing value.
  const c = inputs.capacity.capacity!;
  assert.deepEqual(
    cap.detail.map((i) => i.label),
    [`instances=${c.answer}`, `instances=${c.firstFailing}`],
  );
});

test('sweep: point labels from paths, curves per second parameter, categorical first parameter', () => {
  const sw = reportInputs().sweep.sweep!;
  const { label: _l, ...unlabelled } = sw.points[3];
  assert.equal(
    pointLabel({ ...sw, points: [unlabelled] }, 0),
    'topology.networks[0].instances=500, proxy.eventlet.poolSize=1000',
  );
  const { points, categories } = sweepCurve(sw, 'p99');
  assert.equal(categories, undefined);
  assert.deepEqual([...new Set(points.map((p) => p.series))], ['poolSize=100', 'poolSize=1000']);
  const cat = sweepCurve(
    {
      parameters: [{ path: 'proxy.kind', values: ['eventlet', 'haproxy'] }],
      points: [
        { values: ['eventlet'], result: incident() },
        { values: ['haproxy'], result: haproxy() },
      ],
    },
    'timeoutRate',
  );
  assert.deepEqual(cat.categories, ['eventlet', 'haproxy']);
  assert.deepEqual(
    cat.points.map((p) => p.x),
    ['eventlet', 'haproxy'],
  );
});

test('capacity answer in words, escaped; no answer said plainly', () => {
  const c = reportInputs().capacity.capacity!;
  const yes = answerText({ ...c, vary: HOSTILE });
  assert.ok(yes.includes(`The largest <code>${esc(HOSTILE)}</code> that meets p99 latency ≤ 2.00 s is ${c.answer}`));
  const no = answerText({ ...c, answer: null, range: [100, 1000] });
  assert.ok(no.includes('No value of <code>instances</code> in 100–1000 meets'));
});

test('generatedAt: explicit, else SOURCE_DATE_EPOCH, else now', () => {
  assert.equal(generatedAt({ generatedAt: 'x' }), 'x');
  assert.equal(generatedAt({}, { SOURCE_DATE_EPOCH: '1767225600' }), '2026-01-01T00:00:00.000Z');
  const now = Date.parse(generatedAt({}, {}));
  assert.ok(Math.abs(now - Date.now()) < 60_000);
});

test('inputs that cannot make a report are refused', async () => {
  const { renderReport } = await import('../../src/report/index.js');
  await assert.rejects(renderReport({ kind: 'run', results: [] } as ReportInput), /no results/);
  await assert.rejects(renderReport({ kind: 'sweep', results: [incident()] }), /needs `sweep`/);
});

test('percentileCell: a p99 at the 30 s client timeout with 12% timed out reads "≥ 30.0 s" and the share; p50 stays an estimate', () => {
  const r = incident();
  const timedOut = {
    ...r,
    meta: { ...r.meta, clientTimeout: 30 },
    outcomeRates: { ...r.outcomeRates, clientTimeout: { mean: 0.12, lo: 0.11, hi: 0.13, halfWidth: 0.01, n: 5 } },
  };
  const p99 = { mean: 30, lo: 30, hi: 30, halfWidth: 0, n: 5 };
  assert.equal(percentileCell('p99', p99, timedOut).html, '≥ 30.0 s<span class="ci">12.0% timed out</span>');
  // Under 50% timed out, the median is not on the timeout: the plain estimate.
  const p50 = { mean: 12, lo: 11, hi: 13, halfWidth: 1, n: 5 };
  assert.equal(percentileCell('p50', p50, timedOut).html, estCell(p50).html);
  // Without a client timeout in the scenario, no "≥".
  assert.doesNotMatch(
    percentileCell('p99', p99, { ...timedOut, meta: { ...timedOut.meta, clientTimeout: null } }).html,
    /≥/,
  );
});
