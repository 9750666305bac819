/**
 * Bar charts: outcomes and stages as stacked bars with direct labels on every segment wide
 * enough to hold one (so they read without colour), and utilisation per component.
 */
import { OUTCOMES, STAGES } from '../../stats/results.js';
import { duration, percent } from '../format.js';
import type { Labelled } from '../types.js';
import { chart, OUTCOME_COLOURS, OUTCOME_LABELS, STAGE_COLOURS, STAGE_LABELS, WIDTH, type Spec } from './common.js';

export interface Segment {
  series: string;
  segment: string;
  order: number;
  value: number;
  x0: number;
  x1: number;
  /** The direct label, '' when the segment is too narrow for it. */
  text: string;
  shown: string;
}

const CHAR_PX = 6;

/**
 * Stacks segments per series (in `segments` order) and decides which get a direct label:
 * "name value" if it fits, the value alone if that fits, nothing otherwise.
 */
export function stack(
  rows: { series: string; segment: string; value: number }[],
  segments: string[],
  show: (v: number, total: number) => string,
  normalize: boolean,
): Segment[] {
  const series = [...new Set(rows.map((r) => r.series))];
  const totals = new Map(series.map((s) => [s, 0]));
  for (const r of rows) if (r.value > 0) totals.set(r.series, totals.get(r.series)! + r.value);
  const max = normalize ? 1 : Math.max(0, ...totals.values());
  const out: Segment[] = [];
  for (const s of series) {
    let x = 0;
    const total = totals.get(s)!;
    for (const [order, seg] of segments.entries()) {
      const r = rows.find((q) => q.series === s && q.segment === seg);
      const v = r && r.value > 0 ? r.value : 0;
      if (v === 0) continue;
      const w = normalize ? v / total : v;
      const px = max > 0 ? (w / max) * WIDTH : 0;
      const shown = show(v, total);
      const long = `${seg} ${shown}`;
      const text = px > long.length * CHAR_PX + 8 ? long : px > shown.length * CHAR_PX + 6 ? shown : '';
      out.push({ series: s, segment: seg, order, value: v, x0: x, x1: x + w, text, shown });
      x += w;
    }
  }
  return out;
}

function stackedBar(
  title: string,
  description: string,
  xTitle: string,
  data: Segment[],
  names: string[],
  segments: string[],
  colours: string[],
  percentAxis: boolean,
): Spec {
  const y = { field: 'series', type: 'nominal', title: null, sort: names, axis: { labelLimit: 240 } };
  return chart(title, description, {
    width: WIDTH,
    height: { step: 30 },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', stroke: '#1f2328', strokeWidth: 0.6 },
        encoding: {
          y,
          x: {
            field: 'x0',
            type: 'quantitative',
            title: xTitle,
            ...(percentAxis
              ? { scale: { domain: [0, 1] }, axis: { format: '%' } }
              : { axis: { format: '~g', tickCount: 8, labelOverlap: true } }),
          },
          x2: { field: 'x1' },
          color: {
            field: 'segment',
            type: 'nominal',
            title: null,
            scale: { domain: segments, range: colours },
            legend: { orient: 'bottom', columns: Math.min(segments.length, 7), symbolStrokeColor: '#1f2328' },
          },
          order: { field: 'order' },
          tooltip: [
            { field: 'series', title: 'scenario' },
            { field: 'segment', title: 'part' },
            { field: 'shown', title: 'value' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10, color: '#111' },
        encoding: {
          y,
          x: { field: 'mid', type: 'quantitative' },
          text: { field: 'text' },
        },
        transform: [{ calculate: '(datum.x0 + datum.x1) / 2', as: 'mid' }],
      },
    ],
  });
}

export function outcomesChart(items: Labelled[]): Spec {
  const segments = OUTCOMES.map((o) => OUTCOME_LABELS[o]);
  const rows = items.flatMap((i) =>
    OUTCOMES.map((o) => ({ series: i.label, segment: OUTCOME_LABELS[o], value: i.result.outcomeRates[o].mean })),
  );
  return stackedBar(
    'Outcomes: share of requests by how they ended',
    'Stacked bars per scenario: ok, client timeout, connect failure, HTTP 5xx.',
    'share of requests (%)',
    stack(rows, segments, (v) => percent(v, 1), true),
    items.map((i) => i.label),
    segments,
    OUTCOME_COLOURS,
    true,
  );
}

