/**
 * A metric against a varied parameter, with its confidence band: sweep curves (one line per
 * value of a second parameter) and the capacity search (points shaped by verdict, the SLO
 * threshold and the answer marked).
 */
import { chart, seriesEncoding, seriesShape, WIDTH, type Spec } from './common.js';

export interface CurvePoint {
  /** The varied value: a number, or a category (then plotted in the given order). */
  x: number | string;
  series: string;
  mean: number;
  lo: number;
  hi: number;
  /** Shown in the tooltip, and as the point's shape in capacity charts. */
  verdict?: string;
}

export interface CurveOptions {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  /** Legend title for the series (the second swept parameter). */
  seriesTitle?: string;
  /** Values are fractions shown as percentages. */
  percent?: boolean;
  /** Horizontal rule (the SLO threshold) with its label. */
  threshold?: { value: number; label: string };
  /** Vertical rule (the capacity answer) with its label, and a shaded bracket. */
  answer?: { value: number; label: string; bracket?: [number, number] };
  /** Order of categorical x values. */
  categories?: string[];
  /** Shape points by verdict (capacity). Durations spanning 1.5 decades or more get a log y axis. */
  verdictShapes?: boolean;
  /** The x axis covers this range (the range a capacity search covered), see {@link rangeAxis}. */
  xDomain?: [number, number];
  /**
   * Intervals as a shaded band between the points (default), or as a bar at each point only
   * (sweeps: a band between two values claims results nobody simulated).
   */
  intervals?: 'band' | 'bars';
  /**
   * No line between neighbouring points on opposite sides of this value (the SLO threshold):
   * a straight line there would show a crossing point that was never simulated.
   */
  breakLinesAt?: number;
}

/**
 * An x axis over a searched range: linear, unless the range spans two decades or more (then a
 * log axis, or the low end would be a sliver), with round ticks written in full (1,000 and
 * 20,000, not 1k or 2e+4) and at most about 8 of them.
 */
export function rangeAxis([lo, hi]: [number, number]): { scale: Spec; axis: Spec } {
  if (lo > 0 && hi / lo >= 100) {
    const values: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi; e++)
      for (const m of [1, 2, 5]) if (m * 10 ** e >= lo && m * 10 ** e <= hi) values.push(m * 10 ** e);
    // Too many round values over many decades: keep the powers of ten.
    const ticks = values.length > 10 ? values.filter((v) => Number.isInteger(Math.log10(v))) : values;
    return { scale: { type: 'log', domain: [lo, hi] }, axis: { values: ticks, format: ',~r', labelOverlap: true } };
  }
  return {
    scale: { type: 'linear', domain: [lo, hi], zero: false, nice: false },
    axis: { tickCount: 8, format: ',~r', labelOverlap: true },
  };
}

/**
 * `points` with a `segment` per series: a new segment starts where the mean crosses `at`, so
 * a line grouped by segment never joins two points on opposite sides of it.
 */
export function segmented<T extends CurvePoint>(
  points: T[],
  at: number | undefined,
  order: (p: T) => number,
): (T & { segment: string })[] {
  const out: (T & { segment: string })[] = [];
  for (const name of new Set(points.map((p) => p.series))) {
    const own = points.filter((p) => p.series === name).sort((a, b) => order(a) - order(b));
    let k = 0;
    own.forEach((p, i) => {
      const prev = own[i - 1];
      if (at !== undefined && prev && prev.mean <= at !== p.mean <= at) k++;
      out.push({ ...p, segment: `${name}\u0000${k}` });
    });
  }
  return out;
}

/** Log x when every value is positive and they span at least 1.5 decades. */
export function logScaleFits(xs: number[]): boolean {
  if (xs.length < 3 || xs.some((x) => !(x > 0))) return false;
  return Math.max(...xs) / Math.min(...xs) >= 30;
}

export const VERDICT_SHAPES = { meets: 'circle', fails: 'cross', uncertain: 'triangle-up' } as const;

export function curveChart(raw: CurvePoint[], o: CurveOptions): Spec {
  // Latencies and shares are never negative: a Student-t band of a rate near 0 is cut at 0
  // rather than stretching the axis below it.
  const clipped = raw.map((p) => (p.lo < 0 ? { ...p, lo: 0 } : p));
  const categorical = clipped.some((p) => typeof p.x === 'string');
  const rankOf = (p: CurvePoint) => (typeof p.x === 'number' ? p.x : (o.categories ?? []).indexOf(p.x));
  const points = segmented(clipped, o.breakLinesAt, rankOf);
  const names = [...new Set(points.map((p) => p.series))];
  const xEnc = xEncoding(points, o, categorical);
  const layers: Spec[] = [];
  if (o.answer?.bracket && !categorical) layers.push(bracketLayer(o.answer.bracket));
  layers.push(...seriesLayers(points, names, xEnc, o));
  if (names.length > 1) layers.push(endLabelLayer(points, names, xEnc, rankOf));
  if (o.threshold) layers.push(...thresholdLayers(o.threshold));
  if (o.answer && !categorical) layers.push(...answerLayers(o.answer));
  return chart(o.title, o.description, { width: WIDTH, height: 260, data: { values: points }, layer: layers });
}

