/**
 * Reports: escaping units, and every report kind opened in a real browser (Debian's chromium
 * via playwright-core): no console errors, no network requests, every chart rendered, a
 * hostile scenario name shown as text. Screenshots land in reports/ as artifacts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport, type ReportInput } from '../../src/report/index.js';
import { esc, scriptJson } from '../../src/report/html.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import type { ScenarioResult } from '../../src/stats/results.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const CHROMIUM = '/usr/bin/chromium';

test('esc and scriptJson neutralise markup and script breakouts', () => {
  assert.equal(esc(HOSTILE), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(esc(`"'&`), '&quot;&#39;&amp;');
  const j = scriptJson({ name: '</script><script>alert(1)</script>\u2028' });
  assert.ok(!j.includes('</script') && !j.includes('<') && !j.includes('\u2028'));
  assert.deepEqual(JSON.parse(j), { name: '</script><script>alert(1)</script>\u2028' });
});

async function results(): Promise<ScenarioResult[]> {
  const mk = (name: string, over: Partial<ScenarioInput>) =>
    Scenario.parse({
      name,
      description: `description with <b>markup</b> & "quotes"`,
      duration: 1200,
      warmup: 300,
      replications: 3,
      topology: { networks: [{ name: `<net>`, cidr: '10.0.0.0/24', instances: 200 }] },
      clients: [{ kind: 'chef', interval: 300, splay: 60 }],
      ...over,
    });
  return [
    await runScenario(mk(HOSTILE, {}), { workers: 1 }),
    await runScenario(mk('HAProxy', { proxy: { kind: 'haproxy' } }), { workers: 1 }),
  ];
}

async function inputs(): Promise<Record<string, ReportInput>> {
  const [a, b] = await results();
  const generatedAt = '2026-01-01T00:00:00.000Z';
  return {
    run: {
      kind: 'run',
      results: [a],
      generatedAt,
      sourceFiles: [{ path: `scenarios/${HOSTILE}.yaml`, sha256: 'ab'.repeat(32) }],
    },
    compare: { kind: 'compare', results: [a, b], generatedAt },
    sweep: {
      kind: 'sweep',
      results: [a, b],
      generatedAt,
      sweep: {
        parameters: [{ path: 'proxy.eventlet.poolSize', values: [10, 100] }],
        points: [
          { values: [10], result: a },
          { values: [100], result: b },
        ],
      },
    },
    capacity: {
      kind: 'capacity',
      results: [b],
      generatedAt,
      capacity: {
        vary: 'instances',
        slo: { metric: 'p99', threshold: 2 },
        direction: 'largest',
        answer: 200,
        bracket: [200, 400],
        confidence: 'test',
        points: [
          { value: 100, estimate: b.latency.p99, verdict: 'meets', replications: 3 },
          { value: 200, estimate: b.latency.p99, verdict: 'meets', replications: 3 },
          { value: 400, estimate: a.latency.p99, verdict: 'fails', replications: 3 },
        ],
      },
    },
  };
}

test('reports are self-contained, escaped and byte-identical for the same inputs', async () => {
  const ins = await inputs();
  for (const [kind, input] of Object.entries(ins)) {
    const html = await renderReport(input);
    assert.ok(!html.includes(HOSTILE), `${kind}: raw hostile string present`);
    if (input.results.some((r) => r.meta.name === HOSTILE))
      assert.ok(html.includes(esc(HOSTILE)), `${kind}: escaped name missing`);
    assert.ok(!/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), `${kind}: external resource referenced`);
    assert.ok(html.includes('vegaEmbed') && html.includes('<svg'), `${kind}: charts or fallbacks missing`);
    assert.equal(await renderReport(input), html, `${kind}: not deterministic`);
  }
});

test('every report kind renders in Chromium with no errors, no network and all charts drawn', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} not installed (CI installs Debian's chromium)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const ins = await inputs();
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-report-'));
  mkdirSync('reports', { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    for (const [kind, input] of Object.entries(ins)) {
      const file = join(dir, `${kind}.html`);
      writeFileSync(file, await renderReport(input));
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      let dialogs = 0;
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(`file://${file}`);
      await page.waitForFunction(
        () => {
          const w = window as unknown as Record<string, number>;
          return w.__nmsimChartsRendered + w.__nmsimChartsFailed >= w.__nmsimChartsTotal;
        },
        null,
        { timeout: 60_000 },
      );
      const [rendered, failed, total] = await page.evaluate(() => {
        const w = window as unknown as Record<string, number>;
        return [w.__nmsimChartsRendered, w.__nmsimChartsFailed, w.__nmsimChartsTotal];
      });
      assert.ok(total >= 5, `${kind}: only ${total} charts`);
      assert.equal(failed, 0, `${kind}: ${failed} charts failed`);
      assert.equal(rendered, total);
      // Every live chart container holds an SVG with marks.
      const marks = await page.$$eval('.chart .live', (els) =>
        els.map((e) => e.querySelectorAll('svg path, svg rect, svg line, svg symbol').length),
      );
      assert.ok(
        marks.every((m) => m > 0),
        `${kind}: a chart has no marks (${marks.join(',')})`,
      );
      assert.deepEqual(errors, [], `${kind}: console errors`);
      assert.deepEqual(
        requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')),
        [],
        `${kind}: network requests`,
      );
      assert.equal(dialogs, 0, `${kind}: a script from a scenario name ran`);
      if (kind !== 'capacity') {
        const text = await page.textContent('body');
        assert.ok(text?.includes(HOSTILE), `${kind}: hostile name not shown as text`);
      }
      await page.screenshot({ path: join('reports', `screenshot-${kind}.png`), fullPage: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
