/**
 * `npm run findings`: simulates the incident designs across ohai's GC delay (minutes), rewrites
 * the README's findings tables and digest, and writes the chart (docs/findings-incident.svg)
 * and a report (reports/findings-incident.html). `npm run findings -- --check` only checks the
 * README against the current model (seconds) and exits 1 on a mismatch.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg } from '../report/svg.js';
import { DESIGNS, GC_DELAYS, gcLabel, simulateFindings, type SimCell } from './incident.js';
import { checkReadme, replaceBlock, setDigest, simulatedText } from './readme.js';
import { findingsDigest, littleTable, simTable } from './tables.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs with metadata per design and GC delay: points with their CIs, no lines between delays. */
function chartSpec(cells: SimCell[][]): object {
  const values = DESIGNS.flatMap((d, i) =>
    GC_DELAYS.map((g, j) => {
      const e = cells[i][j].runsOk;
      const lo = Math.max(0, e.mean - (Number.isFinite(e.halfWidth) ? e.halfWidth : 0));
      const hi = Math.min(1, e.mean + (Number.isFinite(e.halfWidth) ? e.halfWidth : 0));
      return { design: d.label, gc: gcLabel(g), mean: e.mean, lo, hi };
    }),
  );
  const x = { field: 'gc', type: 'ordinal', sort: GC_DELAYS.map(gcLabel), title: 'GC delay of a leaked connection' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'chef runs that got their metadata, by design and GC delay (95% CI)',
    width: 560,
    height: 300,
    data: { values },
    encoding: { x, xOffset: { field: 'design' }, color: { field: 'design', type: 'nominal', sort: null } },
    layer: [
      { mark: 'rule', encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      {
        mark: { type: 'point', filled: true },
        encoding: { y: { field: 'mean', type: 'quantitative', axis: { format: '%' }, title: 'runs with metadata' } },
      },
    ],
    background: 'white',
  };
}

async function main(): Promise<void> {
  const readmePath = join(ROOT, 'README.md');
  if (process.argv.includes('--check')) {
    const problems = checkReadme(ROOT);
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  console.error('simulating', DESIGNS.length * GC_DELAYS.length, 'points ...');
  const cells = await simulateFindings(join(ROOT, 'scenarios'));
  const runs = simTable(cells, (c) => c.runsOk);
  const timeouts = simTable(cells, (c) => c.timeouts);
  let text = readFileSync(readmePath, 'utf8');
  text = replaceBlock(text, 'little', littleTable(join(ROOT, 'scenarios')));
  text = replaceBlock(text, 'runs', runs);
  text = replaceBlock(text, 'timeouts', timeouts);
  text = setDigest(text, findingsDigest(ROOT, simulatedText(runs, timeouts)));
  const svg = await renderSvg(chartSpec(cells));
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'findings-incident.svg'), svg);
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(
    join(ROOT, 'reports', 'findings-incident.html'),
    `<!doctype html><meta charset="utf-8"><title>nmsim incident findings</title>\n<h1>Incident findings across ohai's GC delay</h1>\n${svg}\n`,
  );
  writeFileSync(readmePath, text);
  console.error('README.md, docs/findings-incident.svg and reports/findings-incident.html written');
}

await main();
