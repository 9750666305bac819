/**
 * Vega-Lite specifications of the report's charts. Each chart has a title and axis titles
 * with units, and separates series by stroke dash or shape as well as colour, so it reads in
 * greyscale and print.
 */
import { LatencyHistogram } from '../stats/histogram.js';
import { STAGES, type ScenarioResult } from '../stats/results.js';

export type Spec = Record<string, unknown>;

const WIDTH = 640;
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
  [12, 4],
];
const seriesScale = (names: string[]) => ({
  legend: { orient: 'bottom', columns: 1, labelLimit: 600 },
  scale: { domain: names },
});
const dashScale = (names: string[]) => ({
  scale: { domain: names, range: names.map((_, i) => DASHES[i % DASHES.length]) },
  legend: null,
});

export const STAGE_LABELS: Record<string, string> = {
  synRetry: 'SYN retries',
  listenQueue: 'listen queue',
  poolWait: 'pool wait',
  proxyCpu: 'proxy CPU',
  agent: 'agent',
  rpc: 'RPC',
  nova: 'Nova',
};

/** Empirical CDF points at histogram bin edges (log-time axis). */
export function cdfPoints(r: ScenarioResult): { t: number; F: number }[] {
  const h = LatencyHistogram.fromJSON(r.histogram);
  const bins = h.bins();
  let acc = 0;
  const pts: { t: number; F: number }[] = [];
  for (const b of bins) {
    acc += b.count;
    pts.push({ t: Math.max(b.hi, 1e-6), F: acc / h.count });
  }
  return pts;
}

export function cdfChart(results: ScenarioResult[]): Spec {
  const names = results.map((r) => r.meta.name);
  const values = results.flatMap((r) => cdfPoints(r).map((p) => ({ scenario: r.meta.name, t: p.t, F: p.F })));
  return {
    title: 'Latency CDF (all requests, replications merged)',
    width: WIDTH,
    height: 300,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 't', type: 'quantitative', scale: { type: 'log' }, title: 'latency (s, log scale)' },
      y: { field: 'F', type: 'quantitative', title: 'fraction of requests at or below', scale: { domain: [0, 1] } },
      color: { field: 'scenario', type: 'nominal', ...seriesScale(names) },
      strokeDash: { field: 'scenario', type: 'nominal', ...dashScale(names) },
      tooltip: [
        { field: 'scenario' },
        { field: 't', title: 'latency (s)', format: '.4g' },
        { field: 'F', format: '.4f' },
      ],
    },
  };
}

/** Histogram re-binned to ~50 log bins so charts stay small. */
export function histogramChart(results: ScenarioResult[]): Spec {
  const values: { scenario: string; lo: number; hi: number; share: number }[] = [];
  for (const r of results) {
    const h = LatencyHistogram.fromJSON(r.histogram);
    const bins = h.bins().filter((b) => b.lo > 0);
    if (bins.length === 0) continue;
    const lo = Math.log10(bins[0].lo);
    const hi = Math.log10(bins[bins.length - 1].hi);
    const n = 50;
    const step = Math.max((hi - lo) / n, 1e-9);
    const acc = new Array<number>(n).fill(0);
    for (const b of bins) acc[Math.min(n - 1, Math.floor((Math.log10(b.lo) - lo) / step))] += b.count;
    acc.forEach((c, i) => {
      if (c > 0)
        values.push({
          scenario: r.meta.name,
          lo: 10 ** (lo + i * step),
          hi: 10 ** (lo + (i + 1) * step),
          share: c / h.count,
        });
    });
  }
  return {
    title: 'Latency histogram (share of requests per log-width bin)',
    width: WIDTH,
    height: 90,
    data: { values },
    facet: {
      row: {
        field: 'scenario',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelLimit: 600 },
      },
    },
    spec: {
      width: WIDTH,
      height: 90,
      mark: { type: 'rect', stroke: '#333', strokeWidth: 0.3 },
      encoding: {
        x: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title: 'latency (s, log scale)' },
        x2: { field: 'hi' },
        y: { field: 'share', type: 'quantitative', title: 'share' },
        tooltip: [
          { field: 'lo', format: '.3g' },
          { field: 'hi', format: '.3g' },
          { field: 'share', format: '.2%' },
        ],
      },
    },
  };
}

export function outcomesChart(results: ScenarioResult[]): Spec {
  const labels: Record<string, string> = {
    ok: 'ok',
    clientTimeout: 'client timeout',
    connectFailure: 'connect failure',
    http5xx: 'HTTP 5xx',
  };
  const values = results.flatMap((r) =>
    Object.entries(r.outcomeRates).map(([k, e], i) => ({
      scenario: r.meta.name,
      outcome: labels[k],
      order: i,
      share: e.mean,
    })),
  );
  return {
    title: 'Outcomes (share of requests)',
    width: WIDTH,
    data: { values },
    mark: { type: 'bar', stroke: '#222', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'scenario', type: 'nominal', title: null, axis: { labelLimit: 260 } },
      x: {
        field: 'share',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of requests (%)',
        axis: { format: '%' },
      },
      color: {
        field: 'outcome',
        type: 'nominal',
        scale: { domain: Object.values(labels) },
        legend: { orient: 'bottom' },
      },
      order: { field: 'order' },
      tooltip: [{ field: 'scenario' }, { field: 'outcome' }, { field: 'share', format: '.2%' }],
    },
  };
}

