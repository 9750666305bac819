/**
 * An access log as a trace, read with `nmsim calibrate`'s parsers (src/calibrate/parse.ts):
 * each line one request at its arrival (HAProxy's accept date; eventlet's log time less the
 * request's wall time, as its line is written at the end), from the instance its client address is numbered
 * (0, 1, ... in order of first appearance), with the logged response time as its measured
 * service time (HAProxy Tr; eventlet's wall time) when it has one.
 *
 * HAProxy writes a line when the request ends but stamps it with the accept date, so lines are
 * out of order by up to a request's duration: rows wait in a small heap until the log has gone
 * REORDER_SECONDS past them. A line further out of order than that is an error, as is a request
 * line the parser does not read (a replay must have every request, unlike a fit); lines with no
 * HTTP request in them (start-up messages, tracebacks) are passed over.
 */
import { parseEventletLine, parseHaproxyLine, requestRow, type AccessRecord } from '../../calibrate/parse.js';
import { TraceError } from './errors.js';
import type { LineReader } from './lines.js';
import type { RowSource, TraceRow } from './row.js';

/** An HTTP request line in quotes: a log line holding one is a request, whatever else it holds. */
const REQUEST_LINE = /"[A-Z]+ \S+ HTTP\/\d/;

/** How far out of time order a log line may be (longer than any request the proxies allow). */
export const REORDER_SECONDS = 300;

/** Min-heap of rows by (time, line): ties leave in file order. */
class RowHeap {
  private readonly a: TraceRow[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): TraceRow {
    return this.a[0];
  }
  private less(i: number, j: number): boolean {
    const x = this.a[i];
    const y = this.a[j];
    return x.time < y.time || (x.time === y.time && x.line < y.line);
  }
  private swap(i: number, j: number): void {
    [this.a[i], this.a[j]] = [this.a[j], this.a[i]];
  }
  push(r: TraceRow): void {
    this.a.push(r);
    for (let i = this.a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): TraceRow {
    const top = this.a[0];
    const last = this.a.pop()!;
    if (this.a.length > 0) {
      this.a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

export class LogRows implements RowSource {
  private readonly parse: (line: string, source: string) => AccessRecord | null;
  private readonly clients = new Map<string, number>();
  private readonly heap = new RowHeap();
  private newest = -Infinity;
  private released = -Infinity;
  private eof = false;
  /** Lines that are not requests (passed over). */
  skipped = 0;

  constructor(
    private readonly lines: LineReader,
    private readonly format: 'haproxy' | 'eventlet',
  ) {
    this.parse = format === 'haproxy' ? parseHaproxyLine : parseEventletLine;
  }

  /** Distinct client addresses seen so far. */
  get instances(): number {
    return this.clients.size;
  }

  private read(): void {
    const l = this.lines.next();
    if (l === null) {
      this.eof = true;
      return;
    }
    if (l.trim() === '') return;
    const line = this.lines.line;
    const r = this.parse(l, '');
    if (r === null) {
      // A request the parser cannot read is an error; other messages (HAProxy's "Proxy
      // started", the agent's tracebacks) are not requests and are passed over.
      if (REQUEST_LINE.test(l))
        throw new TraceError(line, '', 'a request line the log format does not match (a replay needs every request)');
      this.skipped++;
      return;
    }
    if (!Number.isFinite(r.time)) throw new TraceError(line, 'time', 'the line has no date');
    const { time, instance, service } = requestRow(r, this.format, this.clients);
    if (time < this.released)
      throw new TraceError(line, 'time', `more than ${REORDER_SECONDS} s before a line above it`);
    this.heap.push({ line, time, instance, session: '', keepalive: -1, service, hold: -1 });
    this.newest = Math.max(this.newest, time);
  }

  next(): TraceRow | null {
    while (!this.eof && (this.heap.size === 0 || this.heap.peek().time > this.newest - REORDER_SECONDS)) this.read();
    if (this.heap.size === 0) return null;
    const r = this.heap.pop();
    this.released = r.time;
    return r;
  }

  close(): void {
    this.lines.close();
  }
}
