/**
 * The findings as README text: Markdown tables between markers, and the digest that ties the
 * simulated tables to the inputs they came from.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Estimate } from '../stats/results.js';
import { DESIGNS, GC_DELAYS, gcLabel, littleEstimate, SIM, type SimCell } from './incident.js';

const header = (first: string[]): string =>
  `| ${[...first, ...GC_DELAYS.map(gcLabel)].join(' | ')} |\n|${[...first, ...GC_DELAYS].map(() => '---').join('|')}|\n`;

const littleCache = new Map<string, string>();

/** Little's-law table: mean connections held per proxy, and what the proxy can hold (memoised). */
export function littleTable(scenarioDir: string): string {
  const cached = littleCache.get(scenarioDir);
  if (cached !== undefined) return cached;
  let out = header(['design', 'per proxy']);
  for (const d of DESIGNS) {
    const cells = GC_DELAYS.map((g) => littleEstimate(d, g, scenarioDir));
    out += `| ${d.label} | ${cells[0].capacity} | ${cells.map((c) => String(Math.round(c.held))).join(' | ')} |\n`;
  }
  littleCache.set(scenarioDir, out);
  return out;
}

/**
 * "72% ± 4": whole percentage points, the half-width rounded up so the interval is never shown
 * narrower than it is, "± 0" when every replication agreed. An interval that would pass 0% or
 * 100% is shown as its possible range instead ("97-100%").
 */
export function pctCell(e: Estimate): string {
  const m = Math.round(100 * e.mean);
  if (!Number.isFinite(e.halfWidth)) return `${m}%`;
  const hw = e.halfWidth <= 1e-9 ? 0 : Math.max(1, Math.ceil(100 * e.halfWidth - 1e-9));
  if (m - hw < 0 || m + hw > 100) return `${Math.max(0, m - hw)}-${Math.min(100, m + hw)}%`;
  return `${m}% ± ${hw}`;
}

export function simTable(cells: SimCell[][], pick: (c: SimCell) => Estimate): string {
  let out = header(['design']);
  DESIGNS.forEach((d, i) => (out += `| ${d.label} | ${cells[i].map((c) => pctCell(pick(c))).join(' | ')} |\n`));
  return out;
}

/** sha256 over every .ts file under `dirs` (sorted paths): the model the numbers came from. */
export function sourceDigest(root: string, dirs: string[]): string {
  const h = createHash('sha256');
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (p.endsWith('.ts')) h.update(relative(root, p)).update(readFileSync(p));
  };
  for (const d of dirs) walk(join(root, d));
  return h.digest('hex');
}

/** What the simulated tables depend on: the model's sources, the designs and the sweep settings. */
export const MODEL_SOURCES = [
  'src/model',
  'src/engine',
  'src/scenario/schema.ts',
  'src/scenario/schema',
  'src/findings',
  'scenarios',
];

export function findingsDigest(root: string, simulatedText: string): string {
  const scenarios = readdirSync(join(root, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(root, 'scenarios', f), 'utf8'))
    .join('\n');
  const inputs = JSON.stringify({ designs: DESIGNS.map((d) => [d.label, d.file]), gc: GC_DELAYS, sim: SIM });
  return createHash('sha256')
    .update(
      sourceDigest(
        root,
        MODEL_SOURCES.filter((d) => d !== 'scenarios'),
      ),
    )
    .update(scenarios)
    .update(inputs)
    .update(simulatedText)
    .digest('hex')
    .slice(0, 16);
}
