/**
 * Whole reports: self-contained (libraries inlined, no external references), every user string
 * escaped, charts embedded as parseable JSON with static SVG fallbacks, byte-identical for the
 * same inputs (SOURCE_DATE_EPOCH), and of a reasonable size.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport, type ReportInput } from '../../src/report/index.js';
import { toVega } from '../../src/report/svg.js';
import { haproxy, HOSTILE, incident, reportInputs } from './fixtures.js';

const inputs = reportInputs();
const html: Record<string, string> = {};

before(async () => {
  for (const [kind, input] of Object.entries(inputs)) html[kind] = await renderReport(input);
});

/** Values of src and href attributes in the page's tags (attribute values are skipped whole). */
function links(h: string): string[] {
  const out: string[] = [];
  for (const [tag] of h.matchAll(/<[a-zA-Z][^>]*>/g))
    for (const m of tag.matchAll(/\s([a-zA-Z:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
      if (/^(src|href|xlink:href)$/i.test(m[1])) out.push(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** The page without its inlined library scripts. */
const outsideLibraries = (h: string) => h.replace(/<script>\/\* vega[\s\S]*?<\/script>/g, '');

for (const kind of ['run', 'compare', 'sweep', 'capacity'] as const) {
  test(`${kind} report: self-contained, escaped, charts embedded with static fallbacks`, () => {
    const h = html[kind];
    // Libraries inlined; nothing loaded from elsewhere.
    for (const lib of ['vega ', 'vega-lite ', 'vega-embed '])
      assert.ok(h.includes(`<script>/* ${lib}`), `${lib} not inlined`);
    const page = outsideLibraries(h);
    // No raw markup from scenario names, descriptions, network names or file paths.
    assert.ok(!page.includes('<img'), 'raw <img> from user data');
    assert.ok(!page.includes('alert(2)</script>'), 'description closed a script element');
    assert.deepEqual(
      links(page).filter((l) => !l.startsWith('#')),
      [],
      'a src/href to something outside the page',
    );
    assert.ok(!/url\((?!#)/i.test(page.replace(/url\(#/g, '')), 'a CSS url()');
    assert.equal((h.match(/<script\b/g) ?? []).length, 5, 'chart data + 3 libraries + boot script');
    assert.equal((h.match(/<\/script>/g) ?? []).length, 5);
    // Chart specs parse and compile; each has a static SVG and a live container.
    const json = /<script id="nmsim-charts" type="application\/json">([\s\S]*?)<\/script>/.exec(h);
    assert.ok(json);
    const slots = JSON.parse(json[1]) as { id: string; spec: object }[];
    assert.ok(slots.length >= 5, `${slots.length} charts`);
    for (const s of slots) {
      toVega(s.spec);
      assert.ok(h.includes(`<div class="live" id="${s.id}"></div>`));
    }
    assert.equal((h.match(/<div class="static"><svg/g) ?? []).length, slots.length);
    // Sections, contents, footer.
    for (const id of ['latency', 'outcomes', 'stages', 'occupancy', 'utilisation', 'networks'])
      assert.ok(h.includes(`<section id="${id}"`) && h.includes(`href="#${id}"`), `section ${id}`);
    assert.ok(h.includes('Reproducibility') && h.includes('2026-01-01T00:00:00.000Z') && h.includes('nmsim 0.1.0'));
    assert.ok(h.length < 3_000_000, `${h.length} bytes`);
  });
}

test('kind-specific sections', () => {
  assert.ok(html.run.includes('<section id="verdict"'));
  assert.ok(html.run.includes('FAILS SLO'));
  assert.ok(html.run.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.run.includes('ab'.repeat(32)), 'source file hash');
  assert.ok(html.compare.includes('<section id="differences"') && html.compare.includes('proxy.kind'));
  assert.ok(html.sweep.includes('<section id="sweep"') && html.sweep.includes('is met at 6 of 8 points'));
  assert.ok(html.capacity.includes('<section id="capacity"') && html.capacity.includes('← answer'));
  assert.ok(!html.capacity.includes('<section id="verdict"'));
});

test('byte-identical output for the same inputs, dated by SOURCE_DATE_EPOCH', async () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1767225600';
  try {
    const input: ReportInput = { ...inputs.run, generatedAt: undefined };
    const a = await renderReport(input);
    const b = await renderReport(input);
    assert.equal(a, b);
    assert.equal(a, html.run);
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
});

test('compare with paired differences from the CLI adds their column', async () => {
  const a = incident('base');
  const b = haproxy('haproxy');
  const h = await renderReport({
    kind: 'compare',
    results: [a, b],
    generatedAt: '2026-01-01T00:00:00.000Z',
    differences: [
      {
        scenario: 'haproxy',
        baseline: 'base',
        replications: 5,
        metrics: { p99: { mean: -29.8, lo: -30.9, hi: -28.7, halfWidth: 1.1, n: 5, significant: true } },
      },
    ],
  });
  assert.ok(h.includes('paired difference [CI]') && h.includes(' · significant</span>'));
});

test('a sweep over a categorical parameter and a capacity study without an answer render', async () => {
  const sweep = await renderReport({
    kind: 'sweep',
    results: [],
    generatedAt: '2026-01-01T00:00:00.000Z',
    sweep: {
      parameters: [{ path: 'proxy.kind', values: ['eventlet', 'haproxy'] }],
      points: [
        { values: ['eventlet'], result: incident() },
        { values: ['haproxy'], result: haproxy() },
      ],
    },
  });
  assert.ok(sweep.includes('proxy.kind=eventlet'));
  const cap = inputs.capacity.capacity!;
  const none = await renderReport({
    ...inputs.capacity,
    capacity: { ...cap, answer: null, firstFailing: cap.points[0].value, points: cap.points.slice(0, 2) },
    results: inputs.capacity.results.slice(0, 2),
  });
  assert.ok(none.includes('No value of <code>instances</code>'));
  void HOSTILE;
});
