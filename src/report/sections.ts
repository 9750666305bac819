/**
 * The report's sections as HTML strings. Charts are figures with a static SVG (rendered in
 * Node) and a live container that vega-embed fills when scripts run.
 */
import { formatDuration } from '../scenario/units.js';
import { LATENCY_METRICS, OUTCOMES, STAGES, type Estimate, type ScenarioResult } from '../stats/results.js';
import { STAGE_LABELS, type Spec } from './charts.js';
import { esc, htmlTable } from './html.js';
import { renderSvg } from './svg.js';

export interface ChartSlot {
  id: string;
  spec: Spec;
}

export class Figures {
  readonly slots: ChartSlot[] = [];

  async figure(spec: Spec, caption: string): Promise<string> {
    const id = `chart-${this.slots.length + 1}`;
    this.slots.push({ id, spec });
    const title = typeof spec.title === 'string' ? spec.title : 'chart';
    const svg = await renderSvg(spec);
    return `<figure class="chart" role="group" aria-label="${esc(title)}"><div class="static">${svg}</div><div class="live" id="${id}"></div><figcaption>${esc(caption)}</figcaption></figure>`;
  }
}

const sec = (e: Estimate): string =>
  !Number.isFinite(e.mean)
    ? 'n/a'
    : Number.isFinite(e.halfWidth)
      ? `${formatDuration(e.mean)} ± ${formatDuration(e.halfWidth)}`
      : formatDuration(e.mean);
const pct = (e: Estimate): string =>
  !Number.isFinite(e.mean)
    ? 'n/a'
    : Number.isFinite(e.halfWidth)
      ? `${(100 * e.mean).toFixed(2)}% ± ${(100 * e.halfWidth).toFixed(2)}`
      : `${(100 * e.mean).toFixed(2)}%`;
const isRate = (m: string) => m.endsWith('Rate');

export function verdicts(results: ScenarioResult[]): string {
  const cards = results.map((r) => {
    const v = r.slo;
    const thr = isRate(v.metric) ? `${(100 * v.threshold).toFixed(2)}%` : formatDuration(v.threshold);
    const val = isRate(v.metric) ? pct(v.value) : sec(v.value);
    const word = { meets: 'MEETS SLO', fails: 'FAILS SLO', uncertain: 'UNCERTAIN' }[v.verdict];
    return `<div class="verdict ${v.verdict}"><div class="tag">${word}</div><div><strong>${esc(r.meta.name)}</strong></div><div>${esc(v.metric)} = ${esc(val)} (target &lt; ${esc(thr)})</div><div class="sub">timeouts ${esc(pct(r.outcomeRates.clientTimeout))}; ${r.requestsSimulated} requests simulated</div></div>`;
  });
  return `<section id="verdict"><h2>Verdict</h2><p class="sub">MEETS: the whole ${Math.round(results[0].meta.confidenceLevel * 100)}% confidence interval is within the SLO; FAILS: all of it is beyond; UNCERTAIN: it straddles the threshold (add replications).</p><div class="verdicts">${cards.join('')}</div></section>`;
}

export function percentiles(results: ScenarioResult[]): string {
  return htmlTable(
    ['scenario', ...LATENCY_METRICS],
    results.map((r) => [r.meta.name, ...LATENCY_METRICS.map((m) => sec(r.latency[m]))]),
    'Latency of all requests (mean over replications ± CI half-width)',
  );
}

export function outcomesTable(results: ScenarioResult[]): string {
  return htmlTable(
    [
      'scenario',
      ...OUTCOMES.map(
        (o) =>
          ({ ok: 'ok', clientTimeout: 'client timeout', connectFailure: 'connect failure', http5xx: 'HTTP 5xx' })[o],
      ),
    ],
    results.map((r) => [r.meta.name, ...OUTCOMES.map((o) => `${r.outcomeCounts[o]} (${pct(r.outcomeRates[o])})`)]),
    'Requests by outcome (count, share ± CI)',
  );
}

export function stagesTable(results: ScenarioResult[]): string {
  return htmlTable(
    ['scenario', ...STAGES.map((s) => STAGE_LABELS[s])],
    results.map((r) => [r.meta.name, ...STAGES.map((s) => sec(r.stages[s]))]),
    'Mean time per request in each stage',
  );
}

