/**
 * Plain-text tables for the terminal: the run summary, comparisons, sweeps and capacity
 * answers. Every number shown with ± is a mean over replications with its 95% CI half-width.
 */
import { formatDuration } from '../scenario/units.js';
import { OUTCOMES, STAGES, type Estimate, type ScenarioResult } from '../stats/results.js';
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

/** A value and its half-width in one unit, the value to 3 significant digits: "10.5 ± 10.6 ms". */
export function fmtSecondsPair(mean: number, halfWidth?: number): string {
  const a = Math.abs(mean);
  const [, scale, unit] = a === 0 ? [0, 1, 's'] : UNITS.find(([below]) => a < below)!;
  const v = mean / scale;
  const decimals = v === 0 ? 0 : Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(v)))));
  const hw = halfWidth !== undefined && finite(halfWidth) ? ` ± ${(halfWidth / scale).toFixed(decimals)}` : '';
  return `${v.toFixed(decimals)}${hw} ${unit}`;
}

/** "12.3 ± 0.4 ms", "n/a" without data. */
export function fmtSeconds(e: Estimate): string {
  if (!finite(e.mean)) return 'n/a';
  return fmtSecondsPair(e.mean, e.halfWidth);
}

/** "37.20% ± 0.21" (percentage points). */
export function fmtRate(e: Estimate): string {
  if (!finite(e.mean)) return 'n/a';
  return finite(e.halfWidth)
    ? `${(100 * e.mean).toFixed(2)}% ± ${(100 * e.halfWidth).toFixed(2)}`
    : `${(100 * e.mean).toFixed(2)}%`;
}

export const isRateMetric = (m: string): boolean => m.endsWith('Rate');

export const fmtMetric = (m: string, e: Estimate): string => (isRateMetric(m) ? fmtRate(e) : fmtSeconds(e));

/** A signed difference, e.g. "-27.9 s ± 0.3 s" or "-35.10 pp ± 0.40". */
function fmtDiff(m: string, e: Estimate & { significant: boolean }): string {
  if (!finite(e.mean)) return 'n/a';
  const sign = e.mean > 0 ? '+' : e.mean < 0 ? '-' : '';
  const hw = finite(e.halfWidth);
  const body = isRateMetric(m)
    ? `${sign}${(100 * Math.abs(e.mean)).toFixed(2)} pp${hw ? ` ± ${(100 * e.halfWidth).toFixed(2)}` : ''}`
    : `${sign}${fmtSecondsPair(Math.abs(e.mean), hw ? e.halfWidth : undefined)}`;
  return e.significant ? `${body} *` : body;
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

export function sloLine(r: ScenarioResult): string {
  const v = r.slo;
  return `SLO ${v.metric} < ${fmtThreshold(v.metric, v.threshold)}: ${v.verdict.toUpperCase()} (${fmtMetric(v.metric, v.value)})`;
}

/** The `nmsim run` summary. */
export function summary(r: ScenarioResult): string {
  const m = r.meta;
  const out: string[] = [];
  out.push(m.name);
  out.push(
    `${r.requestsSimulated} requests in ${m.replications} replication(s) (${m.stopReason}); ${formatDuration(m.duration)} measured after ${formatDuration(m.warmup)} of warm-up; seed ${String(m.seed)}. ± is the ${Math.round(m.confidenceLevel * 100)}% CI half-width.`,
  );
  out.push('');
  out.push(
    table(['latency', ...SUMMARY_LATENCY], [['all requests', ...SUMMARY_LATENCY.map((k) => fmtSeconds(r.latency[k]))]]),
  );
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
        finite(meanLatency) && meanLatency > 0 ? `${((100 * r.stages[st].mean) / meanLatency).toFixed(1)}%` : 'n/a',
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
        `${c.poolMean.toFixed(1)} / ${c.capacity}`,
        String(c.poolMax),
        c.queueMean.toFixed(1),
        String(c.queueMax),
        `${(100 * c.cpuUtilisation).toFixed(1)}%`,
        String(c.synDrops),
      ]),
    ),
  );
  if (r.runs.length > 0) {
    out.push('');
    out.push(
      table(
        ['client', 'kind', 'runs ok', 'failed', 'skipped', 'success'],
        r.runs.map((run) => [
          run.client,
          run.kind,
          String(run.ok),
          String(run.failed),
          String(run.skipped),
          fmtRate(run.successRate),
        ]),
      ),
    );
  }
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
        ...STUDY_METRICS.map((m) => [METRIC_LABEL[m], ...rs.map((r) => fmtMetric(m, metricEstimate(r, m)))]),
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
        STUDY_METRICS.map((m) => [METRIC_LABEL[m], ...c.differences.map((d) => fmtDiff(m, d.metrics[m]))]),
      ),
    );
  }
  return out.join('\n');
}

const showValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `nmsim sweep`: one row per point; with two parameters also a grid of the SLO metric. */
export function sweepTable(t: SweepTable): string {
  const out: string[] = [];
  out.push(
    `Sweep of ${t.scenario.name} over ${t.parameters.map((p) => p.path).join(' x ')} (${t.rows.length} points, seed ${String(t.seed)})`,
  );
  out.push('');
  const metrics: StudyMetric[] = ['p50', 'p99', 'max', 'timeoutRate', 'failureRate'];
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
    out.push(`${slo.metric} (SLO < ${fmtThreshold(slo.metric, slo.threshold)}), ${p1.path} down, ${p2.path} across:`);
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