export function stagesChart(results: ScenarioResult[]): Spec {
  const values = results.flatMap((r) =>
    STAGES.map((st, i) => ({ scenario: r.meta.name, stage: STAGE_LABELS[st], order: i, seconds: r.stages[st].mean })),
  );
  return {
    title: 'Where the time goes (mean seconds per request, by stage)',
    width: WIDTH,
    data: { values },
    mark: { type: 'bar', stroke: '#222', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'scenario', type: 'nominal', title: null, axis: { labelLimit: 260 } },
      x: { field: 'seconds', type: 'quantitative', title: 'mean time per request (s)' },
      color: {
        field: 'stage',
        type: 'nominal',
        scale: { domain: STAGES.map((s) => STAGE_LABELS[s]) },
        legend: { orient: 'bottom' },
      },
      order: { field: 'order' },
      tooltip: [{ field: 'scenario' }, { field: 'stage' }, { field: 'seconds', format: '.4g' }],
    },
  };
}

/** Pool occupancy and accept-queue length over time for the proxies of one scenario. */
export function occupancyChart(r: ScenarioResult, maxProxies = 8): Spec {
  const proxies = r.components.filter((c) => c.kind.startsWith('proxy')).slice(0, maxProxies);
  const values = proxies.flatMap((c) =>
    c.series.pool.flatMap((p, i) => {
      const t = (c.series.t0 + i * c.series.dt) / 60;
      return [
        { proxy: c.id, t, what: `busy (of ${c.capacity})`, value: p },
        { proxy: c.id, t, what: 'accept queue', value: c.series.queue[i] },
      ];
    }),
  );
  return {
    title: `Proxy pool occupancy and accept-queue length over time — ${r.meta.name}`,
    data: { values },
    facet: {
      row: {
        field: 'proxy',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelLimit: 400 },
      },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: WIDTH,
      height: 120,
      mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'simulated time (min)' },
        y: { field: 'value', type: 'quantitative', title: 'connections' },
        color: { field: 'what', type: 'nominal', legend: { orient: 'bottom', title: null } },
        strokeDash: { field: 'what', type: 'nominal', legend: null },
        tooltip: [{ field: 'what' }, { field: 't', format: '.1f' }, { field: 'value' }],
      },
    },
  };
}

export function utilisationChart(results: ScenarioResult[]): Spec {
  const values = results.flatMap((r) =>
    r.components.map((c) => ({
      scenario: r.meta.name,
      component: c.id,
      pool: c.capacity > 0 ? c.poolMean / c.capacity : 0,
      cpu: c.cpuUtilisation,
    })),
  );
  return {
    title: 'Utilisation per component (mean pool occupancy and CPU, % of capacity)',
    width: WIDTH,
    data: { values },
    transform: [{ fold: ['pool', 'cpu'], as: ['measure', 'utilisation'] }],
    mark: { type: 'bar', stroke: '#222', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'component', type: 'nominal', title: null, axis: { labelLimit: 300 } },
      yOffset: { field: 'measure' },
      x: {
        field: 'utilisation',
        type: 'quantitative',
        title: 'utilisation (%)',
        axis: { format: '%' },
        scale: { domain: [0, 1] },
      },
      color: { field: 'measure', type: 'nominal', legend: { orient: 'bottom', title: null } },
      row:
        results.length > 1
          ? {
              field: 'scenario',
              type: 'nominal',
              title: null,
              header: { labelAngle: 0, labelAlign: 'left', labelLimit: 600 },
            }
          : undefined,
      tooltip: [
        { field: 'scenario' },
        { field: 'component' },
        { field: 'measure' },
        { field: 'utilisation', format: '.1%' },
      ],
    },
  };
}

/** A metric with its CI band against a swept value, one line per second-parameter value. */
export function curveChart(
  title: string,
  xTitle: string,
  yTitle: string,
  values: { x: number; mean: number; lo: number; hi: number; series: string }[],
  opts: { threshold?: number; answer?: number | null; logY?: boolean; percent?: boolean } = {},
): Spec {
  const series = [...new Set(values.map((v) => v.series))];
  const y = {
    type: 'quantitative',
    title: yTitle,
    scale: opts.logY ? { type: 'log' } : { zero: true },
    axis: opts.percent ? { format: '%' } : {},
  };
  const layers: Spec[] = [
    {
      mark: { type: 'errorband', opacity: 0.25 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle },
        y: { field: 'lo', ...y },
        y2: { field: 'hi' },
        color: { field: 'series', type: 'nominal', scale: { domain: series } },
      },
    },
    {
      mark: { type: 'line', point: { filled: true, size: 50 } },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle },
        y: { field: 'mean', ...y },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: series },
          legend: series.length > 1 ? { orient: 'bottom' } : null,
        },
        strokeDash: { field: 'series', type: 'nominal', ...dashScale(series) },
        shape: { field: 'series', type: 'nominal', legend: null },
        tooltip: [
          { field: 'series' },
          { field: 'x' },
          { field: 'mean', format: '.4g' },
          { field: 'lo', format: '.4g' },
          { field: 'hi', format: '.4g' },
        ],
      },
    },
  ];
  if (opts.threshold !== undefined)
    layers.push({
      data: { values: [{ thr: opts.threshold }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#b3261e' },
      encoding: { y: { field: 'thr', type: 'quantitative' } },
    });
  if (opts.answer !== undefined && opts.answer !== null)
    layers.push({
      data: { values: [{ a: opts.answer }] },
      mark: { type: 'rule', strokeWidth: 2, color: '#1a7f37' },
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
  return { title, width: WIDTH, height: 280, data: { values }, layer: layers };
}
