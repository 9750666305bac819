/**
 * renderReport: one self-contained HTML file per run, compare, sweep or capacity study.
 * Interactive charts (vega-embed, libraries inlined) with static SVG fallbacks, tables beside
 * every chart, a verdict up front and a reproducibility footer.
 */
import type { CapacityResult, SweepResult } from './types.js';
import { formatDuration } from '../scenario/units.js';
import type { ScenarioResult } from '../stats/results.js';
import { inlineLibraries } from './bundle.js';
import {
  cdfChart,
  curveChart,
  histogramChart,
  occupancyChart,
  outcomesChart,
  stagesChart,
  utilisationChart,
} from './charts.js';
import { CSS, esc, htmlTable, scriptJson } from './html.js';
import * as S from './sections.js';

export type { CapacityResult, SweepResult } from './types.js';

export interface ReportInput {
  kind: 'run' | 'compare' | 'sweep' | 'capacity';
  results: ScenarioResult[];
  sweep?: SweepResult;
  capacity?: CapacityResult;
  sourceFiles?: { path: string; sha256: string }[];
  /** ISO date for the footer; default SOURCE_DATE_EPOCH if set (reproducible builds), else now. */
  generatedAt?: string;
}

function generatedAt(input: ReportInput): string {
  if (input.generatedAt) return input.generatedAt;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()).toISOString();
}

const TITLES = {
  run: 'Simulation report',
  compare: 'Design comparison',
  sweep: 'Parameter sweep',
  capacity: 'Capacity study',
};

