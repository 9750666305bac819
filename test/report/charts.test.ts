/**
 * Spec builders: every chart compiles without vega-lite warnings, has a title and axis titles
 * with units, renders to SVG in Node with user strings escaped, and keeps user strings out of
 * expressions and field names. Plus the data helpers behind them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cdfChart,
  cdfPoints,
  curveChart,
  downsampleMax,
  segmented,
  histogramChart,
  histogramValues,
  logScaleFits,
  occupancyChart,
  occupancyData,
  outcomesChart,
  spread,
  stack,
  stagesChart,
  utilisationChart,
  type Spec,
} from '../../src/report/charts/index.js';
import { prefixIds, renderSvg, toVega } from '../../src/report/svg.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import type { Labelled } from '../../src/report/types.js';
import { haproxy, HOSTILE, incident, makeResult, split } from './fixtures.js';

const hostile = makeResult({
  name: HOSTILE,
  networks: [{ name: HOSTILE, cidr: '10.0.0.0/24', instances: 200 }],
  timeoutShare: 0.05,
  load: 1.2,
  samples: 4000,
});
const items: Labelled[] = [
  { label: HOSTILE, result: hostile },
  { label: 'HAProxy', result: haproxy() },
  { label: 'split', result: split() },
];

const curve = curveChart(
  [
    { x: 100, series: HOSTILE, mean: 1, lo: 0.9, hi: 1.1, verdict: 'meets' },
    { x: 200, series: HOSTILE, mean: 3, lo: 2.5, hi: 3.5, verdict: 'fails' },
    { x: 100, series: 'b', mean: 0.5, lo: 0.4, hi: 0.6, verdict: 'meets' },
    { x: 200, series: 'b', mean: 1, lo: 0.9, hi: 1.1, verdict: 'meets' },
  ],
  {
    title: 'p99 latency against instances',
    description: 'd',
    xTitle: 'instances',
    yTitle: 'p99 latency (s)',
    seriesTitle: 'poolSize',
    threshold: { value: 2, label: 'SLO ≤ 2 s' },
    answer: { value: 150, label: 'answer: 150', bracket: [150, 200] },
    verdictShapes: true,
  },
);

const SPECS: [string, Spec][] = [
  ['cdf', cdfChart(items, [{ t: 2, label: 'SLO' }])],
  ['histogram', histogramChart(items)],
  ['outcomes', outcomesChart(items)],
  ['stages', stagesChart(items)],
  ['stage shares', stagesChart(items, true)],
  ['occupancy', occupancyChart(items[2].result)],
  ['occupancy at its limits', occupancyChart(incident())],
  ['utilisation (one)', utilisationChart(items.slice(0, 1))],
  ['utilisation (several)', utilisationChart(items)],
  ['curve', curve],
];

/** Every string in the spec with the key path to it. */
function strings(v: unknown, path: string[] = [], out: [string[], string][] = []): [string[], string][] {
  if (typeof v === 'string') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, [...path, String(i)], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, [...path, k], out);
  return out;
}

for (const [name, spec] of SPECS) {
  test(`${name} chart: compiles cleanly, titled, axes with units, user strings only as data`, async () => {
    const warnings: string[] = [];
    const vg = toVega(spec, warnings);
    assert.deepEqual(warnings, []);
    assert.ok(vg);
    assert.equal(typeof spec.title, 'string');
    assert.ok((spec.title as string).length > 10);
    assert.equal(typeof spec.description, 'string');
    // Axis titles carry units: "(s", "(%", "(min", ... or are counts ("connections").
    const axisTitles = strings(spec).filter(
      ([p]) => p.length >= 2 && ['x', 'y'].includes(p[p.length - 2]) && p[p.length - 1] === 'title',
    );
    assert.ok(axisTitles.length > 0, 'no axis titles');
    for (const [, t] of axisTitles) assert.match(t, /\(|connections|instances/, `axis title without unit: ${t}`);
    // The hostile string only appears as data: data values, scale domains, sort orders, or
    // title text (which Vega renders as text).
    const allowed = new Set(['values', 'domain', 'sort', 'title']);
    for (const [p, s] of strings(spec))
      if (s.includes(HOSTILE))
        assert.ok(
          p.some((k) => allowed.has(k)),
          `user string at ${p.join('.')}`,
        );
    const runtime: string[] = [];
    const svg = await renderSvg(spec, 'p', runtime);
    assert.deepEqual(runtime, [], 'vega warnings while rendering');
    assert.ok(svg.startsWith('<svg'));
    assert.ok(!svg.includes('<img'), 'raw user markup in the static SVG');
  });
}

test('static SVGs get their ids renumbered: unique in a page, the same from run to run', async () => {
  const svg =
    '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"></g><use href="#clip7"/><g id="x"/></svg>';
  assert.equal(
    prefixIds(svg, 's3'),
    '<svg><clipPath id="s3-1"><rect/></clipPath><g clip-path="url(#s3-1)"></g><use href="#s3-1"/><g id="s3-2"/></svg>',
  );
  assert.equal(await renderSvg(SPECS[0][1], 'a'), await renderSvg(SPECS[0][1], 'a'));
});

test('cdfPoints: increasing, ends at 1, flat across empty ranges', () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 500; i++) h.record(0.05 + i * 1e-5);
  for (let i = 0; i < 500; i++) h.record(30);
  const pts = cdfPoints(h);
  for (let i = 1; i < pts.length; i++) {
    assert.ok(pts[i].t > pts[i - 1].t);
    assert.ok(pts[i].F >= pts[i - 1].F);
  }
  assert.equal(pts[0].F, 0);
  assert.equal(pts[pts.length - 1].F, 1);
  // Just below 30 s the CDF is still one half: no slope drawn across the gap.
  const jump = pts.findIndex((p) => p.F > 0.5);
  assert.equal(pts[jump - 1].F, 0.5);
  assert.ok(pts[jump - 1].t > 29 && pts[jump - 1].t <= 30);
  assert.deepEqual(cdfPoints(new LatencyHistogram()), []);
  assert.ok(cdfPoints(LatencyHistogram.fromJSON(incident().histogram)).length < 800);
});

