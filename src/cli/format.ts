/**
 * Plain-text tables for the terminal: the run summary, comparisons, sweeps and capacity
 * answers. Every number shown with ± is a mean over replications with its 95% CI half-width.
 */
import { formatDuration } from '../scenario/units.js';
import { higherIsBetter } from '../stats/run-metrics.js';
import {
  OUTCOMES,
  STAGES,
  type Estimate,
  type PopulationSummary,
  type ScenarioResult,
  isNever,
} from '../stats/results.js';
import { clean, fixed, isClipped, noInterval, shownDifference } from '../stats/precision.js';
import { isShareMetric, onClientTimeout, withinResolution } from '../stats/study-metrics.js';
import { bootCurve } from '../stats/boot-curve.js';
import { metricEstimate } from './metrics.js';
import { STUDY_METRICS, type CapacityResult, type CompareResult, type StudyMetric, type SweepTable } from './types.js';

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const finite = (x: number): boolean => Number.isFinite(x);

const UNITS: [number, number, string][] = [
  // [below this many seconds, seconds per unit, unit]
  [1e-3, 1e-6, 'µs'],
  [1, 1e-3, 'ms'],
  [600, 1, 's'],
  [3 * 3600, 60, 'min'],
  [Infinity, 3600, 'h'],
];

/** Scale, unit and decimals that show `magnitude` seconds to 3 significant digits. */
function unitOf(magnitude: number): [number, string, number] {
  const a = Math.abs(magnitude);
  const [, scale, unit] = a === 0 ? [0, 1, 's'] : UNITS.find(([below]) => a < below)!;
  const m = a / scale;
  return [scale, unit, m === 0 ? 0 : Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(m))))];
}

/** `x` seconds in the unit and decimals of `magnitude`: "10.5 ms"; an exact 0 as "0 ms". */
function inUnit(x: number, magnitude: number): string {
  const [scale, unit, decimals] = unitOf(magnitude);
  const v = clean(x / scale);
  return `${v === 0 ? '0' : fixed(v, decimals)} ${unit}`;
}

/**
 * A value and its half-width in the value's unit: "10.5 ± 10.6 ms"; "30.0 s ± 0" when the
 * replications agreed (a latency pinned at a timeout).
 */
export function fmtSecondsPair(mean: number, halfWidth?: number): string {
  const m = clean(mean);
  if (halfWidth === undefined || !finite(halfWidth)) return inUnit(m, m);
  if (noInterval(m, halfWidth)) return `${inUnit(m, m)} ± 0`;
  if (m === 0) return `0 ± ${inUnit(halfWidth, halfWidth)}`;
  const [scale, unit, decimals] = unitOf(m);
  return `${fixed(m / scale, decimals)} ± ${fixed(halfWidth / scale, decimals)} ${unit}`;
}

/** "12.3 ± 0.4 ms"; "14.8 s [0 s, 30.0 s]" when cut to what is possible; "never" for a run percentile beyond the runs that got metadata; "n/a" without data. */
export function fmtSeconds(e: Estimate): string {
  if (isNever(e)) return 'never';
  if (!finite(e.mean)) return 'n/a';
  if (isClipped(e)) return `${inUnit(e.mean, e.mean)} [${inUnit(e.lo, e.lo)}, ${inUnit(e.hi, e.hi)}]`;
  return fmtSecondsPair(e.mean, e.halfWidth);
}

const pctText = (x: number): string => `${fixed(100 * x, 2)}%`;

/**
 * A percentile with honest precision: "≥ 30.0 s (37.2% timed out)" when it sits on the client
 * timeout, "171 ms within ±1%" when the replications agree closer than the histogram resolves.
 */
export function fmtPercentile(r: ScenarioResult, m: string, e: Estimate): string {
  const timedOut = onClientTimeout(r, m, e);
  if (timedOut !== null) return `≥ ${fmtSecondsPair(e.mean)} (${fixed(100 * timedOut, 1)}% timed out)`;
  if (withinResolution(m, e)) return `${fmtSecondsPair(e.mean)} within ±1%`;
  return fmtSeconds(e);
}

/** "37.20% ± 0.21" (percentage points); "2.43% [0.00%, 6.60%]" when cut to 0-100%. */
export function fmtRate(e: Estimate): string {
  if (!finite(e.mean)) return 'n/a';
  if (!finite(e.halfWidth)) return pctText(e.mean);
  if (noInterval(e.mean, e.halfWidth)) return `${pctText(e.mean)} ± 0`;
  if (isClipped(e)) return `${pctText(e.mean)} [${pctText(e.lo)}, ${pctText(e.hi)}]`;
  return `${pctText(e.mean)} ± ${fixed(100 * e.halfWidth, 2)}`;
}

