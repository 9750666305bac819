/**
 * Parsers for the metadata path's access logs. Each returns one record per valid line and
 * counts the lines it could not read (with a few example line numbers); a bad line is never
 * fatal.
 *
 * - HAProxy `option httplog` (Neutron's HAProxy metadata proxy), with or without a syslog
 *   prefix: client:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes
 *   cookies termination-state actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
 *   {captures} "request". Timers are milliseconds; -1 marks a phase that did not happen.
 * - eventlet WSGI as Neutron logs it (oslo.service's wsgi_log_format):
 *   `client_ip "request_line" status: 200  len: 123 time: 0.0123456`, usually behind oslo.log's
 *   `2017-05-01 12:00:00.123 1234 INFO neutron.wsgi [-]` prefix; and eventlet's own default
 *   `client_ip - - [01/May/2017 12:00:00] "request_line" 200 123 0.012345`.
 */

export interface AccessRecord {
  /** Seconds since the epoch, when the log gives a date; NaN otherwise. */
  time: number;
  /** The proxy (HAProxy frontend) or the file the line came from. */
  source: string;
  /** The client's address as logged ('' when the line has none): replay maps it to an instance. */
  client: string;
  status: number;
  /** Server (agent) response time, seconds: HAProxy Tr, eventlet wall time. */
  responseTime: number;
  /** HAProxy only: time queued (Tw) and connecting to the server (Tc), seconds; NaN if absent. */
  queueTime: number;
  connectTime: number;
  /** HAProxy termination state (e.g. "----", "sH--"), "" for eventlet. */
  termination: string;
}

export interface ParseResult {
  records: AccessRecord[];
  lines: number;
  malformed: number;
  malformedExamples: number[];
  format: 'haproxy' | 'eventlet';
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const HAPROXY =
  /(\S+):(\d+) \[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?\] (\S+) (\S+)\/(\S+) (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/\+?(-?\d+) (\d{3}|-1) \+?(\d+) \S+ \S+ ([-\w]{4}) \d+\/\d+\/\d+\/\d+\/\+?\d+ \d+\/\d+(?: \{[^}]*\})*(?: "[^"]*")?/;

const NEUTRON_WSGI = /"[A-Z]+ [^"]*" status: (\d{3})\s+len: (\d+)\s+time: (\d+(?:\.\d+)?)/;
const EVENTLET_DEFAULT =
  /\[(\d{2})\/(\w{3})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})\] "[A-Z]+ [^"]*" (\d{3}) (\d+|-) (\d+(?:\.\d+)?)\s*$/;
