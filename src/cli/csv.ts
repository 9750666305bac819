/**
 * CSV outputs. Every file has one header line and is "long" (one observation per row), so a
 * spreadsheet filter or `df[df.section == "histogram"]` picks a part out.
 *
 * <name>-latency.csv (nmsim run), columns
 *   section,key,mean,ci_low,ci_high,bin_low_s,bin_high_s,count,cumulative_fraction
 * with sections, run-level answers first:
 *   run        key runSuccess (share of runs started in the window that got all their metadata,
 *              count = runs started) | runP50|runP90|runP99 (time to metadata, seconds; inf when
 *              the percentile falls among runs without metadata)
 *   population key <client>/<metric>: the same run metrics, then p50|p99|timeoutRate of that
 *              population's requests (count = its runs or requests)
 *   latency    key p50|p90|p99|p99.9|mean|max: seconds, mean over replications and 95% CI
 *   failure    key p50|p90|p99|p99.9|mean|max: time to failure of failed requests, seconds
 *   stage      key synRetry|listenQueue|poolWait|proxyCpu|agent|rpc|nova: mean seconds per request
 *   outcome    key ok|clientTimeout|connectFailure|http5xx: share of requests (0-1), count = requests
 *   histogram  one row per non-empty bin of the merged latency histogram: [bin_low_s, bin_high_s),
 *              requests in it, and the fraction of requests at or below bin_high_s
 * Empty cells are fields that do not apply; NaN estimates (no data) are empty too.
 *
 * <name>-sweep.csv (nmsim sweep): one row per point, the parameter values first, then for
 * each metric its mean, ci_low and ci_high (latencies in seconds, rates as fractions), then
 * slo_verdict, replications and requests.
 *
 * <name>-capacity.csv (nmsim capacity): one row per value evaluated, low to high, columns
 *   value,metric,mean,ci_low,ci_high,verdict,replications,role
 * metric is the SLO metric (seconds, or a fraction for rates); role is answer, first-failing
 * or empty.
 *
 * <name>.csv of nmsim compare: scenario,metric,mean,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high
 * (differences paired against the first scenario; empty for the first; 0,0,0 when the whole
 * interval is inside the histogram's resolution).
 *
 * Numbers carry no floating-point residue (src/stats/precision.ts): 30, not 30.00000000000091.
 */
import { LatencyHistogram } from '../stats/histogram.js';
import {
  LATENCY_METRICS,
  OUTCOMES,
  RUN_METRICS,
  STAGES,
  type Estimate,
  type ScenarioResult,
} from '../stats/results.js';
import { clean, shownDifference } from '../stats/precision.js';
import { magnitude } from './format.js';
import { metricEstimate } from './metrics.js';
import { STUDY_METRICS, type CapacityResult, type CompareResult, type StudyMetric, type SweepTable } from './types.js';

const num = (x: number | undefined): string =>
  x === Infinity ? 'inf' : x === undefined || !Number.isFinite(x) ? '' : String(clean(x));

export function csvField(v: unknown): string {
  const s =
    typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'number' ? num(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (fields: unknown[]): string => fields.map(csvField).join(',');
const est = (e: Estimate): string[] => [num(e.mean), num(e.lo), num(e.hi)];

export function latencyCsv(r: ScenarioResult): string {
  const lines = [
    line(['section', 'key', 'mean', 'ci_low', 'ci_high', 'bin_low_s', 'bin_high_s', 'count', 'cumulative_fraction']),
  ];
  const row = (section: string, key: string, e: Estimate, n: number | '' = '') =>
    lines.push(line([section, key, ...est(e), '', '', n, '']));
  row('run', 'runSuccess', r.runs.success, r.runs.started);
  for (const k of RUN_METRICS) row('run', k, r.runs.time[k], r.runs.started);
  for (const p of r.populations) {
    row('population', `${p.client}/runSuccess`, p.success, p.started);
    for (const k of RUN_METRICS) row('population', `${p.client}/${k}`, p.time[k], p.started);
    row('population', `${p.client}/p50`, p.latency.p50, p.requests.count);
    row('population', `${p.client}/p99`, p.latency.p99, p.requests.count);
    row('population', `${p.client}/timeoutRate`, p.outcomeRates.clientTimeout, p.requests.count);
  }
  for (const k of LATENCY_METRICS) row('latency', k, r.latency[k]);
  for (const k of LATENCY_METRICS) row('failure', k, r.timeToFailure[k]);
  for (const st of STAGES) lines.push(line(['stage', st, ...est(r.stages[st]), '', '', '', '']));
  for (const o of OUTCOMES) lines.push(line(['outcome', o, ...est(r.outcomeRates[o]), '', '', r.outcomeCounts[o], '']));
  const bins = LatencyHistogram.fromJSON(r.histogram).bins();
  const total = bins.reduce((a, b) => a + b.count, 0);
  let acc = 0;
  for (const b of bins) {
    acc += b.count;
    lines.push(line(['histogram', '', '', '', '', b.lo, b.hi, b.count, total ? acc / total : '']));
  }
  return lines.join('\n') + '\n';
}

export function sweepCsv(t: SweepTable): string {
  const header = [
    ...t.parameters.map((p) => p.path),
    ...STUDY_METRICS.flatMap((m) => [m, `${m}_ci_low`, `${m}_ci_high`]),
    'slo_verdict',
    'replications',
    'requests',
  ];
  const rows = t.rows.map((r) =>
    line([...r.values, ...STUDY_METRICS.flatMap((m) => est(r.metrics[m])), r.slo.verdict, r.replications, r.requests]),
  );
  return [line(header), ...rows].join('\n') + '\n';
}

/** A paired difference's mean and interval as shown (see shownDifference). */
function shownDiff(m: StudyMetric, e: Estimate & { significant: boolean }, size: number): string[] {
  const d = shownDifference(m, e, size);
  return d.kind === 'none' ? ['0', '0', '0'] : [num(d.mean), num(d.lo), num(d.hi)];
}

export function compareCsv(c: CompareResult): string {
  const lines = [line(['scenario', 'metric', 'mean', 'ci_low', 'ci_high', 'diff_mean', 'diff_ci_low', 'diff_ci_high'])];
  c.results.forEach((r, i) => {
    const d = i === 0 ? undefined : c.differences[i - 1];
    for (const m of STUDY_METRICS) {
      const diff = d ? shownDiff(m, d.metrics[m], magnitude(m, c.results[0], r)) : ['', '', ''];
      lines.push(line([r.meta.name, m, ...est(metricEstimate(r, m)), ...diff]));
    }
  });
  return lines.join('\n') + '\n';
}

export function capacityCsv(c: CapacityResult): string {
  const rows = [...c.points]
    .sort((a, b) => a.value - b.value)
    .map((p) =>
      line([
        p.value,
        c.slo.metric,
        ...est(p.estimate),
        p.verdict,
        p.replications,
        p.value === c.answer ? 'answer' : p.value === c.firstFailing ? 'first-failing' : '',
      ]),
    );
  return (
    [line(['value', 'metric', 'mean', 'ci_low', 'ci_high', 'verdict', 'replications', 'role']), ...rows].join('\n') +
    '\n'
  );
}
