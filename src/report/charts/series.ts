/** Pool occupancy and accept-queue length over time, one small chart per proxy. */
import type { ComponentStats, ScenarioResult } from '../../stats/results.js';
import { chart, downsampleMax, WIDTH, type Spec } from './common.js';

export const OCCUPANCY_SERIES = ['busy connections', 'accept queue'] as const;

/** Proxies shown: the busiest `max` (by peak pool plus queue, relative to their limits), in id order. */
export function shownProxies(r: ScenarioResult, max: number): ComponentStats[] {
  const proxies = r.components.filter((c) => c.kind.startsWith('proxy'));
  const load = (c: ComponentStats) =>
    c.poolMax / Math.max(1, c.capacity) + c.queueMax / Math.max(1, c.acceptQueueCapacity);
  const keep = new Set([...proxies].sort((a, b) => load(b) - load(a)).slice(0, max));
  return proxies.filter((c) => keep.has(c));
}

export function timeUnit(seconds: number): { div: number; name: string } {
  return seconds > 3 * 3600
    ? { div: 3600, name: 'h' }
    : seconds > 600
      ? { div: 60, name: 'min' }
      : { div: 1, name: 's' };
}

export interface OccupancyData {
  unit: { div: number; name: string };
  proxies: ComponentStats[];
  lines: { proxy: string; t: number; what: string; value: number }[];
  /** Pool size and accept-queue limit, per proxy, when the series come within half of them. */
  limits: { proxy: string; value: number; label: string }[];
}

export function occupancyData(r: ScenarioResult, maxProxies = 8, maxPoints = 400): OccupancyData {
  const proxies = shownProxies(r, maxProxies);
  const span = Math.max(0, ...proxies.map((c) => c.series.dt * c.series.pool.length));
  const unit = timeUnit(span);
  const lines: OccupancyData['lines'] = [];
  const limits: OccupancyData['limits'] = [];
  for (const c of proxies) {
    const { t0, dt, pool, queue } = c.series;
    const at = (i: number) => (t0 + i * dt) / unit.div;
    for (const p of downsampleMax(pool, maxPoints))
      lines.push({ proxy: c.id, t: at(p.index), what: OCCUPANCY_SERIES[0], value: p.value });
    for (const p of downsampleMax(queue, maxPoints))
      lines.push({ proxy: c.id, t: at(p.index), what: OCCUPANCY_SERIES[1], value: p.value });
    // Limits are drawn when approached, so a 4096 backlog does not flatten a queue of 10.
    if (c.capacity > 0 && c.poolMax >= 0.5 * c.capacity)
      limits.push({ proxy: c.id, value: c.capacity, label: `pool size ${c.capacity}` });
    if (c.acceptQueueCapacity > 0 && c.queueMax >= 0.5 * c.acceptQueueCapacity)
      limits.push({ proxy: c.id, value: c.acceptQueueCapacity, label: `accept-queue limit ${c.acceptQueueCapacity}` });
  }
  return { unit, proxies, lines, limits };
}

export function occupancyChart(r: ScenarioResult, maxProxies = 8): Spec {
  const { unit, proxies, lines, limits } = occupancyData(r, maxProxies);
  return chart(
    'Proxy pool occupancy and accept-queue length over time',
    'Line chart per proxy: busy connections and accept-queue length against simulated time, with the limits when approached.',
    {
      // One chart per proxy; its title is the proxy id, rendered as text.
      vconcat: proxies.map((c) => ({
        title: { text: c.id, fontSize: 11, fontWeight: 600, anchor: 'start', limit: WIDTH },
        width: WIDTH,
        height: 110,
        layer: [
          occupancyLines(
            lines.filter((l) => l.proxy === c.id),
            unit.name,
          ),
          ...limitLayers(limits.filter((l) => l.proxy === c.id)),
        ],
      })),
      spacing: 12,
      resolve: { scale: { x: 'shared', y: 'independent' } },
    },
  );
}

/** One proxy's busy connections and accept-queue length, as steps over simulated time. */
function occupancyLines(values: unknown[], unitName: string): Spec {
  const domain = [...OCCUPANCY_SERIES];
  return {
    data: { values },
    mark: { type: 'line', strokeWidth: 1.4, interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: `simulated time (${unitName})` },
      y: { field: 'value', type: 'quantitative', title: 'connections', axis: { tickCount: 4 } },
      color: {
        field: 'what',
        type: 'nominal',
        title: null,
        scale: { domain, range: ['#0072B2', '#D55E00'] },
        legend: { orient: 'bottom', symbolStrokeWidth: 2 },
      },
      strokeDash: {
        field: 'what',
        type: 'nominal',
        title: null,
        scale: {
          domain,
          range: [
            [1, 0],
            [5, 2],
          ],
        },
      },
      tooltip: [
        { field: 'what', title: 'series' },
        { field: 't', title: `time (${unitName})`, format: '.2f' },
        { field: 'value', title: 'connections' },
      ],
    },
  };
}

/** The pool size and accept-queue limit that a proxy approached, as dotted rules with labels. */
function limitLayers(values: unknown[]): Spec[] {
  if (values.length === 0) return [];
  const data = { values };
  return [
    {
      data,
      mark: { type: 'rule', color: '#59636e', strokeDash: [2, 3] },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#333' },
      encoding: {
        y: { field: 'value', type: 'quantitative' },
        x: { value: WIDTH - 2 },
        text: { field: 'label' },
      },
    },
  ];
}