test('histogramValues: shares per series add up to 1 on common bins', () => {
  const v = histogramValues(items);
  for (const { label } of items) {
    const own = v.filter((x) => x.series === label);
    assert.ok(Math.abs(own.reduce((a, x) => a + x.share, 0) - 1) < 1e-9);
    for (const x of own) assert.ok(x.hi > x.lo);
  }
});

test('stack: contiguous segments, normalised totals, labels only where they fit', () => {
  const rows = [
    { series: 'a', segment: 'ok', value: 0.9 },
    { series: 'a', segment: 'timeout', value: 0.1 },
    { series: 'a', segment: '5xx', value: 0.0005 },
    { series: 'b', segment: 'ok', value: 1 },
  ];
  const s = stack(rows, ['ok', 'timeout', '5xx'], (v) => `${(100 * v).toFixed(1)}%`, true);
  const a = s.filter((x) => x.series === 'a');
  assert.equal(a[0].x0, 0);
  for (let i = 1; i < a.length; i++) assert.equal(a[i].x0, a[i - 1].x1);
  assert.ok(Math.abs(a[a.length - 1].x1 - 1) < 1e-12);
  assert.equal(a[0].text, 'ok 90.0%');
  assert.equal(a[2].text, '');
  assert.equal(s.filter((x) => x.series === 'b').length, 1);
});

test('downsampleMax keeps peaks; spread keeps both ends', () => {
  const xs = Array.from({ length: 1000 }, (_, i) => (i === 537 ? 99 : i % 7));
  const d = downsampleMax(xs, 100);
  assert.equal(d.length, 100);
  assert.ok(d.some((p) => p.value === 99));
  assert.equal(downsampleMax([1, 2, 3], 10).length, 3);
  assert.deepEqual(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [1, 4, 7, 10]);
  assert.deepEqual(spread([1, 2], 4), [1, 2]);
});

test('logScaleFits only for positive values spanning 1.5 decades', () => {
  assert.equal(logScaleFits([10, 100, 1000]), true);
  assert.equal(logScaleFits([250, 500, 1000, 2000]), false);
  assert.equal(logScaleFits([0, 100, 1000]), false);
  assert.equal(logScaleFits([10, 1000]), false);
});

test('occupancy: the busiest proxies, limits only when approached', () => {
  const many = makeResult({
    name: 'x',
    networks: Array.from({ length: 12 }, (_, i) => ({ name: `n${i}`, cidr: `10.0.${i}.0/24`, instances: 100 })),
    load: 0.2,
    samples: 2000,
  });
  const d = occupancyData(many, 8);
  assert.equal(d.proxies.length, 8);
  assert.ok(d.lines.length <= 8 * 2 * 400);
  const busy = occupancyData(incident(), 8);
  assert.ok(busy.limits.some((l) => l.label.startsWith('pool size')));
  assert.equal(busy.unit.name, 'h');
});

