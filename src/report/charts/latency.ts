/** Latency distribution charts: the CDF overlaid per scenario, and per-scenario histograms. */
import { LatencyHistogram } from '../../stats/histogram.js';
import type { Labelled } from '../types.js';
import { chart, seriesEncoding, WIDTH, type Spec } from './common.js';

/**
 * Empirical CDF at histogram bucket edges, thinned to one point per 1/100 decade (buckets are
 * 2% wide, so this keeps about every second one): [t, fraction of requests <= t].
 */
export function cdfPoints(h: LatencyHistogram): { t: number; F: number }[] {
  if (h.count === 0) return [];
  const bins = h.bins();
  const raw: { t: number; F: number }[] = [{ t: Math.max(bins[0].lo, 1e-6), F: 0 }];
  let acc = 0;
  for (const b of bins) {
    // Across empty buckets the CDF is flat: start each bucket from the previous level.
    const prev = raw[raw.length - 1];
    if (b.lo > prev.t * 1.0001) raw.push({ t: b.lo, F: prev.F });
    acc += b.count;
    raw.push({ t: Math.max(b.hi, 1e-6), F: acc / h.count });
  }
  // Thin to one point per 1/100 decade, keeping both ends of every flat stretch and the last.
  const out: { t: number; F: number }[] = [];
  let lastKey = NaN;
  let replaceable = false;
  for (const [i, p] of raw.entries()) {
    const key = Math.floor(Math.log10(p.t) * 100);
    const pinned =
      i === 0 || i === raw.length - 1 || raw[i - 1].F === p.F || (i + 1 < raw.length && raw[i + 1].F === p.F);
    if (key === lastKey && replaceable && !pinned) out[out.length - 1] = p;
    else out.push(p);
    lastKey = key;
    replaceable = !pinned;
  }
  return out;
}

export interface Marker {
  /** Position on the time axis (s). */
  t: number;
  /** Text next to the rule (ours, or data: never an expression). */
  label: string;
}

/** Latency CDFs on a log time axis, one line per result, with optional vertical markers. */
export function cdfChart(items: Labelled[], markers: Marker[] = []): Spec {
  const names = items.map((i) => i.label);
  const values = items.flatMap((i) =>
    cdfPoints(LatencyHistogram.fromJSON(i.result.histogram)).map((p) => ({ series: i.label, t: p.t, F: p.F })),
  );
  const layers: Spec[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: { field: 't', type: 'quantitative', scale: { type: 'log' }, title: 'latency (s, log scale)' },
        y: {
          field: 'F',
          type: 'quantitative',
          title: 'fraction of requests at or below (%)',
          scale: { domain: [0, 1] },
          axis: { format: '%' },
        },
        ...seriesEncoding(names, 'scenario'),
        tooltip: [
          { field: 'series', title: 'scenario' },
          { field: 't', title: 'latency (s)', format: '.3~s' },
          { field: 'F', title: 'at or below', format: '.2%' },
        ],
      },
    },
  ];
  if (markers.length > 0) {
    const data = { values: markers };
    layers.push(
      {
        data,
        mark: { type: 'rule', color: '#555', strokeDash: [3, 3] },
        encoding: { x: { field: 't', type: 'quantitative' } },
      },
      {
        data,
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 10, color: '#333' },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
      },
    );
  }
  return chart(
    'Latency CDF: fraction of requests answered within a time',
    'Cumulative distribution of request latency per scenario, log time axis.',
    { width: WIDTH, height: 300, layer: layers },
  );
}

/** Shares of requests in common log-width bins (1/20 decade), one row per result. */
export function histogramValues(
  items: Labelled[],
  perDecade = 20,
): { series: string; lo: number; hi: number; share: number }[] {
  const hs = items.map((i) => LatencyHistogram.fromJSON(i.result.histogram));
  const lows = hs.filter((h) => h.count > 0).map((h) => Math.log10(Math.max(h.min, 1e-6)));
  if (lows.length === 0) return [];
  const base = Math.floor(Math.min(...lows) * perDecade) / perDecade;
  const out: { series: string; lo: number; hi: number; share: number }[] = [];
  hs.forEach((h, k) => {
    const acc = new Map<number, number>();
    for (const b of h.bins()) {
      const mid = Math.sqrt(Math.max(b.lo, 1e-6) * b.hi);
      const i = Math.floor((Math.log10(mid) - base) * perDecade + 1e-9);
      acc.set(i, (acc.get(i) ?? 0) + b.count);
    }
    for (const [i, c] of [...acc].sort((a, b) => a[0] - b[0]))
      out.push({
        series: items[k].label,
        lo: 10 ** (base + i / perDecade),
        hi: 10 ** (base + (i + 1) / perDecade),
        share: c / h.count,
      });
  });
  return out;
}

export function histogramChart(items: Labelled[]): Spec {
  return chart(
    'Latency histogram: share of requests per log-width bin',
    'Histogram of request latency per scenario, log time axis, one row per scenario.',
    {
      data: { values: histogramValues(items) },
      facet: {
        row: {
          field: 'series',
          type: 'nominal',
          title: null,
          sort: items.map((i) => i.label),
          header: {
            labelAngle: 0,
            labelAlign: 'left',
            labelAnchor: 'start',
            labelOrient: 'top',
            labelLimit: WIDTH,
            labelFontWeight: 600,
          },
        },
      },
      spec: {
        width: WIDTH,
        height: 80,
        mark: { type: 'rect', fill: '#6b8fb5', stroke: '#1f2328', strokeWidth: 0.4 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title: 'latency (s, log scale)' },
          x2: { field: 'hi' },
          y: { field: 'share', type: 'quantitative', title: 'requests (%)', axis: { format: '%', tickCount: 3 } },
          tooltip: [
            { field: 'series', title: 'scenario' },
            { field: 'lo', title: 'from (s)', format: '.3~s' },
            { field: 'hi', title: 'to (s)', format: '.3~s' },
            { field: 'share', title: 'requests', format: '.2%' },
          ],
        },
      },
      resolve: { scale: { x: 'shared' } },
    },
  );
}
