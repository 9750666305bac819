/** Terminal tables of the studies: `nmsim compare`, `nmsim sweep` and `nmsim capacity`. */
import { fmtDiff, fmtMetric, fmtResultMetric, METRIC_LABEL, sloText, table } from './format-values.js';
import { metricEstimate } from './metrics.js';
import { STUDY_METRICS, type CapacityResult, type CompareResult, type StudyMetric, type SweepTable } from './types.js';
import type { ScenarioResult } from '../stats/results.js';

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
