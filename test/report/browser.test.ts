/**
 * Every report kind opened from disk in a real browser (Debian's chromium via playwright-core):
 * no console errors, no network requests, every chart drawn by vega-embed, tooltips and text
 * show the hostile scenario name as text and no script from it runs; a comparison of four
 * designs keeps every column of its tables in view from 1000 to 1920 px. Screenshots of each
 * kind are saved as artifacts in $NMSIM_SCREENSHOTS (default: <tmp>/nmsim-screenshots), never
 * in the user's reports/.
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
const SHOTS = process.env.NMSIM_SCREENSHOTS ?? join(tmpdir(), 'nmsim-screenshots');
const LAUNCH = {
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
};

test('every report kind renders in Chromium offline, with all charts and nothing executed from data', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (CI installs Debian's chromium); the browser test did not run`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-report-'));
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch(LAUNCH);
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
        await page.goto(url, { timeout: 120_000 });
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
        await page.screenshot({ path: join(SHOTS, `screenshot-${kind}.png`), fullPage: true });

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
    await page.screenshot({ path: join(SHOTS, 'screenshot-run-noscript.png'), fullPage: false });
    await ctx.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a comparison of four designs shows its paired differences and significance whole at 1000-1920 px', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is not installed (CI installs Debian's chromium); the browser test did not run`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-report-'));
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch(LAUNCH);
  try {
    const file = join(dir, 'compare.html');
    writeFileSync(file, await renderReport(reportInputs().compare));
    for (const width of [1000, 1280, 1920]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      const tables = await page.$$eval('#differences .table-wrap', (ws) =>
        ws.map((w) => {
          const cols = [...w.querySelectorAll('thead th')];
          const last = cols[cols.length - 1].getBoundingClientRect();
          return {
            scrolls: w.scrollWidth > w.clientWidth + 1,
            lastColumn: cols[cols.length - 1].textContent,
            lastRight: last.right,
            significance: [...w.querySelectorAll('tbody td:last-child')].map((td) => td.textContent ?? ''),
          };
        }),
      );
      const pairedTables = tables.filter((x) => x.lastColumn === 'paired difference [CI]');
      assert.equal(pairedTables.length, 3, `${width}px: one table per design against the baseline`);
      for (const x of pairedTables) {
        assert.equal(x.scrolls, false, `${width}px: a table scrolls sideways`);
        assert.ok(x.lastRight <= width, `${width}px: the paired column ends at ${x.lastRight}px`);
        assert.ok(
          // n/a: a run percentile that is "never" in some replication has no difference to test.
          x.significance.every((c) => / · (not )?significant$|within the histogram’s resolution$|^n\/a$/.test(c)),
          `${width}px: ${x.significance.join(' | ')}`,
        );
      }
      // Wide screens are used: the page is more than 1040 px wide at 1920.
      const pageWidth = await page.$eval('main, .page', (m) => m.getBoundingClientRect().width);
      if (width === 1920) assert.ok(pageWidth > 1500, `page ${pageWidth}px wide at 1920`);
      await page.screenshot({ path: join(SHOTS, `screenshot-compare-${width}.png`), fullPage: true });
      await page.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
