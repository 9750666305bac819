/**
 * renderReport: one self-contained HTML file per run, compare, sweep or capacity study.
 * Interactive charts (vega-embed, with vega and vega-lite inlined) over static SVG fallbacks
 * rendered in Node, a table beside every chart, the verdict up front and a reproducibility
 * footer. Asynchronous because vega renders SVG asynchronously.
 */
import { runLengthWarnings } from '../scenario/run-length.js';
import { Scenario } from '../scenario/schema.js';
import type { ScenarioResult } from '../stats/results.js';
import { inlineLibraries } from './bundle.js';
import { spread } from './charts/index.js';
import { Figures } from './figures.js';
import { esc, page, section } from './html.js';
import { capacitySection } from './sections/capacity.js';
import { compareSection } from './sections/compare.js';
import type { Ctx, ReportKind, Section } from './sections/context.js';
import { footer } from './sections/footer.js';
import { latencySection } from './sections/latency.js';
import { networksSection } from './sections/networks.js';
import { occupancySection } from './sections/occupancy.js';
import { outcomesSection } from './sections/outcomes.js';
import { runsSection } from './sections/runs.js';
import { stagesSection } from './sections/stages.js';
import { robustSection } from './sections/robust.js';
import { pointLabel, sweepSection } from './sections/sweep.js';
import { utilisationSection } from './sections/utilisation.js';
import { verdictSection } from './sections/verdict.js';
import type { RobustResult } from '../runner/robust-analysis.js';
import type { CapacityResult, Labelled, PairedDifference, SweepResult } from './types.js';

export type { CapacityResult, PairedDifference, SweepResult } from './types.js';
export type { ReportKind } from './sections/context.js';

export interface ReportInput {
  kind: ReportKind;
  results: ScenarioResult[];
  sweep?: SweepResult;
  capacity?: CapacityResult;
  /** robust: the study (it has no per-request results of its own). */
  robust?: RobustResult;
  /** compare: paired differences against the first scenario (optional; adds a CI column). */
  differences?: PairedDifference[];
  sourceFiles?: { path: string; sha256: string }[];
  /** ISO date for the footer; default SOURCE_DATE_EPOCH if set (reproducible builds), else now. */
  generatedAt?: string;
}

/** Sweeps with more points than this chart a spread of them. */
const MAX_CHARTED = 6;

export function generatedAt(input: Pick<ReportInput, 'generatedAt'>, env = process.env): string {
  if (input.generatedAt) return input.generatedAt;
  const epoch = env.SOURCE_DATE_EPOCH;
  return (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()).toISOString();
}

/** Unique labels: the scenario name, with " (2)", " (3)" for repeats. */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const k = (seen.get(l) ?? 0) + 1;
    seen.set(l, k);
    return k === 1 ? l : `${l} (${k})`;
  });
}

/** The results in report order with their labels, and the subset charted in detail. */
export function labelResults(input: ReportInput): { items: Labelled[]; detail: Labelled[] } {
  let items: Labelled[];
  if (input.kind === 'sweep' && input.sweep) {
    const sw = input.sweep;
    items = sw.points.map((p, i) => ({ label: pointLabel(sw, i), result: p.result }));
  } else if (input.kind === 'capacity' && input.capacity) {
    const c = input.capacity;
    const byPoint = c.points.map((p, i) => ({
      p,
      result:
        p.result !== undefined
          ? input.results[p.result]
          : c.points.length === input.results.length
            ? input.results[i]
            : undefined,
    }));
    items = byPoint
      .filter((x): x is typeof x & { result: ScenarioResult } => x.result !== undefined)
      .sort((a, b) => a.p.value - b.p.value)
      .map(({ p, result }) => ({ label: `${c.vary}=${p.value}`, result }));
    if (items.length === 0) items = input.results.map((r) => ({ label: r.meta.name, result: r }));
    const key = [c.answer, c.firstFailing].filter((v) => v !== null && v !== undefined).map((v) => `${c.vary}=${v}`);
    const around = items.filter((i) => key.includes(i.label));
    const labels = uniqueLabels(items.map((i) => i.label));
    items = items.map((i, k) => ({ ...i, label: labels[k] }));
    return {
      items,
      detail:
        around.length > 0 ? items.filter((i) => around.some((a) => a.result === i.result)) : spread(items, MAX_CHARTED),
    };
  } else {
    items = input.results.map((r) => ({ label: r.meta.name, result: r }));
  }
  const labels = uniqueLabels(items.map((i) => i.label));
  items = items.map((i, k) => ({ ...i, label: labels[k] }));
  return { items, detail: input.kind === 'sweep' ? spread(items, MAX_CHARTED) : items };
}

const TITLES: Record<ReportKind, string> = {
  run: 'Simulation report',
  compare: 'Design comparison',
  sweep: 'Parameter sweep',
  capacity: 'Capacity study',
  robust: 'Robustness study',
};

/**
 * The scenario a sweep or capacity point came from: the CLI names points "base [path=value]",
 * and the title and descriptions are about the base, once.
 */
function studyName(kind: ReportKind, name: string): string {
  return kind === 'sweep' || kind === 'capacity' ? name.replace(/ \[[^\]]*\]$/, '') : name;
}

