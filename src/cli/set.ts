/**
 * `--set path=v1,v2,...` (sweep), `--set path=value` (run, compare) and `--slo 'p99<2s'`
 * (capacity) arguments.
 */
import { parse as parseYaml } from 'yaml';
import { parsePath, PathError, type PathSegment } from '../scenario/paths.js';
import type { FieldSet } from '../scenario/overrides.js';
import { parseDuration } from '../scenario/units.js';
import { SLO_METRIC_NAMES, type SloMetricName } from '../scenario/schema.js';
import { higherIsBetter } from '../stats/run-metrics.js';
import { isShareMetric } from '../stats/study-metrics.js';
import { UsageError } from './common.js';

export interface SetArg {
  /** As written, e.g. "proxy.eventlet.poolSize". */
  path: string;
  segments: PathSegment[];
  values: unknown[];
}

/** Splits on commas outside brackets, braces and quotes: "1,{a: 1, b: 2},[3,4]" -> 3 parts. */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses one `--set` argument; values are YAML scalars (or flow collections). */
export function parseSet(arg: string): SetArg {
  const eq = arg.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`--set ${arg}: expected path=value1,value2,... (e.g. proxy.eventlet.poolSize=100,200)`);
  const path = arg.slice(0, eq).trim();
  let segments: PathSegment[];
  try {
    segments = parsePath(path);
  } catch (e) {
    if (e instanceof PathError) throw new UsageError(`--set ${arg}: ${e.message}`);
    throw e;
  }
  const raw = arg.slice(eq + 1);
  const values = splitTopLevel(raw).map((tok) => {
    if (tok.trim() === '') throw new UsageError(`--set ${arg}: empty value in the list`);
    try {
      return parseYaml(tok) as unknown;
    } catch (e) {
      throw new UsageError(`--set ${arg}: cannot parse "${tok}" (${(e as Error).message.split('\n')[0]})`);
    }
  });
  return { path, segments, values };
}

/**
 * The `--set path=value` arguments of run and compare: parsed as sweep's, one value each, each
 * field once.
 */
export function parseFieldSets(args: readonly string[] | undefined): FieldSet[] {
  const sets = (args ?? []).map((arg) => {
    const { path, segments, values } = parseSet(arg);
    if (values.length !== 1)
      throw new UsageError(
        `--set ${arg}: give one value (${values.length} given); to run a list of values, use nmsim sweep`,
      );
    return { path, segments, value: values[0] };
  });
  const paths = sets.map((s) => s.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) throw new UsageError(`--set ${twice} is given twice`);
  return sets;
}

export const SLO_METRICS = SLO_METRIC_NAMES;
export type SloMetric = SloMetricName;

/** "runSuccess>=99%", "runP99<5min", "p99<2s", "p99.9 <= 500ms", "timeoutRate<1%", "failureRate<0.001". */
export function parseSlo(s: string): { metric: SloMetric; threshold: number } {
  const m = /^\s*([A-Za-z0-9.]+)\s*(<=?|>=?)\s*(.+?)\s*$/.exec(s);
  const usage = `--slo "${s}": expected metric>=share for runSuccess or metric<threshold otherwise, e.g. 'runSuccess>=99%', 'runP99<5m', 'p99<2s', 'timeoutRate<1%' (metrics: ${SLO_METRICS.join(', ')})`;
  if (!m) throw new UsageError(usage);
  const metric = SLO_METRICS.find((x) => x.toLowerCase() === m[1].toLowerCase());
  if (!metric) throw new UsageError(usage);
  if (higherIsBetter(metric) !== m[2].startsWith('>'))
    throw new UsageError(
      `--slo "${s}": ${metric} is met when ${higherIsBetter(metric) ? 'at least' : 'at most'} the threshold: write ${metric}${higherIsBetter(metric) ? '>=' : '<'}...`,
    );
  m[2] = m[3];
  let threshold: number;
  if (isShareMetric(metric)) {
    const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(m[2]);
    threshold = pct ? Number(pct[1]) / 100 : Number(m[2]);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
      throw new UsageError(`--slo "${s}": a share threshold is a fraction (0.01) or a percentage (1%)`);
  } else {
    threshold = parseDuration(m[2]);
    if (!Number.isFinite(threshold) || threshold <= 0)
      throw new UsageError(`--slo "${s}": "${m[2]}" is not a duration > 0 (e.g. 2s, 500ms)`);
  }
  return { metric, threshold };
}
