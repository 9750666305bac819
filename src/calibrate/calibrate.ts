/**
 * nmsim calibrate: from access logs to a scenario fragment. Arrival rates per proxy (per-minute
 * bins), the response-time distribution fitted two ways plus an empirical table, HAProxy queue
 * and connect times, status classes and termination states.
 */
import { stringify } from 'yaml';
import type { DistSpec } from '../engine/distributions.js';
import { printable } from '../scenario/text.js';
import { fitAll, quantileOf, type Fit } from './fit.js';
import type { AccessRecord, ParseResult } from './parse.js';

export interface CalibrationInput {
  files: { path: string; result: ParseResult }[];
  /** Instances behind the proxies, to turn the arrival rate into a per-instance client. */
  instances?: number;
  /** haproxy logs describe the proxy; eventlet logs the proxy or the agent (wall time). */
  component: 'proxy' | 'agent';
}

export interface RateStats {
  source: string;
  requests: number;
  /** Observation span in seconds (first to last request). */
  span: number;
  meanPerSecond: number;
  peakPerMinute: number;
  perMinute: { minute: number; requests: number }[];
}

export interface Calibration {
  format: 'haproxy' | 'eventlet';
  lines: number;
  valid: number;
  malformed: number;
  malformedExamples: { file: string; lines: number[] }[];
  responseTimes: { n: number; mean: number; p50: number; p90: number; p99: number; max: number };
  best: Omit<Fit, 'cdf'>;
  fits: Omit<Fit, 'cdf'>[];
  empirical: DistSpec;
  rates: RateStats[];
  statusClasses: Record<string, number>;
  terminations: Record<string, number>;
  queueTime?: { mean: number; p99: number };
  connectTime?: { mean: number; p99: number };
  /** Sorted response times (for plotting), thinned to at most 2000. */
  sample: number[];
  fitCdfs: Fit[];
}

/** Longest span of a log's per-minute counts (one year and a day). */
export const MAX_SPAN_MINUTES = 366 * 1440;

export function rates(records: AccessRecord[]): RateStats[] {
  const bySource = new Map<string, number[]>();
  for (const r of records)
    if (Number.isFinite(r.time)) (bySource.get(r.source) ?? bySource.set(r.source, []).get(r.source)!).push(r.time);
  return [...bySource.entries()].map(([source, ts]) => {
    ts.sort((a, b) => a - b);
    const span = ts[ts.length - 1] - ts[0];
    const bins = new Map<number, number>();
    for (const t of ts) bins.set(Math.floor(t / 60), (bins.get(Math.floor(t / 60)) ?? 0) + 1);
    const first = Math.floor(ts[0] / 60);
    const last = Math.floor(ts[ts.length - 1] / 60);
    if (last - first > MAX_SPAN_MINUTES)
      throw new CalibrationError(
        `${printable(source)}: the log spans ${((last - first) / 1440).toFixed(0)} days; at most ${MAX_SPAN_MINUTES / 1440} days can be calibrated at once (split the log)`,
      );
    const perMinute: RateStats['perMinute'] = [];
    for (let m = first; m <= last; m++) perMinute.push({ minute: m - first, requests: bins.get(m) ?? 0 });
    return {
      source,
      requests: ts.length,
      span,
      // n arrivals over a span have n - 1 gaps: the unbiased rate estimate for a Poisson stream.
      meanPerSecond: span > 0 ? (ts.length - 1) / span : NaN,
      // A loop, not Math.max(...list): months of minutes would overflow the call stack.
      peakPerMinute: perMinute.reduce((m, p) => Math.max(m, p.requests), 0),
      perMinute,
    };
  });
}

const summary = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p99: quantileOf(s, 0.99) };
};

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

