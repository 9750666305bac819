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

/** Which parser a file needs, judged from its first lines that either parser reads. */
export function detectFormat(lines: string[]): 'haproxy' | 'eventlet' | null {
  for (const l of lines.slice(0, 200)) {
    if (parseHaproxyLine(l, '')) return 'haproxy';
    if (parseEventletLine(l, '')) return 'eventlet';
  }
  return null;
}

export function parseLog(text: string, source: string, format: 'haproxy' | 'eventlet' | 'auto'): ParseResult {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const fmt = format === 'auto' ? (detectFormat(lines) ?? 'haproxy') : format;
  const parse = fmt === 'haproxy' ? parseHaproxyLine : parseEventletLine;
  const records: AccessRecord[] = [];
  const malformedExamples: number[] = [];
  let malformed = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parse(line, source);
    // HAProxy logs a request that never reached a server with Tr = -1: it has no response time
    // to fit, but it still counts as an arrival and in the error rates.
    if (r === null || (fmt === 'eventlet' && !Number.isFinite(r.responseTime))) {
      malformed++;
      if (malformedExamples.length < 5) malformedExamples.push(i + 1);
      return;
    }
    records.push(r);
  });
  return { records, lines: lines.filter((l) => l.trim() !== '').length, malformed, malformedExamples, format: fmt };
}
