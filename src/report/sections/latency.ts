/** Latency: percentiles with CIs, the CDF overlaid per scenario, histograms. */
import { LATENCY_METRICS } from '../../stats/results.js';
import { cdfChart, histogramChart, type Marker } from '../charts/index.js';
import { duration, isRate, percentileCell } from '../format.js';
import { htmlTable } from '../html.js';
import { detailNote, type Ctx, type Section } from './context.js';

export function percentilesTable(ctx: Ctx): string {
  return htmlTable(
    ['scenario', 'requests', ...LATENCY_METRICS],
    ctx.items.map(({ label, result: r }) => [
      label,
      r.histogram.count.toLocaleString('en-US'),
      ...LATENCY_METRICS.map((m) => percentileCell(m, r.latency[m], r)),
    ]),
    'Latency of every request started in the window (drained to its end), whatever its outcome: mean over replications, ± the CI half-width below; ≥ marks a percentile at the client timeout, with the share of requests that timed out',
  );
}

/** SLO thresholds of latency metrics, as vertical markers on the CDF. */
export function sloMarkers(ctx: Ctx): Marker[] {
  const seen = new Map<string, Marker>();
  for (const { result: r } of ctx.detail) {
    const { metric, threshold } = r.slo;
    if (isRate(metric) || !(threshold > 0)) continue;
    const label = `SLO: ${metric} ≤ ${duration(threshold)}`;
    seen.set(label, { t: threshold, label });
  }
  return [...seen.values()];
}

export async function latencySection(ctx: Ctx): Promise<Section> {
  const cdf = await ctx.figs.figure(
    cdfChart(ctx.detail, sloMarkers(ctx)),
    'Read across at a fraction (0.99 = p99) to find its latency. Vertical steps are where many requests end at once: 30 s is ohai’s read timeout, 1, 3, 7, 15 and 31 s are SYN retransmissions after drops from a full accept queue. The dashed rule is the SLO threshold.',
  );
  const hist = await ctx.figs.figure(
    histogramChart(ctx.detail),
    'The same distribution as shares of requests in bins a twentieth of a decade wide; a bar at the far right is usually client timeouts.',
  );
  return { id: 'latency', title: 'Latency', html: percentilesTable(ctx) + detailNote(ctx) + cdf + hist };
}