export const isRateMetric = isShareMetric;

export const fmtMetric = (m: string, e: Estimate): string =>
  isRateMetric(m) ? fmtRate(e) : withinResolution(m, e) ? `${fmtSecondsPair(e.mean)} within ±1%` : fmtSeconds(e);

/** A metric of a result, with the timeout rule for request percentiles. */
const fmtResultMetric = (r: ScenarioResult, m: string): string =>
  isRateMetric(m) ? fmtRate(metricEstimate(r, m)) : fmtPercentile(r, m, metricEstimate(r, m));

/**
 * A signed difference, e.g. "-27.9 s ± 0.3 s *" or "-35.10 pp ± 0.40"; "0" when it is inside
 * the histogram's resolution or residue (`magnitude`: the size of the values compared).
 */
export function fmtDiff(m: string, e: Estimate & { significant: boolean }, magnitude: number): string {
  if (!finite(e.mean)) return 'n/a';
  const d = shownDifference(m, e, magnitude);
  if (d.kind === 'none') return '0';
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '-' : '';
  const hw = finite(e.halfWidth) ? e.halfWidth : undefined;
  const body = isRateMetric(m)
    ? `${sign}${fixed(100 * Math.abs(d.mean), 2)} pp${hw !== undefined ? ` ± ${fixed(100 * hw, 2)}` : ''}`
    : `${sign}${d.mean === 0 ? `0 ± ${inUnit(hw ?? 0, hw ?? 0)}` : fmtSecondsPair(Math.abs(d.mean), hw)}`;
  return d.significant ? `${body} *` : body;
}

export const fmtThreshold = (metric: string, threshold: number): string =>
  isRateMetric(metric) ? `${+(100 * threshold).toPrecision(6)}%` : formatDuration(threshold);

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

const METRIC_LABEL: Record<StudyMetric, string> = {
  runSuccess: 'runs with metadata',
  runP50: 'run time to metadata p50',
  runP99: 'run time to metadata p99',
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p99.9',
  mean: 'mean',
  max: 'max',
  timeoutRate: 'timeouts',
  failureRate: 'failures',
};

/** The latency metrics of the summary table, in order. */
export const SUMMARY_LATENCY = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;

/** "runSuccess ≥ 99%", "p99 ≤ 2.00 s". */
export const sloText = (metric: string, threshold: number): string =>
  `${metric} ${higherIsBetter(metric) ? '≥' : '≤'} ${fmtThreshold(metric, threshold)}`;

export function sloLine(r: ScenarioResult): string {
  const v = r.slo;
  return `SLO ${sloText(v.metric, v.threshold)}: ${v.verdict.toUpperCase()} (${isRateMetric(v.metric) ? fmtRate(v.value) : fmtPercentile(r, v.metric, v.value)})`;
}