function xEncoding(points: CurvePoint[], o: CurveOptions, categorical: boolean): Spec {
  if (categorical)
    return {
      field: 'x',
      type: 'ordinal',
      title: o.xTitle,
      sort: o.categories ?? null,
      axis: { labelAngle: 0, labelLimit: 160 },
    };
  if (o.xDomain) return { field: 'x', type: 'quantitative', title: o.xTitle, ...rangeAxis(o.xDomain) };
  const xs = points.map((p) => p.x).filter((x): x is number => typeof x === 'number');
  return {
    field: 'x',
    type: 'quantitative',
    title: o.xTitle,
    scale: logScaleFits(xs) ? { type: 'log' } : { zero: false },
  };
}

/** The capacity search's bracket around its answer, shaded. */
function bracketLayer([a, b]: [number, number]): Spec {
  return {
    data: { values: [{ a, b }] },
    mark: { type: 'rect', color: '#1a7f37', opacity: 0.12 },
    encoding: { x: { field: 'a', type: 'quantitative' }, x2: { field: 'b' } },
  };
}

/** Line, interval (band or bars) and points of every series. */
function seriesLayers(points: CurvePoint[], names: string[], xEnc: Spec, o: CurveOptions): Spec[] {
  const ys = points.flatMap((p) => [p.lo, p.mean]).filter((y) => Number.isFinite(y));
  const logY = !o.percent && logScaleFits(ys.filter((y) => y > 0)) && ys.every((y) => y > 0);
  const yScale = logY ? { type: 'log' } : { zero: true };
  const yAxis = o.percent ? { format: '%' } : {};
  const series = seriesEncoding(names, o.seriesTitle ?? null);
  const fmt = o.percent ? '.2%' : '.3~s';
  // The line layer comes first so the merged legend draws line symbols (dash and colour).
  return [
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: xEnc,
        y: { field: 'mean', type: 'quantitative', title: o.yTitle, scale: yScale, axis: yAxis },
        color: series.color,
        strokeDash: series.strokeDash,
        detail: { field: 'segment', type: 'nominal' },
      },
    },
    {
      mark:
        o.intervals === 'bars'
          ? { type: 'rule', strokeWidth: 2.5, opacity: 0.55 }
          : { type: 'area', opacity: 0.18, interpolate: 'linear' },
      encoding: {
        x: xEnc,
        y: { field: 'lo', type: 'quantitative', title: o.yTitle, scale: yScale, axis: yAxis },
        y2: { field: 'hi' },
        color: series.color,
        ...(o.intervals === 'bars' ? {} : { detail: { field: 'segment', type: 'nominal' } }),
      },
    },
    {
      mark: { type: 'point', filled: true, size: 60, stroke: '#1f2328', strokeWidth: 0.6 },
      encoding: {
        x: xEnc,
        y: { field: 'mean', type: 'quantitative', scale: yScale },
        color: series.color,
        shape: o.verdictShapes
          ? {
              field: 'verdict',
              type: 'nominal',
              title: 'verdict',
              scale: { domain: Object.keys(VERDICT_SHAPES), range: Object.values(VERDICT_SHAPES) },
              legend: { orient: 'bottom' },
            }
          : seriesShape(names, o.seriesTitle ?? null),
        tooltip: [
          ...(names.length > 1 ? [{ field: 'series', title: o.seriesTitle ?? 'series' }] : []),
          { field: 'x', title: o.xTitle },
          { field: 'mean', title: 'mean', format: fmt },
          { field: 'lo', title: 'CI low', format: fmt },
          { field: 'hi', title: 'CI high', format: fmt },
          ...(o.verdictShapes ? [{ field: 'verdict' }] : []),
        ],
      },
    },
  ];
}

/** Direct labels at the end of each line, so the series read without colour or legend. */
function endLabelLayer(points: CurvePoint[], names: string[], xEnc: Spec, rankOf: (p: CurvePoint) => number): Spec {
  const ends = names.map((s) => {
    const own = points.filter((p) => p.series === s && Number.isFinite(p.mean));
    return own.reduce((a, b) => (rankOf(b) >= rankOf(a) ? b : a), own[0]);
  });
  return {
    data: { values: ends.filter(Boolean).map((p) => ({ x: p.x, mean: p.mean, label: p.series })) },
    mark: { type: 'text', align: 'left', dx: 8, fontSize: 10, color: '#1f2328' },
    encoding: { x: xEnc, y: { field: 'mean', type: 'quantitative' }, text: { field: 'label' } },
  };
}

/** The SLO threshold: a dashed red rule with its label at the right edge. */
function thresholdLayers(threshold: { value: number; label: string }): Spec[] {
  const data = { values: [threshold] };
  return [
    {
      data,
      mark: { type: 'rule', color: '#b3261e', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, fontSize: 10, color: '#b3261e' },
      encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: WIDTH }, text: { field: 'label' } },
    },
  ];
}

/** The capacity answer: a green rule with its label at the top. */
function answerLayers(answer: { value: number; label: string }): Spec[] {
  const data = { values: [answer] };
  return [
    {
      data,
      mark: { type: 'rule', color: '#1a7f37', strokeWidth: 2.5 },
      encoding: { x: { field: 'value', type: 'quantitative' } },
    },
    {
      data,
      mark: {
        type: 'text',
        align: 'left',
        baseline: 'top',
        dx: 5,
        dy: 4,
        fontSize: 11,
        fontWeight: 'bold',
        color: '#1a7f37',
      },
      encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
}