/** Stages as mean seconds per request (`share`: as shares of each scenario's total). */
export function stagesChart(items: Labelled[], share = false): Spec {
  const segments = STAGES.map((s) => STAGE_LABELS[s]);
  const rows = items.flatMap((i) =>
    STAGES.map((s) => ({ series: i.label, segment: STAGE_LABELS[s], value: i.result.stages[s].mean })),
  );
  return stackedBar(
    share
      ? 'Where the time goes, as shares: each stage’s part of the mean latency'
      : 'Where the time goes: mean seconds per request in each stage',
    `Stacked bars per scenario${share ? ', normalised to 100%' : ''}: SYN retries, listen queue, pool wait, proxy CPU, agent, RPC, Nova.`,
    share ? 'share of the mean time per request (%)' : 'mean time per request (s)',
    share ? stack(rows, segments, (v, total) => percent(v / total, 0), true) : stack(rows, segments, duration, false),
    items.map((i) => i.label),
    segments,
    STAGE_COLOURS,
    share,
  );
}

/** Components ranked by how loaded they are (pool or CPU), the busiest first. */
export function busiest<T extends { poolMean: number; capacity: number; cpuUtilisation: number }>(
  xs: T[],
  n: number,
): T[] {
  const load = (c: T) => Math.max(c.capacity > 0 ? c.poolMean / c.capacity : 0, c.cpuUtilisation || 0);
  return [...xs].sort((a, b) => load(b) - load(a)).slice(0, n);
}

export function utilisationValues(items: Labelled[], maxPerResult = 16) {
  return items.flatMap((i) =>
    busiest(i.result.components, maxPerResult).flatMap((c) =>
      (
        [
          ['pool', c.capacity > 0 ? c.poolMean / c.capacity : NaN],
          ['CPU', c.cpuUtilisation],
        ] as const
      )
        .filter(([, v]) => Number.isFinite(v))
        .map(([measure, v]) => ({
          series: i.label,
          component: c.id,
          measure,
          value: Math.min(1, Math.max(0, v)),
          text: `${measure} ${percent(v, 1)}`,
        })),
    ),
  );
}

export function utilisationChart(items: Labelled[], maxPerResult = 16): Spec {
  // Components in data order: busiest first.
  const y = { field: 'component', type: 'nominal', title: null, sort: null, axis: { labelLimit: 260 } };
  const yOffset = { field: 'measure', sort: ['pool', 'CPU'] };
  const x = { field: 'value', type: 'quantitative' };
  const layered: Spec = {
    width: WIDTH,
    height: { step: 16 },
    layer: [
      {
        mark: { type: 'bar', stroke: '#1f2328', strokeWidth: 0.5 },
        encoding: {
          y,
          yOffset,
          x: {
            ...x,
            stack: null,
            title: 'mean utilisation (% of pool slots or CPU)',
            // Room right of 100% for the direct labels.
            scale: { domain: [0, 1.3] },
            axis: { format: '%', values: [0, 0.25, 0.5, 0.75, 1] },
          },
          color: {
            field: 'measure',
            type: 'nominal',
            title: null,
            scale: { domain: ['pool', 'CPU'], range: ['#9ecae1', '#fdd0a2'] },
            legend: { orient: 'bottom', symbolStrokeColor: '#1f2328' },
          },
          tooltip: [
            { field: 'series', title: 'scenario' },
            { field: 'component' },
            { field: 'text', title: 'utilisation' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10, color: '#111', align: 'left', dx: 4 },
        encoding: { y, yOffset, x, text: { field: 'text' } },
      },
    ],
  };
  const values = utilisationValues(items, maxPerResult);
  const title = 'Utilisation per component: mean pool occupancy and CPU';
  const description = 'Grouped bars per component: pool occupancy and CPU utilisation as % of capacity.';
  if (items.length === 1) return chart(title, description, { data: { values }, ...layered });
  // One chart per result, stacked (a row facet of layers would need independent y scales,
  // which vega-lite warns about). The subtitle is the result's label, rendered as text.
  return chart(title, description, {
    vconcat: items.map((i) => ({
      title: { text: i.label, fontSize: 11, fontWeight: 600, anchor: 'start', limit: WIDTH },
      data: { values: values.filter((v) => v.series === i.label) },
      ...layered,
    })),
    spacing: 14,
  });
}
