/**
 * The `nmsim run` summary for the terminal: run-level answers first (did the runs get their
 * metadata, how long it took), then request latency and the mechanism (stages, occupancy).
 */
import { formatDuration } from '../scenario/units.js';
import { OUTCOMES, STAGES, type Estimate, type PopulationSummary, type ScenarioResult } from '../stats/results.js';
import { fixed } from '../stats/precision.js';
import { bootCurve } from '../stats/boot-curve.js';
import {
  fmtMetric,
  fmtPercentile,
  fmtRate,
  fmtSeconds,
  fmtSecondsPair,
  isRateMetric,
  sloText,
  table,
} from './format-values.js';
import { metricEstimate } from './metrics.js';

const OUTCOME_LABEL: Record<string, string> = {
  ok: 'ok',
  clientTimeout: 'client timeout',
  connectFailure: 'connect failure',
  http5xx: 'HTTP 5xx',
};

const STAGE_LABEL: Record<string, string> = {
  synRetry: 'SYN retries',
  listenQueue: 'listen queue',
  poolWait: 'pool wait',
  proxyCpu: 'proxy CPU',
  agent: 'agent',
  rpc: 'RPC to neutron-server',
  nova: 'Nova',
};

/** The latency metrics of the summary table, in order. */
export const SUMMARY_LATENCY = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;

export function sloLine(r: ScenarioResult): string {
  const v = r.slo;
  return `SLO ${sloText(v.metric, v.threshold)}: ${v.verdict.toUpperCase()} (${isRateMetric(v.metric) ? fmtRate(v.value) : fmtPercentile(r, v.metric, v.value)})`;
}

/**
 * A count with thousands separators, as en-US writes it. Integers are grouped here: the first
 * toLocaleString of a process initialises ICU, ~20 ms of every `run` and `compare`.
 */
export const count = (n: number): string =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');

/** Runs per population (started = ok + failed + skipped + open at the cap), then all of them. */
export function runsTable(r: ScenarioResult): string {
  const row = (
    name: string,
    kind: string,
    p: Pick<PopulationSummary, 'started' | 'ok' | 'failed' | 'skipped' | 'openAtCap' | 'success' | 'time'>,
  ) => [
    name,
    kind,
    count(p.started),
    count(p.ok),
    count(p.failed),
    count(p.skipped),
    count(p.openAtCap),
    fmtRate(p.success),
    fmtMetric('runP50', p.time.runP50),
    fmtMetric('runP99', p.time.runP99),
  ];
  const rows = r.populations.map((p) => row(p.client, p.kind, p));
  if (r.populations.length > 1) rows.push(row('all runs', '', r.runs));
  return table(
    [
      'runs',
      'kind',
      'started',
      'with metadata',
      'failed',
      'skipped',
      'open at cap',
      'runSuccess',
      'time to metadata p50',
      'p99',
    ],
    rows,
  );
}

/** Request latency overall, successful and failed apart, and per population. */
function latencyTable(r: ScenarioResult): string {
  const cells = (lat: Record<string, Estimate>, res: ScenarioResult | null) =>
    SUMMARY_LATENCY.map((k) => (res ? fmtPercentile(res, k, lat[k]) : fmtMetric(k, lat[k])));
  const rows = [
    ['all requests', ...cells(r.latency, r)],
    ['time to failure', ...cells(r.timeToFailure, null)],
  ];
  if (r.populations.length > 1)
    for (const p of r.populations)
      rows.push([`${p.client} (${fmtRate(p.outcomeRates.clientTimeout)} timed out)`, ...cells(p.latency, null)]);
  return table(['request latency', ...SUMMARY_LATENCY], rows);
}

/** cloud-init populations: when the booted instances had their metadata. */
function bootTable(r: ScenarioResult): string {
  const boots = r.populations.filter((p) => p.kind === 'cloud-init');
  if (boots.length === 0) return '';
  return table(
    ['boot storm', 'booted', '50% configured at', '90% at', '99% at', 'boot to configured p50', 'p99'],
    boots.map((p) => {
      const c = bootCurve(p);
      return [
        p.client,
        count(p.started),
        ...[0.5, 0.9, 0.99].map((q) => fmtReach(c.reach(q))),
        fmtMetric('runP50', p.time.runP50),
        fmtMetric('runP99', p.time.runP99),
      ];
    }),
  );
}

const fmtReach = (t: number): string =>
  t === Infinity ? 'never' : Number.isNaN(t) ? 'n/a' : `${fmtSecondsPair(t)} after start`;

/** The `nmsim run` summary: run-level answers first, then request latency and the mechanism. */
export function summary(r: ScenarioResult): string {
  const out: string[] = [...headerLines(r), ''];
  if (r.runs.started > 0) {
    out.push(runsTable(r));
    const boot = bootTable(r);
    if (boot) out.push('', boot);
    out.push('');
  }
  out.push(latencyTable(r), '', outcomeTable(r));
  out.push(
    `timeout rate ${fmtRate(metricEstimate(r, 'timeoutRate'))}, failure rate ${fmtRate(metricEstimate(r, 'failureRate'))}`,
  );
  out.push('', stageTable(r), '', componentTable(r), '', sloLine(r));
  return out.join('\n');
}

/** The name, what was counted over which window, and how the drain ended. */
function headerLines(r: ScenarioResult): string[] {
  const m = r.meta;
  return [
    m.name,
    `${count(r.runs.started)} runs and ${count(r.requestsSimulated)} requests started in ${formatDuration(m.duration)} windows after ${formatDuration(m.warmup)} of warm-up, ${m.replications} replication(s) (${m.stopReason}); seed ${String(m.seed)}. ± is the ${Math.round(m.confidenceLevel * 100)}% CI half-width.`,
    `Each counted once whenever it ends: after the window no new run starts and open ones drain (cap ${formatDuration(r.drain.cap)}, longest drain ${formatDuration(r.drain.longest)}; open at the cap: ${r.drain.openRuns} runs, ${r.drain.openRequests} requests).`,
  ];
}

function outcomeTable(r: ScenarioResult): string {
  return table(
    ['outcome', 'requests', 'share'],
    OUTCOMES.map((o) => [OUTCOME_LABEL[o], String(r.outcomeCounts[o]), fmtRate(r.outcomeRates[o])]),
  );
}

/** Where a request's time goes, stage by stage, as a share of the mean latency. */
function stageTable(r: ScenarioResult): string {
  const meanLatency = r.latency.mean.mean;
  return table(
    ['stage', 'mean per request', 'share'],
    STAGES.map((st) => [
      STAGE_LABEL[st],
      fmtSeconds(r.stages[st]),
      Number.isFinite(meanLatency) && meanLatency > 0 ? `${fixed((100 * r.stages[st].mean) / meanLatency, 1)}%` : 'n/a',
    ]),
  );
}

function componentTable(r: ScenarioResult): string {
  return table(
    ['component', 'kind', 'pool mean / size', 'pool max', 'queue mean', 'queue max', 'CPU', 'SYN drops'],
    r.components.map((c) => [
      c.id,
      c.kind,
      `${fixed(c.poolMean, 1)} / ${c.capacity}`,
      String(c.poolMax),
      fixed(c.queueMean, 1),
      String(c.queueMax),
      `${fixed(100 * c.cpuUtilisation, 1)}%`,
      String(c.synDrops),
    ]),
  );
}