export function componentsTable(r: ScenarioResult): string {
  return htmlTable(
    [
      'component',
      'kind',
      'host',
      'pool mean / size',
      'pool max',
      'accept queue mean / max (capacity)',
      'CPU',
      'SYN drops',
    ],
    r.components.map((c) => [
      c.id,
      c.kind,
      c.host,
      `${c.poolMean.toFixed(1)} / ${c.capacity}`,
      c.poolMax,
      `${c.queueMean.toFixed(1)} / ${c.queueMax}${c.acceptQueueCapacity ? ` (${c.acceptQueueCapacity})` : ''}`,
      `${(100 * c.cpuUtilisation).toFixed(1)}%`,
      c.synDrops,
    ]),
    `Components — ${r.meta.name}`,
  );
}

export function networksTable(r: ScenarioResult): string {
  return htmlTable(
    ['network', 'CIDR', 'instances / usable', 'served by', 'requests', 'p99', 'timeouts'],
    r.networks.map((n) => [
      n.name,
      n.cidr,
      `${n.instances} / ${n.usableAddresses}`,
      n.proxies.join(', '),
      n.requests,
      Number.isFinite(n.p99) ? formatDuration(n.p99) : 'n/a',
      Number.isFinite(n.timeoutRate) ? `${(100 * n.timeoutRate).toFixed(2)}%` : 'n/a',
    ]),
    `Per network — ${r.meta.name}`,
  );
}

export function runsTable(results: ScenarioResult[]): string {
  return htmlTable(
    ['scenario', 'client', 'kind', 'runs ok', 'failed', 'skipped metadata', 'success rate', 'median run'],
    results.flatMap((r) =>
      r.runs.map((x) => [
        r.meta.name,
        x.client,
        x.kind,
        x.ok,
        x.failed,
        x.skipped,
        pct(x.successRate),
        x.duration.count ? formatDuration(medianOf(x.duration)) : 'n/a',
      ]),
    ),
    'Client runs (chef-client/ohai runs, cloud-init crawls, periodic sessions)',
  );
}

function medianOf(h: { buckets: [number, number][]; count: number; min: number; max: number; sum: number }): number {
  const half = h.count / 2;
  let acc = 0;
  for (const [i, c] of h.buckets) {
    acc += c;
    if (acc >= half) return i < 0 ? 0 : 1e-6 * Math.pow(1.02, i + 0.5);
  }
  return h.max;
}

/** Paths whose values differ between resolved scenarios (for compare). */
export function parameterDiff(results: ScenarioResult[]): string {
  const flat = results.map((r) => flatten(r.scenario));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))]
    .filter((k) => k !== 'name' && k !== 'description')
    .sort();
  const differing = keys.filter((k) => new Set(flat.map((f) => f.get(k) ?? '—')).size > 1);
  if (differing.length === 0) return '<p>The scenarios have identical parameters (only names differ).</p>';
  return htmlTable(
    ['parameter', ...results.map((r) => r.meta.name)],
    differing.map((k) => [k, ...flat.map((f) => f.get(k) ?? '—')]),
    'Parameters that differ',
  );
}

function flatten(v: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) out.set(prefix, JSON.stringify(v));
    else v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

export function resultDiff(results: ScenarioResult[]): string {
  const base = results[0];
  const rows = results.slice(1).flatMap((r) =>
    (['p50', 'p99', 'max', 'mean'] as const).map((m) => {
      const a = base.latency[m].mean;
      const b = r.latency[m].mean;
      return [
        r.meta.name,
        m,
        formatDuration(a),
        formatDuration(b),
        `${b - a >= 0 ? '+' : '−'}${formatDuration(Math.abs(b - a))}`,
        a > 0 ? `${(b / a).toFixed(3)}x` : 'n/a',
      ];
    }),
  );
  const to = results
    .slice(1)
    .map((r) => [
      r.meta.name,
      'timeouts',
      pct(base.outcomeRates.clientTimeout),
      pct(r.outcomeRates.clientTimeout),
      `${((r.outcomeRates.clientTimeout.mean - base.outcomeRates.clientTimeout.mean) * 100).toFixed(2)} points`,
      '',
    ]);
  return htmlTable(
    ['scenario', 'metric', `baseline: ${base.meta.name}`, 'this scenario', 'difference', 'ratio'],
    [...rows, ...to],
    'Results against the first scenario (common random numbers: same client streams in every design)',
  );
}
