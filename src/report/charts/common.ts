/**
 * Shared pieces of the report's Vega-Lite specs. Charts separate series by stroke dash, point
 * shape or a direct text label as well as by colour, so they read in greyscale and in print.
 * User strings (scenario, network, component names, parameter values) only ever appear in
 * data values and scale domains, never in titles or expressions: Vega renders data as text.
 */
export type Spec = Record<string, unknown>;

/** Width of a chart's plot area (px); the page is about 1000 px wide. */
export const WIDTH = 660;

export const DASHES = [
  [1, 0],
  [7, 3],
  [2, 2],
  [9, 3, 2, 3],
  [1, 4],
  [14, 4],
  [5, 2, 1, 2],
  [3, 5],
];
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'wedge', 'stroke'];
/** Colour-blind-safe categorical colours (Okabe-Ito), dark enough for thin lines. */
export const LINE_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999933'];

export const STAGE_LABELS: Record<string, string> = {
  synRetry: 'SYN retries',
  listenQueue: 'listen queue',
  poolWait: 'pool wait',
  proxyCpu: 'proxy CPU',
  agent: 'agent',
  rpc: 'RPC',
  nova: 'Nova',
};
/** Light fills so black direct labels stay legible (ColorBrewer Set3-like). */
export const STAGE_COLOURS = ['#fb8072', '#fdb462', '#ffffb3', '#bebada', '#8dd3c7', '#b3de69', '#80b1d3'];

export const OUTCOME_LABELS: Record<string, string> = {
  ok: 'ok',
  clientTimeout: 'client timeout',
  connectFailure: 'connect failure',
  http5xx: 'HTTP 5xx',
};
export const OUTCOME_COLOURS = ['#b8e1b0', '#f4a582', '#d6604d', '#c2a5cf'];

/** Colour, dash and shape scales over the same series names, so legends merge into one. */
export function seriesEncoding(names: string[], title: string | null, legend = names.length > 1) {
  const domain = names;
  const at = <T>(xs: T[]) => names.map((_, i) => xs[i % xs.length]);
  return {
    color: {
      field: 'series',
      type: 'nominal',
      title,
      scale: { domain, range: at(LINE_COLOURS) },
      legend: legend
        ? { orient: 'bottom', direction: 'vertical', labelLimit: 560, symbolStrokeWidth: 2.5, symbolOpacity: 1 }
        : null,
    },
    strokeDash: {
      field: 'series',
      type: 'nominal',
      title,
      scale: { domain, range: at(DASHES) },
      legend: legend ? {} : null,
    },
  };
}

/** The point-shape scale matching {@link seriesEncoding} (its legend merges with theirs). */
export function seriesShape(names: string[], title: string | null, legend = names.length > 1) {
  const range = names.map((_, i) => SHAPES[i % SHAPES.length]);
  return { field: 'series', type: 'nominal', title, scale: { domain: names, range }, legend: legend ? {} : null };
}

export const AXIS_CONFIG = {
  config: {
    font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
    title: { fontSize: 13, fontWeight: 600, anchor: 'start', offset: 8 },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500, gridColor: '#eceff2' },
    legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500 },
    header: { labelFontSize: 11 },
    view: { stroke: '#d1d9e0' },
    // No per-item ARIA descriptions: the figure is labelled and its data are in a table
    // beside it (and thousands of descriptions would triple the SVG).
    mark: { aria: false },
  },
};

/** A top-level spec: title, accessible description, the shared config. */
export function chart(title: string, description: string, body: Spec): Spec {
  return {
    title,
    description,
    ...body,
    ...AXIS_CONFIG,
  };
}

/** Thins a series to at most `max` points, keeping each bucket's maximum (peaks survive). */
export function downsampleMax(xs: number[], max: number): { index: number; value: number }[] {
  if (xs.length <= max) return xs.map((value, index) => ({ index, value }));
  const step = xs.length / max;
  const out: { index: number; value: number }[] = [];
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * step);
    const to = Math.min(xs.length, Math.floor((b + 1) * step));
    let best = from;
    for (let i = from; i < to; i++) if (xs[i] > xs[best]) best = i;
    out.push({ index: from, value: xs[best] });
  }
  return out;
}

/** Up to `max` items spread evenly over the list, always with the first and the last. */
export function spread<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const idx = new Set<number>();
  for (let i = 0; i < max; i++) idx.add(Math.round((i * (xs.length - 1)) / (max - 1)));
  return [...idx].sort((a, b) => a - b).map((i) => xs[i]);
}
