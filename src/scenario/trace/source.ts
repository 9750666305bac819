/**
 * Opening a trace: its format, its reader, and times made relative to the origin (the
 * `timeOrigin`, or the first row) and checked to run forward. The simulation and the loader's
 * scan read a trace through this one function, so they see the same rows.
 */
import type { Hash } from 'node:crypto';
import { detectFormat } from '../../calibrate/parse.js';
import type { ReplaySpec } from '../schema/replay.js';
import { CsvRows } from './csv.js';
import { TraceError } from './errors.js';
import { LineReader } from './lines.js';
import { LogRows } from './log.js';
import type { RowSource, TraceRow } from './row.js';

export type TraceFormat = 'csv' | 'haproxy' | 'eventlet';

/** Lines looked at to judge a log's format (as calibrate does). */
const SNIFF_LINES = 200;

/** The trace's format: as set, csv by the name, or judged from the first lines. */
export function traceFormat(abs: string, format: ReplaySpec['format']): TraceFormat {
  if (format !== 'auto') return format;
  if (/\.csv$/i.test(abs)) return 'csv';
  const r = new LineReader(abs);
  const lines: string[] = [];
  try {
    for (let l = r.next(); l !== null && lines.length < SNIFF_LINES; l = r.next()) lines.push(l);
  } finally {
    r.close();
  }
  const f = detectFormat(lines);
  if (f === null)
    throw new TraceError(0, '', 'neither a CSV (name it .csv or set format: csv) nor a log calibrate reads');
  return f;
}

/** `timeOrigin` in seconds: a number as is, a date string as Unix seconds; NaN if unreadable. */
export function originSeconds(o: ReplaySpec['timeOrigin']): number {
  if (o === undefined) return NaN;
  if (typeof o === 'number') return o;
  const t = Date.parse(o);
  return Number.isFinite(t) ? t / 1000 : NaN;
}

/** Rows with time relative to the origin, in time order. */
class Relative implements RowSource {
  private origin: number;
  private last = 0;

  constructor(
    private readonly rows: RowSource,
    origin: number,
  ) {
    this.origin = origin;
  }

  next(): TraceRow | null {
    const r = this.rows.next();
    if (r === null) return null;
    if (Number.isNaN(this.origin)) this.origin = r.time;
    const t = r.time - this.origin;
    if (t < 0) throw new TraceError(r.line, 'time', `${r.time} is before timeOrigin (${this.origin})`);
    if (t < this.last)
      throw new TraceError(r.line, 'time', `${r.time} is before the previous row's time: rows must be in time order`);
    this.last = t;
    r.time = t;
    return r;
  }

  close(): void {
    this.rows.close();
  }
}

/** The rows of the trace at `abs`, relative to the origin. Throws TraceError. */
export function openTrace(abs: string, spec: Pick<ReplaySpec, 'format' | 'timeOrigin'>, hash?: Hash): RowSource {
  const format = traceFormat(abs, spec.format);
  const lines = new LineReader(abs, hash);
  try {
    const rows = format === 'csv' ? new CsvRows(lines) : new LogRows(lines, format);
    return new Relative(rows, originSeconds(spec.timeOrigin));
  } catch (e) {
    lines.close();
    throw e;
  }
}