const count = (n: number): string => n.toLocaleString('en-US');

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
  const m = r.meta;
  const out: string[] = [];
  out.push(m.name);
  out.push(
    `${count(r.runs.started)} runs and ${count(r.requestsSimulated)} requests started in ${formatDuration(m.duration)} windows after ${formatDuration(m.warmup)} of warm-up, ${m.replications} replication(s) (${m.stopReason}); seed ${String(m.seed)}. ± is the ${Math.round(m.confidenceLevel * 100)}% CI half-width.`,
  );
  out.push(
    `Each counted once whenever it ends: after the window no new run starts and open ones drain (cap ${formatDuration(r.drain.cap)}, longest drain ${formatDuration(r.drain.longest)}; open at the cap: ${r.drain.openRuns} runs, ${r.drain.openRequests} requests).`,
  );
  out.push('');
  if (r.runs.started > 0) {
    out.push(runsTable(r));
    const boot = bootTable(r);
    if (boot) out.push('', boot);
    out.push('');
  }
  out.push(latencyTable(r));
  out.push('');
  out.push(
    table(
      ['outcome', 'requests', 'share'],
      OUTCOMES.map((o) => [OUTCOME_LABEL[o], String(r.outcomeCounts[o]), fmtRate(r.outcomeRates[o])]),
    ),
  );
  out.push(
    `timeout rate ${fmtRate(metricEstimate(r, 'timeoutRate'))}, failure rate ${fmtRate(metricEstimate(r, 'failureRate'))}`,
  );
  out.push('');
  const meanLatency = r.latency.mean.mean;
  out.push(
    table(
      ['stage', 'mean per request', 'share'],
      STAGES.map((st) => [
        STAGE_LABEL[st],
        fmtSeconds(r.stages[st]),
        finite(meanLatency) && meanLatency > 0 ? `${fixed((100 * r.stages[st].mean) / meanLatency, 1)}%` : 'n/a',
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
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
    ),
  );
  out.push('');
  out.push(sloLine(r));
  return out.join('\n');
}

/** `nmsim compare`: metrics side by side, then paired differences against the first scenario. */
export function comparison(c: CompareResult): string {
  const rs = c.results;
  const names = rs.map((r, i) => `[${i + 1}] ${r.meta.name}`);
  const out: string[] = [];
  out.push(`Compared with seed ${String(c.seed)} (common random numbers):`);
  out.push(...names);
  out.push('');
  const cols = rs.map((_, i) => `[${i + 1}]`);
  out.push(
    table(
      ['metric', ...cols],
      [
        ...STUDY_METRICS.map((m) => [METRIC_LABEL[m], ...rs.map((r) => fmtResultMetric(r, m))]),
        ['requests', ...rs.map((r) => String(r.requestsSimulated))],
        ['replications', ...rs.map((r) => String(r.meta.replications))],
        ['SLO', ...rs.map((r) => r.slo.verdict)],
      ],
    ),
  );
  if (c.differences.length > 0) {
    out.push('');
    out.push('Differences against [1], paired by replication (* = the 95% CI excludes 0):');
    out.push(
      table(
        ['metric', ...c.differences.map((_, i) => `[${i + 2}] - [1]`)],
        STUDY_METRICS.map((m) => [
          METRIC_LABEL[m],
          ...c.differences.map((d, i) => fmtDiff(m, d.metrics[m], magnitude(m, rs[0], rs[i + 1]))),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** The size of the values a difference subtracts: the larger of the two means. */
export const magnitude = (m: StudyMetric, a: ScenarioResult, b: ScenarioResult): number =>
  Math.max(Math.abs(metricEstimate(a, m).mean), Math.abs(metricEstimate(b, m).mean));

const showValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `nmsim sweep`: one row per point; with two parameters also a grid of the SLO metric. */
export function sweepTable(t: SweepTable): string {
  const out: string[] = [];
  out.push(
    `Sweep of ${t.scenario.name} over ${t.parameters.map((p) => p.path).join(' x ')} (${t.rows.length} points, seed ${String(t.seed)})`,
  );
  out.push('');
  const metrics: StudyMetric[] = ['runSuccess', 'runP99', 'p50', 'p99', 'max', 'timeoutRate', 'failureRate'];
  out.push(
    table(
      [...t.parameters.map((p) => p.path), ...metrics.map((m) => METRIC_LABEL[m]), 'SLO'],
      t.rows.map((r) => [...r.values.map(showValue), ...metrics.map((m) => fmtMetric(m, r.metrics[m])), r.slo.verdict]),
    ),
  );
  if (t.parameters.length === 2 && t.rows.length > 0) {
    const [p1, p2] = t.parameters;
    const slo = t.rows[0].slo;
    out.push('');
    out.push(`${slo.metric} (SLO ${sloText(slo.metric, slo.threshold)}), ${p1.path} down, ${p2.path} across:`);
    out.push(
      table(
        [p1.path, ...p2.values.map(showValue)],
        p1.values.map((v1, i) => [
          showValue(v1),
          ...p2.values.map((_, j) => {
            const row = t.rows.find((r) => r.index[0] === i && r.index[1] === j);
            return row ? fmtMetric(slo.metric, row.slo.value) : '';
          }),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** `nmsim capacity`: the answer, then the points evaluated. */
export function capacityText(c: CapacityResult): string {
  const out: string[] = [];
  out.push(c.confidence);
  out.push('');
  out.push(
    table(
      [c.vary, c.slo.metric, 'verdict', 'replications'],
      [...c.points]
        .sort((a, b) => a.value - b.value)
        .map((p) => [String(p.value), fmtMetric(c.slo.metric, p.estimate), p.verdict, String(p.replications)]),
    ),
  );
  return out.join('\n');
}