function titleOf(input: ReportInput, items: Labelled[]): string {
  const base = studyName(input.kind, input.results[0]?.meta.name ?? items[0]?.result.meta.name ?? '');
  if (input.kind === 'run' || (input.kind === 'compare' && items.length === 1)) return `${TITLES[input.kind]}: ${base}`;
  if (input.kind === 'compare') return `${TITLES.compare}: ${items.length} scenarios`;
  if (input.kind === 'sweep' && input.sweep)
    return `${TITLES.sweep}: ${base} over ${input.sweep.parameters.map((p) => p.path).join(' × ')}`;
  if (input.kind === 'capacity' && input.capacity) return `${TITLES.capacity}: ${base}, varying ${input.capacity.vary}`;
  return `${TITLES[input.kind]}: ${base}`;
}

function headerHtml(input: ReportInput, items: Labelled[], title: string, date: string): string {
  const seen = new Set<string>();
  const descs = items
    .map((i) => ({ name: studyName(input.kind, i.result.meta.name), description: i.result.meta.description }))
    .filter((m) => m.description && !seen.has(m.name + m.description) && seen.add(m.name + m.description))
    .slice(0, 8)
    .map((m) => `<p class="desc"><strong>${esc(m.name)}</strong> — ${esc(m.description)}</p>`)
    .join('');
  const level = Math.round((items[0]?.result.meta.confidenceLevel ?? 0.95) * 100);
  const warnings = [...new Set(items.flatMap((i) => lengthWarnings(i.result.scenario)))]
    .slice(0, 8)
    .map((w) => `<p class="warning"><strong>Too short?</strong> ${esc(w)}</p>`)
    .join('');
  return `<div class="kind">nmsim · ${esc(input.kind)} report · ${esc(date.slice(0, 10))}</div>
<h1>${esc(title)}</h1>
<p class="sub">A discrete-event simulation of the OpenStack Neutron metadata path (instance → proxy → metadata agent → Nova). Latencies are as clients see them; “±” is the half-width of the ${level}% confidence interval over independent replications.</p>
${descs}${warnings}`;
}

/** runLengthWarnings of a result's resolved scenario; none when it is not one (an old file). */
function lengthWarnings(resolved: unknown): string[] {
  const parsed = Scenario.safeParse(resolved);
  return parsed.success ? runLengthWarnings(parsed.data) : [];
}

export async function renderReport(input: ReportInput): Promise<string> {
  if (input.kind === 'robust') return renderRobust(input);
  if (input.results.length === 0 && !input.sweep?.points.length) throw new Error('renderReport: no results');
  if (input.kind === 'sweep' && !input.sweep) throw new Error('renderReport: a sweep report needs `sweep`');
  if (input.kind === 'capacity' && !input.capacity) throw new Error('renderReport: a capacity report needs `capacity`');
  const { items, detail } = labelResults(input);
  const ctx: Ctx = { kind: input.kind, figs: new Figures(), items, detail };

  const sections: Section[] = [];
  if (input.kind === 'capacity' && input.capacity) sections.push(await capacitySection(ctx, input.capacity));
  // Sweeps and capacity studies lead with their own verdicts (the SLO at each point).
  if (input.kind === 'run' || input.kind === 'compare') sections.push(verdictSection(ctx));
  if (input.kind === 'compare' && items.length > 1) sections.push(compareSection(ctx, input.differences));
  if (input.kind === 'sweep' && input.sweep) sections.push(await sweepSection(ctx, input.sweep));
  sections.push(await runsSection(ctx));
  sections.push(await latencySection(ctx));
  sections.push(await outcomesSection(ctx));
  sections.push(await stagesSection(ctx));
  sections.push(await occupancySection(ctx));
  sections.push(await utilisationSection(ctx));
  sections.push(networksSection(ctx));

  const date = generatedAt(input);
  const title = titleOf(input, items);
  return page({
    title,
    header: headerHtml(input, items, title, date),
    toc: [...sections.map((s): [string, string] => [s.id, s.title]), ['reproducibility', 'Reproducibility']],
    body: sections.map((s) => section(s.id, s.title, s.html)).join('\n'),
    footer: footer(items, input.sourceFiles ?? [], date),
    charts: ctx.figs.slots,
    libraries: inlineLibraries(),
  });
}

/** A robustness study's report: its one section (the worlds have no per-request detail to show). */
async function renderRobust(input: ReportInput): Promise<string> {
  const r = input.robust;
  if (!r) throw new Error('renderReport: a robust report needs `robust`');
  const figs = new Figures();
  const s = await robustSection(figs, r);
  const date = generatedAt(input);
  const title = `${TITLES.robust}: ${r.designs.map((d) => d.label).join(' vs ')}`;
  return page({
    title,
    header: `<div class="kind">nmsim · robust report · ${esc(date.slice(0, 10))}</div>
<h1>${esc(title)}</h1>
<p class="sub">Each design simulated in the same plausible worlds: the [unconfirmed] parameters drawn over their plausible ranges. A share of worlds is not a probability unless the ranges are; it says how far the verdict depends on what has not been measured.</p>`,
    toc: [[s.id, s.title]],
    body: section(s.id, s.title, s.html),
    footer: `<h2 id="reproducibility-h">Reproducibility</h2><p>Generated <time datetime="${esc(date)}">${esc(date)}</time>; seed ${esc(String(r.seed))}, ${r.samples} worlds, ${r.replications} replication(s) per world. The JSON file beside this report has every world's values and outcomes.</p>`,
    charts: figs.slots,
    libraries: inlineLibraries(),
  });
}