export function calibrate(input: CalibrationInput): Calibration {
  for (const f of input.files)
    if (f.result.records.length === 0)
      throw new CalibrationError(`${f.path}: no valid ${f.result.format} log line among ${f.result.lines} line(s)`);
  const records = input.files.flatMap((f) => f.result.records);
  const times = records.map((r) => r.responseTime).filter((x) => Number.isFinite(x) && x > 0);
  if (times.length < 2)
    throw new CalibrationError(
      `${input.files.map((f) => f.path).join(', ')}: fewer than two requests with a response time to fit`,
    );
  const { best, fits, empirical } = fitAll(times);
  const sorted = times.slice().sort((a, b) => a - b);
  const statusClasses: Record<string, number> = {};
  const terminations: Record<string, number> = {};
  for (const r of records) {
    const cls = r.status > 0 ? `${Math.floor(r.status / 100)}xx` : 'none';
    statusClasses[cls] = (statusClasses[cls] ?? 0) + 1;
    if (r.termination) terminations[r.termination] = (terminations[r.termination] ?? 0) + 1;
  }
  const tw = records.map((r) => r.queueTime).filter(Number.isFinite);
  const tc = records.map((r) => r.connectTime).filter(Number.isFinite);
  const stride = Math.max(1, Math.ceil(sorted.length / 2000));
  const strip = ({ cdf: _cdf, ...f }: Fit) => f;
  return {
    format: input.files[0].result.format,
    lines: input.files.reduce((a, f) => a + f.result.lines, 0),
    valid: records.length,
    malformed: input.files.reduce((a, f) => a + f.result.malformed, 0),
    malformedExamples: input.files
      .filter((f) => f.result.malformed > 0)
      .map((f) => ({ file: f.path, lines: f.result.malformedExamples })),
    responseTimes: {
      n: sorted.length,
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      p50: quantileOf(sorted, 0.5),
      p90: quantileOf(sorted, 0.9),
      p99: quantileOf(sorted, 0.99),
      max: sorted[sorted.length - 1],
    },
    best: strip(best),
    fits: fits.map(strip),
    empirical,
    rates: rates(records),
    statusClasses,
    terminations,
    ...(tw.length ? { queueTime: summary(tw) } : {}),
    ...(tc.length ? { connectTime: summary(tc) } : {}),
    sample: sorted.filter((_, i) => i % stride === 0),
    fitCdfs: fits,
  };
}

const round = (v: unknown): unknown =>
  typeof v === 'number'
    ? Number(v.toPrecision(6))
    : Array.isArray(v)
      ? v.map(round)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
        : v;

/** The YAML fragment: a base for scenarios to `extends:`, with the fit statistics as comments. */
export function fragmentYaml(c: Calibration, input: CalibrationInput, generatedFrom: string[]): string {
  const frag: Record<string, unknown> = {};
  if (c.format === 'haproxy') frag.proxy = { kind: 'haproxy' };
  frag.agent = { responseTime: round(c.best.spec) };
  const total = c.rates.reduce((a, r) => a + (Number.isFinite(r.meanPerSecond) ? r.meanPerSecond : 0), 0);
  if (input.instances !== undefined && total > 0) {
    frag.clients = [
      {
        kind: 'periodic',
        name: 'calibrated-load',
        interval: { kind: 'exponential', mean: round(input.instances / total) },
        requests: 1,
      },
    ];
  }
  const lines = [
    // File names may hold newlines: shown escaped, or they would inject keys into the YAML.
    `# nmsim calibrate: fitted from ${generatedFrom.map(printable).join(', ')}`,
    `# ${c.valid} valid line(s), ${c.malformed} malformed; ${c.responseTimes.n} response times (${c.format} ${c.format === 'haproxy' ? 'Tr' : 'wall time'}${input.component === 'proxy' && c.format === 'eventlet' ? ', measured at the proxy: includes proxy time' : ''})`,
    `# observed: mean ${c.responseTimes.mean.toPrecision(4)} s, p50 ${c.responseTimes.p50.toPrecision(4)}, p90 ${c.responseTimes.p90.toPrecision(4)}, p99 ${c.responseTimes.p99.toPrecision(4)}, max ${c.responseTimes.max.toPrecision(4)}`,
    ...c.fits.map(
      (f) =>
        `# ${f.family}: KS D = ${f.ks.toFixed(4)}, p ~ ${f.pValue.toPrecision(3)} (conservative: parameters fitted on the same data)`,
    ),
    `# chosen: ${c.best.family} (smaller KS distance). Empirical alternative:`,
    `#   responseTime: ${JSON.stringify(round(c.empirical))}`,
    ...c.rates.map(
      (r) =>
        `# arrivals at ${printable(r.source)}: ${r.requests} requests over ${r.span.toFixed(0)} s, mean ${r.meanPerSecond.toPrecision(4)}/s, peak ${r.peakPerMinute}/min`,
    ),
    '# Use it as the base of a scenario: `extends: <this file>` and add name, topology and clients.',
  ];
  return `${lines.join('\n')}\n${stringify(frag)}`;
}
