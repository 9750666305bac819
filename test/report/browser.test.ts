/**
 * Every report kind opened from disk in a real browser (Debian's chromium via playwright-core):
 * no console errors, no network requests, every chart drawn by vega-embed, tooltips and text
 * show the hostile scenario name as text and no script from it runs. Screenshots of each kind
 * are saved in reports/ as artifacts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReport } from '../../src/report/index.js';
import { HOSTILE, reportInputs } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

test('every report kind renders in Chromium offline, with all charts and nothing executed from data', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (CI installs Debian's chromium); the browser test did not run`);
    return;
  }
  const { chromium } = await import('playwright-core');
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
    const inputs = reportInputs();
    await Promise.all(
      Object.entries(inputs).map(async ([kind, input]) => {
        const file = join(dir, `${kind}.html`);
        writeFileSync(file, await renderReport(input));
        const url = pathToFileURL(file).href;
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        let dialogs = 0;
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => requests.push(r.url()));
        page.on('dialog', (d) => {
          dialogs++;
          void d.dismiss();
        });
        await page.goto(url);
        await page.waitForFunction(
          () => {
            const w = window as unknown as Record<string, number>;
            return w.__nmsimChartsTotal >= 0 && w.__nmsimChartsRendered + w.__nmsimChartsFailed >= w.__nmsimChartsTotal;
          },
          null,
          { timeout: 30_000 },
        );
        const counts = await page.evaluate(() => {
          const w = window as unknown as Record<string, number>;
          return { rendered: w.__nmsimChartsRendered, failed: w.__nmsimChartsFailed, total: w.__nmsimChartsTotal };
        });
        assert.equal(counts.failed, 0, `${kind}: ${counts.failed} charts failed: ${errors.join('; ')}`);
        assert.ok(counts.total >= 5, `${kind}: only ${counts.total} charts`);
        assert.equal(counts.rendered, counts.total, `${kind}: not every chart rendered`);

        // Every live container holds an SVG with marks; the static fallbacks are hidden.
        const charts = await page.$$eval('figure.chart', (figs) =>
          figs.map((f) => ({
            marks: f.querySelectorAll('.live svg .role-mark > *, .live svg .mark-text text').length,
            staticShown: getComputedStyle(f.querySelector('.static')!).display !== 'none',
          })),
        );
        assert.equal(charts.length, counts.total);
        charts.forEach((c, i) => {
          assert.ok(c.marks > 0, `${kind}: chart ${i + 1} has no marks`);
          assert.equal(c.staticShown, false, `${kind}: chart ${i + 1} still shows its static fallback`);
        });

        // Hovering a mark shows a tooltip; user strings in it stay text.
        await page.hover('#chart-1 svg .role-mark path, #chart-1 svg .role-mark rect', { force: true }).catch(() => {});
        assert.equal(
          await page.$$eval('#vg-tooltip-element img, body > img', (e) => e.length),
          0,
          `${kind}: markup from data`,
        );

        const text = (await page.textContent('body')) ?? '';
        if (kind === 'run' || kind === 'compare')
          assert.ok(text.includes(HOSTILE), `${kind}: hostile name not shown as text`);
        assert.equal(await page.$$eval('img', (e) => e.length), 0, `${kind}: an <img> element was created`);
        assert.equal(dialogs, 0, `${kind}: a script from a scenario name ran`);
        assert.deepEqual(errors, [], `${kind}: console errors`);
        assert.deepEqual(
          requests.filter((u) => u !== url && !u.startsWith('data:')),
          [],
          `${kind}: network requests`,
        );
        await page.screenshot({ path: join('reports', `screenshot-${kind}.png`), fullPage: true });

        // Printing shows the static SVGs and hides the live charts.
        await page.emulateMedia({ media: 'print' });
        const printed = await page.$$eval('figure.chart', (figs) =>
          figs.every(
            (f) =>
              getComputedStyle(f.querySelector('.static')!).display !== 'none' &&
              getComputedStyle(f.querySelector('.live')!).display === 'none',
          ),
        );
        assert.ok(printed, `${kind}: print media does not swap in the static charts`);
        await page.close();
      }),
    );

    // Without scripts, the static SVG fallbacks show.
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(join(dir, 'run.html')).href);
    const shown = await page.$$eval(
      'figure.chart .static svg',
      (svgs) => svgs.filter((s) => s.getBoundingClientRect().height > 50).length,
    );
    const total = await page.$$eval('figure.chart', (f) => f.length);
    assert.equal(shown, total, 'static fallbacks hidden without scripts');
    await page.screenshot({ path: join('reports', 'screenshot-run-noscript.png'), fullPage: false });
    await ctx.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
