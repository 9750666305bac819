/**
 * The replay CSV: a header naming the columns, then one request a line. `time` and `instance`
 * are required; `path` (kept for the reader, not used by the model), `session`, `keepalive`
 * (0/1), `service` and `hold` (seconds) are optional and an empty cell takes the default.
 * No quoting: a field holds no comma. Blank lines are skipped.
 */
import { TraceError } from './errors.js';
import type { LineReader } from './lines.js';
import type { RowSource, TraceRow } from './row.js';

export const CSV_COLUMNS = ['time', 'instance', 'path', 'session', 'keepalive', 'service', 'hold'] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Largest instance number a row may name (the instance count cap). */
const MAX_INSTANCE = 1_000_000_000;

function number(v: string, line: number, col: Column, min: number): number {
  const x = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) throw new TraceError(line, col, `${JSON.stringify(v.slice(0, 40))} is not a number`);
  if (x < min) throw new TraceError(line, col, `${v} is below ${min}`);
  return x;
}

export class CsvRows implements RowSource {
  /** Index of each known column in a line, -1 if absent. */
  private readonly at: Record<Column, number>;
  private readonly width: number;

  constructor(private readonly lines: LineReader) {
    const header = lines.next();
    if (header === null)
      throw new TraceError(1, '', 'the file is empty (a CSV trace starts with a header: time,instance,...)');
    const names = header.split(',').map((h) => h.trim());
    this.width = names.length;
    this.at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
    names.forEach((n, i) => {
      if (!(CSV_COLUMNS as readonly string[]).includes(n))
        throw new TraceError(1, n.slice(0, 40), `unknown column (the columns are ${CSV_COLUMNS.join(', ')})`);
      if (names.indexOf(n) !== i) throw new TraceError(1, n, 'named twice');
    });
    for (const c of ['time', 'instance'] as const)
      if (this.at[c] === -1) throw new TraceError(1, c, 'missing from the header (time and instance are required)');
  }

  next(): TraceRow | null {
    let l: string | null;
    do l = this.lines.next();
    while (l !== null && l.trim() === '');
    if (l === null) return null;
    const line = this.lines.line;
    const f = l.split(',');
    if (f.length !== this.width) throw new TraceError(line, '', `${f.length} fields, the header has ${this.width}`);
    const cell = (c: Column): string => (this.at[c] === -1 ? '' : f[this.at[c]].trim());
    const opt = (c: Column): number => (cell(c) === '' ? -1 : number(cell(c), line, c, 0));
    const instance = number(cell('instance'), line, 'instance', 0);
    if (!Number.isInteger(instance) || instance > MAX_INSTANCE)
      throw new TraceError(line, 'instance', `${cell('instance')} is not a whole number from 0 to ${MAX_INSTANCE}`);
    const keep = cell('keepalive');
    if (!['', '0', '1', 'true', 'false'].includes(keep))
      throw new TraceError(line, 'keepalive', `${JSON.stringify(keep.slice(0, 40))} is not 0, 1, true or false`);
    return {
      line,
      time: number(cell('time'), line, 'time', -Infinity),
      instance,
      session: cell('session'),
      keepalive: keep === '' ? -1 : keep === '1' || keep === 'true' ? 1 : 0,
      service: opt('service'),
      hold: opt('hold'),
    };
  }

  close(): void {
    this.lines.close();
  }
}
