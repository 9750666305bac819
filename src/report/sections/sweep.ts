/** For sweep reports: metrics against the swept parameter, with confidence bands. */
import { curveChart, type CurvePoint } from '../charts/index.js';
import { estCell, finite, isRate, metricCell, metricEstimate, metricLabel, targetText } from '../format.js';
import { esc, htmlTable } from '../html.js';
import type { SweepResult } from '../types.js';
import type { Ctx, Section } from './context.js';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The last segment of a dotted path: "proxy.eventlet.poolSize" -> "poolSize". */
export const shortPath = (path: string): string => path.split('.').pop() ?? path;

/** The label of a sweep point: its own, or "path=value, path=value". */
export function pointLabel(sw: SweepResult, i: number): string {
  const p = sw.points[i];
  return p.label ?? sw.parameters.map((q, k) => `${q.path}=${show(p.values[k])}`).join(', ');
}

/** Curve points of one metric: x = first parameter, one series per value of the others. */
export function sweepCurve(sw: SweepResult, metric: string): { points: CurvePoint[]; categories?: string[] } {
  const numeric = sw.parameters[0].values.every((v) => typeof v === 'number');
  const rest = sw.parameters.slice(1);
  const points = sw.points.map((p) => {
    const e = metricEstimate(p.result, metric);
    return {
      x: numeric ? (p.values[0] as number) : show(p.values[0]),
      series:
        rest.length === 0
          ? metricLabel(metric)
          : rest.map((q, k) => `${shortPath(q.path)}=${show(p.values[k + 1])}`).join(', '),
      mean: e.mean,
      lo: finite(e.lo) ? e.lo : e.mean,
      hi: finite(e.hi) ? e.hi : e.mean,
      verdict: p.result.slo.verdict,
    };
  });
  return { points, categories: numeric ? undefined : sw.parameters[0].values.map(show) };
}

/** "The SLO (...) is met at 6 of 8 points; it fails at a; b." naming the shorter list. */
function headline(sw: SweepResult, slo: { metric: string; threshold: number }): string {
  const labels = (v: string) =>
    sw.points.flatMap((p, i) => (p.result.slo.verdict === v ? [pointLabel(sw, i)] : [])).join('; ');
  const n = { meets: 0, fails: 0, uncertain: 0 };
  for (const p of sw.points) n[p.result.slo.verdict]++;
  const others = [
    n.fails ? `fails at ${labels('fails')}` : '',
    n.uncertain ? `is uncertain at ${labels('uncertain')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const detail =
    n.meets === sw.points.length
      ? ''
      : n.meets > 0 && n.meets < n.fails + n.uncertain
        ? `: ${labels('meets')}`
        : others
          ? `; it ${others}`
          : '';
  return `<p class="headline">The SLO (${esc(metricLabel(slo.metric))} ${esc(targetText(slo.metric, slo.threshold))}) is met at ${n.meets} of ${sw.points.length} points${esc(detail)}.</p>`;
}

export async function sweepSection(ctx: Ctx, sw: SweepResult): Promise<Section> {
  const [p1, ...rest] = sw.parameters;
  const slo = sw.points[0]?.result.slo;
  const seriesTitle = rest.length === 1 ? rest[0].path : rest.length > 1 ? 'other parameters' : undefined;
  const metrics = ['runSuccess', 'p99', 'p50', 'timeoutRate'];
  if (slo && !metrics.includes(slo.metric)) metrics.unshift(slo.metric);
  const figures: string[] = [];
  for (const m of metrics) {
    const { points, categories } = sweepCurve(sw, m);
    const rate = isRate(m);
    figures.push(
      await ctx.figs.figure(
        curveChart(points, {
          title: `${metricLabel(m)[0].toUpperCase()}${metricLabel(m).slice(1)} against the swept parameter`,
          description: `Points of ${metricLabel(m)} at each simulated value of the first swept parameter, with confidence bars.`,
          xTitle: p1.path,
          yTitle: rate ? `${metricLabel(m)} (%)` : `${metricLabel(m)} (s)`,
          seriesTitle,
          percent: rate,
          categories,
          intervals: 'bars',
          breakLinesAt: slo && slo.metric === m ? slo.threshold : undefined,
          threshold:
            slo && slo.metric === m
              ? { value: slo.threshold, label: `SLO ${targetText(m, slo.threshold)}` }
              : undefined,
        }),
        `Each point is a simulated value: the mean over replications, its bar the ${Math.round((sw.points[0]?.result.meta.confidenceLevel ?? 0.95) * 100)}% confidence interval.${rest.length ? ' One line per value of the other parameter(s), told apart by dash and marker shape.' : ''}${slo?.metric === m ? ' The dashed rule is the SLO threshold; no line joins two points on opposite sides of it, since where it is crossed between them was not simulated (sweep finer values there to find it).' : ''}`,
      ),
    );
  }
  const head = slo ? headline(sw, slo) : '';
  const table = htmlTable(
    [
      ...sw.parameters.map((p) => p.path),
      'replications',
      'p50',
      'p99',
      'client timeouts',
      ...(slo ? ['SLO metric', 'verdict'] : []),
    ],
    sw.points.map((p) => [
      ...p.values.map(show),
      p.result.meta.replications,
      estCell(p.result.latency.p50),
      estCell(p.result.latency.p99),
      estCell(p.result.outcomeRates.clientTimeout, 'rate'),
      ...(slo ? [metricCell(p.result.slo.metric, p.result.slo.value), p.result.slo.verdict] : []),
    ]),
    'Every point of the sweep: means over replications ± CI half-width',
  );
  return { id: 'sweep', title: 'Sweep', html: head + figures.join('\n') + table };
}