export async function renderReport(input: ReportInput): Promise<string> {
  const results = input.results;
  if (results.length === 0) throw new Error('renderReport: no results');
  const figs = new S.Figures();
  const parts: string[] = [];
  const toc: [string, string][] = [];
  const section = (id: string, title: string, body: string) => {
    toc.push([id, title]);
    parts.push(`<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`);
  };

  parts.push(S.verdicts(results));
  toc.push(['verdict', 'Verdict']);

  if (input.kind === 'sweep' && input.sweep) parts.push(await sweepSection(input.sweep, figs, toc));
  if (input.kind === 'capacity' && input.capacity) parts.push(await capacitySection(input.capacity, figs, toc));
  if (input.kind === 'compare') {
    section('differences', 'What differs', S.parameterDiff(results) + S.resultDiff(results));
  }

  section(
    'latency',
    'Latency',
    S.percentiles(results) +
      (await figs.figure(
        cdfChart(results),
        "Cumulative distribution of request latency as clients see it, on a log time axis. Steps at 30 s are ohai's read timeout; steps at 1, 3, 7, 15, 31 s are SYN retransmissions.",
      )) +
      (await figs.figure(histogramChart(results), 'Where request latencies fall, per scenario.')),
  );
  section(
    'outcomes',
    'Outcomes',
    S.outcomesTable(results) +
      (await figs.figure(
        outcomesChart(results),
        'ok, client timeout, connect failure, HTTP 5xx, as shares of all requests.',
      )) +
      S.runsTable(results),
  );
  section(
    'stages',
    'Where the time goes',
    S.stagesTable(results) +
      (await figs.figure(
        stagesChart(results),
        'Mean seconds per request in each stage of the metadata path; stages add up to the mean latency.',
      )),
  );
  const occ: string[] = [];
  for (const r of results.slice(0, input.kind === 'run' || input.kind === 'compare' ? results.length : 1)) {
    const n = r.components.filter((c) => c.kind.startsWith('proxy')).length;
    occ.push(
      await figs.figure(
        occupancyChart(r),
        `First replication, sampled every ${formatDuration(r.components[0]?.series.dt ?? 0)}.${n > 8 ? ` The first 8 of ${n} proxies are shown.` : ''}`,
      ),
    );
  }
  section('occupancy', 'Pool occupancy and listen queues over time', occ.join(''));
  section(
    'utilisation',
    'Utilisation per component',
    (await figs.figure(
      utilisationChart(results),
      'Mean pool occupancy and CPU utilisation of every proxy, agent, Nova and neutron-server.',
    )) + results.map(S.componentsTable).join(''),
  );
  section('networks', 'Per network', results.map(S.networksTable).join(''));

  const footerRows: string[][] = [
    ['nmsim version', results[0].meta.nmsimVersion],
    ['generated', generatedAt(input)],
    ...results.map((r) => [
      `scenario: ${r.meta.name}`,
      `seed ${String(r.meta.seed)}, ${r.meta.replications} replication(s) (${r.meta.stopReason}), warm-up ${formatDuration(r.meta.warmup)}, measured ${formatDuration(r.meta.duration)}, resolved-scenario sha256 ${r.meta.hash}`,
    ]),
    ...(input.sourceFiles ?? []).map((f) => [`file: ${f.path}`, `sha256 ${f.sha256}`]),
  ];
  const title = `${TITLES[input.kind]}: ${results.length === 1 ? results[0].meta.name : `${results.length} scenarios`}`;
  const desc = results
    .filter((r) => r.meta.description)
    .map((r) => `<p><strong>${esc(r.meta.name)}</strong> — ${esc(r.meta.description)}</p>`)
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><a class="skip" href="#content">Skip to content</a><main id="content">
<header><h1>${esc(title)}</h1><p class="sub">nmsim — discrete-event simulation of the OpenStack Neutron metadata path. Latencies are as clients see them; ± is the ${Math.round(results[0].meta.confidenceLevel * 100)}% confidence half-width over replications.</p>${desc}</header>
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc.map(([id, t]) => `<li><a href="#${id}">${esc(t)}</a></li>`).join('')}</ol></nav>
${parts.join('\n')}
<footer><h2>Reproducibility</h2>${htmlTable(['item', 'value'], footerRows)}</footer>
</main>
<script id="nmsim-charts" type="application/json">${scriptJson(figs.slots)}</script>
${inlineLibraries()}
<script>
document.documentElement.classList.add('js');
window.__nmsimChartsRendered = 0; window.__nmsimChartsFailed = 0;
window.__nmsimChartsTotal = ${figs.slots.length};
(function(){
  var slots = JSON.parse(document.getElementById('nmsim-charts').textContent);
  slots.forEach(function(s){
    vegaEmbed('#' + s.id, s.spec, { actions: false, renderer: 'svg', tooltip: true })
      .then(function(){ window.__nmsimChartsRendered++; })
      .catch(function(e){ window.__nmsimChartsFailed++; document.documentElement.classList.remove('js'); console.error(e); });
  });
})();
</script></body></html>
`;
}

async function sweepSection(sw: SweepResult, figs: S.Figures, toc: [string, string][]): Promise<string> {
  const [p1, p2] = sw.parameters;
  const numeric = p1.values.every((v) => typeof v === 'number');
  const series = (vals: unknown[]) => (p2 ? `${p2.path}=${String(vals[1])}` : 'all');
  const xOf = (vals: unknown[], i: number) => (numeric ? Number(vals[0]) : i);
  const pts = sw.points.map((p, i) => ({
    p,
    x: xOf(p.values, p2 ? Math.floor(i / p2.values.length) : i),
    s: series(p.values),
  }));
  const curve = (metric: 'p50' | 'p99') =>
    pts.map(({ p, x, s }) => ({
      x,
      series: s,
      mean: p.result.latency[metric].mean,
      lo: p.result.latency[metric].lo,
      hi: p.result.latency[metric].hi,
    }));
  const to = pts.map(({ p, x, s }) => ({
    x,
    series: s,
    mean: p.result.outcomeRates.clientTimeout.mean,
    lo: p.result.outcomeRates.clientTimeout.lo,
    hi: p.result.outcomeRates.clientTimeout.hi,
  }));
  const xTitle = numeric ? p1.path : `${p1.path} (index: ${p1.values.map(String).join(', ')})`;
  toc.push(['sweep', 'Sweep']);
  const table = htmlTable(
    [...sw.parameters.map((p) => p.path), 'p50', 'p99', 'max', 'timeouts', 'SLO'],
    sw.points.map((p) => [
      ...p.values.map(String),
      fmt(p.result.latency.p50),
      fmt(p.result.latency.p99),
      fmt(p.result.latency.max),
      `${(100 * p.result.outcomeRates.clientTimeout.mean).toFixed(2)}%`,
      p.result.slo.verdict,
    ]),
    'Metrics at every point of the sweep',
  );
  return `<section id="sweep"><h2>Sweep</h2>${table}${await figs.figure(curveChart('p99 latency against the swept parameter', xTitle, 'p99 latency (s)', curve('p99'), { threshold: sw.points[0].result.slo.metric === 'p99' ? sw.points[0].result.slo.threshold : undefined }), 'Mean over replications with the 95% CI as a band; the dashed rule is the SLO threshold.')}${await figs.figure(curveChart('p50 latency against the swept parameter', xTitle, 'p50 latency (s)', curve('p50')), 'Median latency with its CI band.')}${await figs.figure(curveChart('Client timeouts against the swept parameter', xTitle, 'share of requests timing out (%)', to, { percent: true }), 'Share of requests ending in a client timeout, with its CI band.')}</section>`;
}

const fmt = (e: { mean: number; halfWidth: number }) =>
  Number.isFinite(e.mean)
    ? `${formatDuration(e.mean)}${Number.isFinite(e.halfWidth) ? ` ± ${formatDuration(e.halfWidth)}` : ''}`
    : 'n/a';

async function capacitySection(c: CapacityResult, figs: S.Figures, toc: [string, string][]): Promise<string> {
  toc.push(['capacity', 'Capacity']);
  const rate = c.slo.metric.endsWith('Rate');
  const answer =
    c.answer === null
      ? `<p><strong>No value in the searched range meets the SLO.</strong></p>`
      : `<p class="answer"><strong>The ${esc(c.direction)} ${esc(c.vary)} meeting ${esc(c.slo.metric)} &lt; ${esc(rate ? `${100 * c.slo.threshold}%` : formatDuration(c.slo.threshold))} is ${esc(c.answer)}</strong> (between ${esc(c.bracket[0])} and ${esc(c.bracket[1])}; ${esc(c.confidence)}).</p>`;
  const pts = [...c.points].sort((a, b) => a.value - b.value);
  const table = htmlTable(
    [c.vary, c.slo.metric, 'verdict', 'replications'],
    pts.map((p) => [
      p.value,
      rate ? `${(100 * p.estimate.mean).toFixed(2)}% ± ${(100 * p.estimate.halfWidth).toFixed(2)}` : fmt(p.estimate),
      p.verdict,
      p.replications,
    ]),
    'Points evaluated by the bisection',
  );
  const chart = curveChart(
    `${c.slo.metric} against ${c.vary}`,
    c.vary,
    rate ? `${c.slo.metric} (%)` : `${c.slo.metric} (s)`,
    pts.map((p) => ({ x: p.value, series: c.slo.metric, mean: p.estimate.mean, lo: p.estimate.lo, hi: p.estimate.hi })),
    { threshold: c.slo.threshold, answer: c.answer, percent: rate },
  );
  return `<section id="capacity"><h2>Capacity</h2>${answer}${await figs.figure(chart, 'Each point is the mean over replications with its 95% CI band; the dashed rule is the SLO threshold, the solid rule the answer.')}${table}</section>`;
}