test('curve chart: threshold and answer rules, direct end labels, categorical x in order', () => {
  const layers = curve.layer as Spec[];
  const marks = layers.map((l) => (typeof l.mark === 'string' ? l.mark : (l.mark as { type: string }).type));
  assert.ok(marks.includes('rule'));
  assert.ok(marks.filter((m) => m === 'text').length >= 3);
  assert.ok(marks.includes('rect'));
  const cat = curveChart(
    [
      { x: 'haproxy', series: 's', mean: 1, lo: 1, hi: 1 },
      { x: 'eventlet', series: 's', mean: 2, lo: 2, hi: 2 },
    ],
    {
      title: 'a title that is long',
      description: 'd',
      xTitle: 'proxy.kind',
      yTitle: 'p99 (s)',
      categories: ['eventlet', 'haproxy'],
    },
  );
  const x = ((cat.layer as Spec[])[0].encoding as Record<string, Record<string, unknown>>).x;
  assert.equal(x.type, 'ordinal');
  assert.deepEqual(x.sort, ['eventlet', 'haproxy']);
  const warnings: string[] = [];
  toVega(cat, warnings);
  assert.deepEqual(warnings, []);
});

test('curve chart: a confidence band reaching below zero is cut at zero', () => {
  const spec = curveChart(
    [
      { x: 1000, series: 's', mean: 0.004, lo: -0.001, hi: 0.009 },
      { x: 1200, series: 's', mean: 0.0, lo: 0, hi: 0 },
    ],
    { title: 't', description: 'd', xTitle: 'poolSize', yTitle: 'client-timeout rate (%)', percent: true },
  );
  const json = JSON.stringify(spec);
  assert.ok(json.includes('"lo":0'), 'the band starts at 0');
  assert.ok(!json.includes('-0.001'), 'no negative band edge left in the data');
});

test('sweep curve: bars at the points, and no line joins two points on opposite sides of the SLO', () => {
  const pts = [
    { x: 500, series: 'pool=100', mean: 0.8, lo: 0.7, hi: 0.9 },
    { x: 250, series: 'pool=100', mean: 0.4, lo: 0.3, hi: 0.5 },
    { x: 1000, series: 'pool=100', mean: 30, lo: 30, hi: 30 },
    { x: 2000, series: 'pool=100', mean: 30, lo: 30, hi: 30 },
    { x: 250, series: 'pool=1000', mean: 0.2, lo: 0.2, hi: 0.2 },
    { x: 2000, series: 'pool=1000', mean: 0.4, lo: 0.3, hi: 0.5 },
  ];
  // 250 and 500 (below 2 s) form one segment, 1000 and 2000 (above) another: nothing joins 500 to 1000.
  const seg = segmented(pts, 2, (p) => p.x);
  assert.deepEqual(
    seg.map((p) => [p.series, p.x, p.segment.split('\u0000')[1]]),
    [
      ['pool=100', 250, '0'],
      ['pool=100', 500, '0'],
      ['pool=100', 1000, '1'],
      ['pool=100', 2000, '1'],
      ['pool=1000', 250, '0'],
      ['pool=1000', 2000, '0'],
    ],
  );
  const spec = curveChart(pts, {
    title: 't',
    description: 'd',
    xTitle: 'instances',
    yTitle: 'p99 (s)',
    intervals: 'bars',
    breakLinesAt: 2,
    threshold: { value: 2, label: 'SLO' },
  });
  const marks = (spec.layer as Spec[]).map((l) => (l.mark as { type: string }).type);
  assert.ok(!marks.includes('area'), 'no band drawn between simulated values');
  assert.ok(marks.includes('rule'));
  const line = (spec.layer as Spec[]).find((l) => (l.mark as { type: string }).type === 'line')!;
  assert.deepEqual((line.encoding as Record<string, unknown>).detail, { field: 'segment', type: 'nominal' });
});

/** Tick labels of the rendered x axis, in order. */
async function xTicks(domain: [number, number], xs: number[]): Promise<{ svg: string; scale: string }> {
  const spec = curveChart(
    xs.map((x) => ({ x, series: 'p99', mean: 1, lo: 0.9, hi: 1.1, verdict: 'meets' })),
    { title: 't', description: 'd', xTitle: 'instances', yTitle: 'p99 (s)', verdictShapes: true, xDomain: domain },
  ) as { layer: { encoding?: { x?: { scale?: { type?: string } } } }[] };
  const scale = spec.layer.find((l) => l.encoding?.x?.scale)?.encoding?.x?.scale?.type ?? '';
  return { svg: await renderSvg(spec, 'x'), scale };
}

test('capacity axis: [1000, 3000] is linear with ticks written in full (1,400, 3,000); [1, 20000] is log with 10,000', async () => {
  const lin = await xTicks([1000, 3000], [1000, 2000, 3000]);
  assert.equal(lin.scale, 'linear');
  assert.match(lin.svg, />1,400</);
  assert.match(lin.svg, />3,000</);
  assert.doesNotMatch(lin.svg, />[0-9.]+k</, 'no SI-suffixed ticks');
  const log = await xTicks([1, 20000], [141, 1679, 5794]);
  assert.equal(log.scale, 'log');
  assert.match(log.svg, />10,000</);
  assert.doesNotMatch(log.svg, /e\+/);
});
