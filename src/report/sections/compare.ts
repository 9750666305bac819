/**
 * For compare reports: which resolved parameters differ between the scenarios, and how their
 * results differ from the first (the baseline).
 */
import type { Estimate } from '../../stats/results.js';
import { clean, fixed, resolution, shownDifference } from '../../stats/precision.js';
import { STUDY_METRICS } from '../../stats/study-metrics.js';
import { finite, isRate, metricCell, metricEstimate, metricLabel } from '../format.js';
import { formatDuration } from '../../scenario/units.js';
import { esc, htmlTable, type Cell } from '../html.js';
import type { Labelled, PairedDifference } from '../types.js';
import type { Ctx, Section } from './context.js';

/** Flattens a resolved scenario to dotted paths -> display values (arrays of scalars stay whole). */
export function flatten(v: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) out.set(prefix, JSON.stringify(v));
    else v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, '{}');
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (v !== undefined) out.set(prefix, typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

/** Arrays of objects, by path (e.g. topology.networks), found anywhere in the value. */
function objectArrays(v: unknown, prefix = '', out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  if (Array.isArray(v)) {
    if (v.some((x) => x !== null && typeof x === 'object')) out.set(prefix, v);
    v.forEach((x, i) => objectArrays(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      objectArrays(x, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** One line per element: "name: net-0, cidr: 10.0.0.0/24, instances: 250". */
function summarise(xs: unknown[]): string {
  return xs
    .map((x) =>
      x !== null && typeof x === 'object' && !Array.isArray(x)
        ? Object.entries(x as Record<string, unknown>)
            .map(([k, y]) => `${k}: ${typeof y === 'string' ? y : JSON.stringify(y)}`)
            .join(', ')
        : JSON.stringify(x),
    )
    .join('\n');
}

const IGNORED = new Set(['name', 'description', 'extends']);
const ABSENT = '—';

/**
 * Paths whose values differ between the scenarios, sorted, with each scenario's value. An
 * array of objects whose length differs (say 1 network against 4) is one row listing its
 * elements, rather than a row per field of every element.
 */
export function differingParameters(scenarios: unknown[]): { path: string; values: string[] }[] {
  const flat = scenarios.map((s) => flatten(s));
  const arrays = scenarios.map((s) => objectArrays(s));
  const arrayPaths = [...new Set(arrays.flatMap((a) => [...a.keys()]))];
  const whole = arrayPaths
    .filter((p) => new Set(arrays.map((a) => a.get(p)?.length ?? -1)).size > 1)
    // Only the outermost of nested arrays.
    .filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(`${q}[`)));
  const inWhole = (path: string) => whole.some((w) => path.startsWith(`${w}[`));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))]
    .filter((p) => !IGNORED.has(p) && !inWhole(p))
    .concat(whole)
    .sort();
  return paths
    .map((path) => ({
      path,
      values: whole.includes(path)
        ? arrays.map((a) => (a.has(path) ? summarise(a.get(path)!) : ABSENT))
        : flat.map((f) => f.get(path) ?? ABSENT),
    }))
    .filter((d) => new Set(d.values).size > 1);
}

export function parameterDiffTable(items: Labelled[]): string {
  const diff = differingParameters(items.map((i) => i.result.scenario));
  if (diff.length === 0) return '<p>The resolved scenarios have the same parameters; only their names differ.</p>';
  return htmlTable(
    ['parameter', ...items.map((i) => i.label)],
    diff.map((d) => [
      { html: `<code>${esc(d.path)}</code>` },
      ...d.values.map((v) => ({ html: `<span class="wrap">${esc(v)}</span>` })),
    ]),
    `Resolved parameters that differ (${diff.length}); every other parameter is the same`,
  );
}

/** Run-level answers first (did the runs get their metadata), then request latency and outcomes. */
export const COMPARED = STUDY_METRICS;

/** The size of a difference in its unit: percentage points for rates, a duration otherwise. */
function amount(metric: string, x: number): string {
  return isRate(metric) ? `${fixed(100 * x, 2)} pp` : formatDuration(clean(x));
}

/** b − a; "no difference" inside the histogram's resolution (or floating-point residue). */
function delta(metric: string, a: number, b: number): string {
  if (!finite(a) || !finite(b)) return 'n/a';
  const size = Math.max(Math.abs(a), Math.abs(b));
  const d = clean(b - a, size);
  if (Math.abs(d) <= resolution(metric, size)) return NO_DIFFERENCE;
  return `${d > 0 ? '+' : '−'}${amount(metric, Math.abs(d))}`;
}

const NO_DIFFERENCE = 'no difference';

function ratio(a: number, b: number): string {
  if (!finite(a) || !finite(b) || a === 0) return 'n/a';
  const r = clean(b / a);
  if (r === 0) return '0×';
  return `${r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

/**
 * The paired difference, with its interval and significance on a second, quieter line (so
 * the column stays narrow); "no difference" when all of it is inside the resolution.
 */
function paired(metric: string, e: (Estimate & { significant?: boolean }) | undefined, size: number): Cell {
  if (!e || !finite(e.mean)) return 'n/a';
  const d = shownDifference(metric, e, size);
  if (d.kind === 'none') return { html: `${NO_DIFFERENCE}<span class="ci">within the histogram’s resolution</span>` };
  // A typographic minus, as in the difference column beside it.
  const f = (x: number) => `${x < 0 ? '−' : ''}${amount(metric, Math.abs(x))}`;
  const ci = finite(d.lo) && finite(d.hi) ? `[${f(d.lo)}, ${f(d.hi)}]` : '';
  const sig = e.significant === undefined ? '' : d.significant ? 'significant' : 'not significant';
  const second = [ci, sig].filter(Boolean).join(' · ');
  return { html: `${d.mean > 0 ? '+' : ''}${esc(f(d.mean))}${second ? `<span class="ci">${esc(second)}</span>` : ''}` };
}

/** One scenario against the baseline: each metric's values, difference and ratio. */
export function resultDiffTable(base: Labelled, other: Labelled, pd?: PairedDifference): string {
  const rows: Cell[][] = COMPARED.map((m) => {
    const a = metricEstimate(base.result, m);
    const b = metricEstimate(other.result, m);
    return [
      metricLabel(m),
      metricCell(m, a),
      metricCell(m, b),
      delta(m, a.mean, b.mean),
      ratio(a.mean, b.mean),
      ...(pd ? [paired(m, pd.metrics[m], Math.max(Math.abs(a.mean), Math.abs(b.mean)))] : []),
    ];
  });
  return htmlTable(
    ['metric', 'baseline', 'this scenario', 'difference', 'ratio', ...(pd ? ['paired difference [CI]'] : [])],
    rows,
    `${other.label} against the baseline ${base.label}`,
  );
}

export function compareSection(ctx: Ctx, differences?: PairedDifference[]): Section {
  const items = ctx.items;
  const sameSeed = new Set(items.map((i) => String(i.result.meta.seed))).size === 1;
  const html =
    `<h3>Parameters</h3>${parameterDiffTable(items)}` +
    `<h3>Results against the baseline</h3><p class="note">The baseline is the first scenario. Values are means over replications ± CI half-width; difference = scenario − baseline (pp: percentage points); ratio = scenario / baseline.</p>` +
    `<div class="pairs">${items
      .slice(1)
      .map((o) =>
        resultDiffTable(
          items[0],
          o,
          differences?.find((d) => d.scenario === o.result.meta.name),
        ),
      )
      .join('\n')}</div>` +
    (sameSeed
      ? `<p class="note">All scenarios ran with seed ${esc(String(items[0].result.meta.seed))}, so they share their random streams (common random numbers): differences between them are mostly the designs’, not noise.${differences ? ' Paired differences are computed replication by replication; “significant” means the interval excludes 0.' : ''}</p>`
      : '');
  return { id: 'differences', title: 'What differs', html };
}