/** The address before the request line (Neutron's format) or before "- - [date]" (eventlet's). */
const WSGI_CLIENT = /(\S+) "[A-Z]+ [^"]*" status:/;
const EVENTLET_CLIENT = /(\S+) \S+ \S+ \[\d{2}\/\w{3}\/\d{4} /;
const OSLO_PREFIX = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;

/** Seconds since the epoch, or NaN for a date that does not exist (31 Feb, hour 25): Date.UTC would roll it over. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (y < 1970 || y > 9999 || h > 23 || mi > 59 || s > 60) return NaN;
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo || back.getUTCDate() !== d) return NaN;
  return t / 1000;
}

export function parseHaproxyLine(line: string, fallbackSource: string): AccessRecord | null {
  const m = HAPROXY.exec(line);
  if (!m) return null;
  const month = MONTHS[m[4]];
  if (month === undefined) return null;
  const ms = (v: string) => (Number(v) < 0 ? NaN : Number(v) / 1000);
  const tr = ms(m[16]);
  const time = utc(Number(m[5]), month, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9] ?? 0));
  if (Number.isNaN(time)) return null; // an impossible date: a malformed line
  return {
    time,
    source: m[10] || fallbackSource,
    client: m[1],
    status: Number(m[18]),
    responseTime: tr,
    queueTime: ms(m[14]),
    connectTime: ms(m[15]),
    termination: m[20],
  };
}

export function parseEventletLine(line: string, source: string): AccessRecord | null {
  const n = NEUTRON_WSGI.exec(line);
  if (n) {
    const p = OSLO_PREFIX.exec(line);
    const time = p
      ? utc(
          Number(p[1]),
          Number(p[2]) - 1,
          Number(p[3]),
          Number(p[4]),
          Number(p[5]),
          Number(p[6]),
          Number((p[7] ?? '0').padEnd(3, '0').slice(0, 3)),
        )
      : NaN;
    if (p && Number.isNaN(time)) return null; // an impossible date: a malformed line
    return {
      time,
      source,
      client: WSGI_CLIENT.exec(line)?.[1] ?? '',
      status: Number(n[1]),
      responseTime: Number(n[3]),
      queueTime: NaN,
      connectTime: NaN,
      termination: '',
    };
  }
  const e = EVENTLET_DEFAULT.exec(line);
  if (e) {
    const month = MONTHS[e[2]];
    if (month === undefined) return null;
    const time = utc(Number(e[3]), month, Number(e[1]), Number(e[4]), Number(e[5]), Number(e[6]), 0);
    if (Number.isNaN(time)) return null; // an impossible date: a malformed line
    return {
      time,
      source,
      client: EVENTLET_CLIENT.exec(line)?.[1] ?? '',
      status: Number(e[7]),
      responseTime: Number(e[9]),
      queueTime: NaN,
      connectTime: NaN,
      termination: '',
    };
  }
  return null;
}

/**
 * When the request arrived, in seconds since the epoch: HAProxy stamps a line with the accept
 * date; eventlet's wsgi writes its line when the response is done (eventlet/wsgi.py
 * handle_one_response: `finish = time.time()`, then log.info with `date_time` and
 * `wall_seconds: finish - start`; oslo.log stamps that moment too), so the wall time is taken off.
 */
export function arrivalTime(r: AccessRecord, format: 'haproxy' | 'eventlet'): number {
  return format === 'eventlet' && Number.isFinite(r.responseTime) ? r.time - r.responseTime : r.time;
}

/**
 * A dated request as a replay row, by the one rule `calibrate --trace` and `kind: replay` of a
 * log both apply: at its arrival time, from its client address numbered 0, 1, ... in order of
 * first appearance (`clients` holds that numbering and grows), with its logged response time as
 * the measured service time (-1 when the log has none, e.g. a request no server answered).
 */
export function requestRow(
  r: AccessRecord,
  format: 'haproxy' | 'eventlet',
  clients: Map<string, number>,
): { time: number; instance: number; service: number } {
  let instance = clients.get(r.client);
  if (instance === undefined) clients.set(r.client, (instance = clients.size));
  const service = Number.isFinite(r.responseTime) && r.responseTime >= 0 ? r.responseTime : -1;
  return { time: arrivalTime(r, format), instance, service };
}

/** Which parser a file needs, judged from its first lines that either parser reads. */
export function detectFormat(lines: string[]): 'haproxy' | 'eventlet' | null {
  for (const l of lines.slice(0, 200)) {
    if (parseHaproxyLine(l, '')) return 'haproxy';
    if (parseEventletLine(l, '')) return 'eventlet';
  }
  return null;
}

/** Lines `auto` looks at to pick the format (detectFormat). */
const DETECT_LINES = 200;

/**
 * Parses a log slice by slice (a huge log is never one string): `add` takes the next lines,
 * `finish` returns the result. With `auto` the first DETECT_LINES lines pick the format.
 */
export class LogParser {
  private readonly records: AccessRecord[] = [];
  private readonly malformedExamples: number[] = [];
  private malformed = 0;
  private nonEmpty = 0;
  /** Lines seen so far (empty ones included), for the example line numbers. */
  private lineNo = 0;
  private fmt: 'haproxy' | 'eventlet' | undefined;
  /** Lines held until the format is known. */
  private held: string[] = [];

  constructor(
    private readonly source: string,
    format: 'haproxy' | 'eventlet' | 'auto',
  ) {
    if (format !== 'auto') this.fmt = format;
  }

  add(lines: readonly string[]): void {
    if (this.fmt === undefined) {
      this.held.push(...lines);
      if (this.held.length < DETECT_LINES) return;
      this.decide();
      return;
    }
    for (const line of lines) this.parseLine(line);
  }

  /** Counts a line too long to be a log line (read-log.ts drops its text) as malformed. */
  addOverlong(): void {
    this.add(['\u0000']);
  }

  finish(): ParseResult {
    if (this.fmt === undefined) this.decide();
    return {
      records: this.records,
      lines: this.nonEmpty,
      malformed: this.malformed,
      malformedExamples: this.malformedExamples,
      format: this.fmt!,
    };
  }

  private decide(): void {
    this.fmt = detectFormat(this.held) ?? 'haproxy';
    const held = this.held;
    this.held = [];
    for (const line of held) this.parseLine(line);
  }

  private parseLine(line: string): void {
    this.lineNo++;
    if (line.trim() === '') return;
    this.nonEmpty++;
    const r = this.fmt === 'haproxy' ? parseHaproxyLine(line, this.source) : parseEventletLine(line, this.source);
    // HAProxy logs a request that never reached a server with Tr = -1: it has no response time
    // to fit, but it still counts as an arrival and in the error rates.
    if (r === null || (this.fmt === 'eventlet' && !Number.isFinite(r.responseTime))) {
      this.malformed++;
      if (this.malformedExamples.length < 5) this.malformedExamples.push(this.lineNo);
      return;
    }
    this.records.push(r);
  }
}

/** Parses a whole log held in memory (tests, small inputs); the CLI reads logs in slices. */
export function parseLog(text: string, source: string, format: 'haproxy' | 'eventlet' | 'auto'): ParseResult {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const p = new LogParser(source, format);
  p.add(lines);
  return p.finish();
}
