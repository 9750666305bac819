/**
 * Load generator for the validation testbed: raw node:net sockets to a metadata proxy on
 * 127.0.0.1, so connect() time (and with it the kernel's SYN retransmissions) is part of every
 * measured latency.
 *
 * Modes (arrivals are Poisson in every mode: exponential gaps from a seeded generator):
 * - `poisson`: single GETs, each on a new connection, closed as soon as the response is read.
 * - `ohai-pre995`: sessions like ohai's OpenStack plugin before PR #995: a TCP probe whose
 *   socket is never closed (ohai's can_metadata_connect? leaves it open), then K sequential GETs,
 *   each on a NEW connection that stays open too; the session ends `holdTime` after its last
 *   response and closes them all (the chef-client run's process exits; this emulator has no
 *   garbage collector, so the simulated side uses `ohai.gcDelay: run-end`). A failed GET ends
 *   the crawl.
 * - `ohai-post995`: the same, on one persistent (keep-alive) connection that also stays open
 *   until the session ends (keep_alive_timeout only decides reuse; nothing closes it idle).
 *
 * Latency: from the start of connect() (or of the write, on a reused connection) to the last
 * byte of the response. A connect that takes longer than `connectTimeout` is a connectFailure;
 * a response not complete `readTimeout` after the request was written is a clientTimeout; a
 * status >= 500 is http5xx (the outcome names of src/stats/results.ts).
 *
 * Bounds: at most `maxArrivals` arrivals, only within `duration` seconds; after that, sessions
 * still running get `drainTimeout` seconds before every socket is destroyed.
 *
 * CLI: node dist/test/validation/loadgen.js --port P [--mode poisson] [--rate 50] [--duration 10]
 *      [--requests K] [--hold S] [--seed N] ... ; writes the LoadResult JSON to stdout.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../support/rng.js';

export type LoadMode = 'poisson' | 'ohai-pre995' | 'ohai-post995';
export type LoadOutcome = 'ok' | 'clientTimeout' | 'connectFailure' | 'http5xx' | 'error';

export interface LoadSpec {
  /** Loopback only. */
  host?: '127.0.0.1';
  port: number;
  mode: LoadMode;
  /** Arrivals (requests in poisson mode, sessions otherwise) per second. */
  rate: number;
  /** Arrival window in seconds. */
  duration: number;
  /** Hard cap on arrivals. */
  maxArrivals: number;
  /** GETs per session (ohai modes). */
  requests?: number;
  /** Seconds a session keeps its connections after its last response (ohai modes). */
  holdTime?: number;
  /** post-995: idle time after which the client drops the persistent connection. */
  keepAliveTimeout?: number;
  /** TCP probe before the crawl (ohai modes), with its timeout. */
  probe?: boolean;
  probeTimeout?: number;
  /** Seconds between one response and the next GET of a session. */
  thinkTime?: number;
  connectTimeout: number;
  readTimeout: number;
  /** Seconds after the arrival window before in-flight work is abandoned. */
  drainTimeout?: number;
  seed?: number;
  path?: string;
  /**
   * Service times drawn by the client (its own seeded stream, in the order requests start) and
   * sent as `?service=S`, which the testbed's backend uses instead of its own draw: every
   * request's service time is then known, served or not (replay traces).
   */
  service?: { kind: 'constant' | 'exponential'; mean: number; seed: number };
}

export interface RequestRecord {
  session: number;
  /** Index of the GET within its session. */
  index: number;
  /** Start, relative to the load's t0 (s). */
  start: number;
  /** End (response complete, timeout or failure), relative to t0 (s). */
  end: number;
  latency: number;
  /** Seconds connect() took; null on a reused connection. */
  connect: number | null;
  outcome: LoadOutcome;
  status: number;
  reused: boolean;
  /** The backend's X-Service-Time header (testbed only), seconds. */
  serviceTime?: number;
  /** The service time the client drew for this request (LoadSpec.service), seconds. */
  drawn?: number;
  error?: string;
}

export interface ProbeRecord {
  session: number;
  start: number;
  connect: number;
  ok: boolean;
}

export interface SessionRecord {
  session: number;
  start: number;
  end: number;
  ok: boolean;
  /** The probe failed, so the crawl was skipped. */
  skipped: boolean;
}

export interface LoadResult {
  spec: LoadSpec;
  /** performance.now() (ms) at the load's time 0, to align loads run together. */
  t0: number;
  /** Wall-clock seconds from t0 until everything was done or abandoned. */
  wallSeconds: number;
  arrivals: number;
  /** Requests still running when the drain timeout abandoned them (not in `requests`). */
  abandoned: number;
  requests: RequestRecord[];
  probes: ProbeRecord[];
  sessions: SessionRecord[];
}

const sleep = (s: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, s * 1000)));

type ConnectResult =
  { conn: HttpConn; seconds: number } | { conn: null; seconds: number; timeout: boolean; error: string };

interface Response {
  status: number;
  /** The server will close (Connection: close, or a close-delimited body). */
  close: boolean;
  /** X-Service-Time, if present. */
  serviceTime?: number;
}

/** A client socket with a minimal HTTP/1.1 response parser (Content-Length, chunked, close). */
export class HttpConn {
  private buf: Buffer = Buffer.alloc(0);
  closed = false;
  private pending: {
    resolve: (r: Response) => void;
    reject: (e: Error) => void;
  } | null = null;

  private constructor(readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.tryParse(false);
    });
    sock.on('end', () => {
      this.tryParse(true);
      this.markClosed(new Error('connection closed by server'));
    });
    sock.on('close', () => this.markClosed(new Error('connection closed')));
    sock.on('error', (e) => this.markClosed(e));
  }

  /** connect() with a timeout; the kernel's SYN retransmissions happen inside it. */
  static connect(port: number, timeout: number, tracked: Set<net.Socket>): Promise<ConnectResult> {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const sock = net.connect({ host: '127.0.0.1', port, noDelay: true });
      tracked.add(sock);
      sock.once('close', () => tracked.delete(sock));
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        sock.destroy();
        resolve({ conn: null, seconds: (performance.now() - t0) / 1000, timeout: true, error: 'connect timeout' });
      }, timeout * 1000);
      sock.once('connect', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ conn: new HttpConn(sock), seconds: (performance.now() - t0) / 1000 });
      });
      const fail = (error: string): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sock.destroy();
        resolve({ conn: null, seconds: (performance.now() - t0) / 1000, timeout: false, error });
      };
      sock.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
      // Destroyed from outside (the drain deadline) before connecting.
      sock.once('close', () => fail('closed before connect'));
    });
  }

  /** Sends a GET and waits for the complete response, or rejects (timeout, reset). */
  get(path: string, timeout: number): Promise<Response> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('connection closed'));
      const timer = setTimeout(() => {
        this.pending = null;
        this.close();
        reject(new TimeoutError());
      }, timeout * 1000);
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.sock.write(
        `GET ${path} HTTP/1.1\r\nHost: 169.254.169.254\r\nUser-Agent: nmsim-loadgen\r\nAccept: */*\r\n\r\n`,
      );
      this.tryParse(false);
    });
  }

  close(): void {
    if (this.closed && this.sock.destroyed) return;
    this.closed = true;
    this.sock.destroy();
  }

  private markClosed(e: Error): void {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  private tryParse(eof: boolean): void {
    if (this.pending === null) return;
    const head = this.buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const lines = this.buf.subarray(0, head).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!m) {
      this.pending.reject(new Error(`bad status line: ${lines[0]}`));
      this.pending = null;
      return;
    }
    const h = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) h.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
    }
    const bodyStart = head + 4;
    const closeHdr = (h.get('connection') ?? '').toLowerCase() === 'close' || lines[0].startsWith('HTTP/1.0');
    let end = -1;
    let closeDelimited = false;
    if (h.has('content-length')) {
      const n = Number(h.get('content-length'));
      if (this.buf.length >= bodyStart + n) end = bodyStart + n;
    } else if ((h.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
      let p = bodyStart;
      for (;;) {
        const nl = this.buf.indexOf('\r\n', p);
        if (nl < 0) break;
        const size = parseInt(this.buf.subarray(p, nl).toString('latin1'), 16);
        if (!Number.isFinite(size)) break;
        if (size === 0) {
          const fin = this.buf.indexOf('\r\n\r\n', nl);
          if (fin >= 0) end = fin + 4;
          break;
        }
        if (this.buf.length < nl + 2 + size + 2) break;
        p = nl + 2 + size + 2;
      }
    } else {
      closeDelimited = true;
      if (eof) end = this.buf.length;
    }
    if (end < 0) return;
    const status = Number(m[1]);
    this.buf = this.buf.subarray(end);
    const p = this.pending;
    this.pending = null;
    const st = h.get('x-service-time');
    p.resolve({ status, close: closeHdr || closeDelimited, serviceTime: st === undefined ? undefined : Number(st) });
  }
}

export class TimeoutError extends Error {
  constructor() {
    super('read timeout');
    this.name = 'TimeoutError';
  }
}

/** Runs one load and resolves with every request's record. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.host !== undefined && spec.host !== '127.0.0.1') throw new Error('loadgen: loopback only');
  if (!(spec.rate > 0) || !(spec.duration > 0) || !(spec.maxArrivals >= 1)) throw new Error('loadgen: bad bounds');
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const path = spec.path ?? '/latest/meta-data/instance-id';
  const rand = mulberry32(spec.seed ?? 1);
  const svc = spec.service;
  const serviceRand = mulberry32(svc?.seed ?? 1);
  /** The next client-drawn service time, to the microsecond the backend is sent. */
  const drawService = (): number => {
    const t = svc!.kind === 'constant' ? svc!.mean : -Math.log(1 - serviceRand()) * svc!.mean;
    return Math.round(t * 1e6) / 1e6;
  };
  const requests: RequestRecord[] = [];
  const probes: ProbeRecord[] = [];
  const sessions: SessionRecord[] = [];
  const open = new Set<HttpConn>();
  /** Every socket of this load, destroyed when it ends. */
  const tracked = new Set<net.Socket>();
  let inFlight = 0;
  let abandonedFlag = false;

  /** One GET; a new connection unless `reuse` is given and still open. */
  const get = async (
    session: number,
    index: number,
    reuse: HttpConn | null,
  ): Promise<{ rec: RequestRecord; conn: HttpConn | null }> => {
    const start = now();
    const rec: RequestRecord = {
      session,
      index,
      start,
      end: start,
      latency: 0,
      connect: null,
      outcome: 'ok',
      status: 0,
      reused: false,
    };
    let conn = reuse !== null && !reuse.closed ? reuse : null;
    rec.reused = conn !== null;
    let reqPath = path;
    if (svc !== undefined) {
      rec.drawn = drawService();
      reqPath = `${path}?service=${rec.drawn.toFixed(6)}`;
    }
    inFlight++;
    try {
      if (conn === null) {
        const c = await HttpConn.connect(spec.port, spec.connectTimeout, tracked);
        rec.connect = c.seconds;
        if (c.conn === null) {
          rec.outcome = c.timeout || c.error === 'ECONNREFUSED' ? 'connectFailure' : 'error';
          if (!c.timeout) rec.error = c.error;
          return { rec, conn: null };
        }
        conn = c.conn;
        open.add(conn);
      }
      try {
        const r = await conn.get(reqPath, spec.readTimeout);
        rec.status = r.status;
        if (r.serviceTime !== undefined) rec.serviceTime = r.serviceTime;
        rec.outcome = r.status >= 500 ? 'http5xx' : 'ok';
        if (r.close) conn.close();
        return { rec, conn: conn.closed ? null : conn };
      } catch (e) {
        conn.close();
        if (e instanceof TimeoutError) rec.outcome = 'clientTimeout';
        else {
          rec.outcome = 'error';
          rec.error = (e as Error).message;
        }
        return { rec, conn: null };
      }
    } finally {
      inFlight--;
      rec.end = now();
      rec.latency = rec.end - rec.start;
      if (!abandonedFlag) requests.push(rec);
    }
  };

  const closeLater = (conns: HttpConn[], after: number): Promise<void> =>
    sleep(after).then(() => {
      for (const c of conns) {
        c.close();
        open.delete(c);
      }
    });

  const session = async (id: number): Promise<void> => {
    const start = now();
    const K = spec.requests ?? 1;
    const post = spec.mode === 'ohai-post995';
    const held: HttpConn[] = [];
    if (spec.probe) {
      const c = await HttpConn.connect(spec.port, spec.probeTimeout ?? 2, tracked);
      if (abandonedFlag) return;
      probes.push({ session: id, start, connect: c.seconds, ok: c.conn !== null });
      if (c.conn === null) {
        sessions.push({ session: id, start, end: now(), ok: false, skipped: true });
        return;
      }
      // ohai never closes the probe's socket: it is held, idle, until the run ends.
      held.push(c.conn);
    }
    let conn: HttpConn | null = null;
    let ok = true;
    for (let i = 0; i < K; i++) {
      const x = await get(id, i, post ? conn : null);
      if (x.rec.outcome !== 'ok') {
        ok = false;
        x.conn?.close();
        break;
      }
      if (post) conn = x.conn;
      else if (x.conn !== null) held.push(x.conn);
      if (i < K - 1 && (spec.thinkTime ?? 0) > 0) await sleep(spec.thinkTime!);
    }
    const hold = spec.holdTime ?? 0;
    if (post && conn !== null) held.push(conn);
    await closeLater(held, hold);
    sessions.push({ session: id, start, end: now(), ok, skipped: false });
  };

  const running: Promise<void>[] = [];
  let arrivals = 0;
  let next = -Math.log(1 - rand()) / spec.rate;
  while (next < spec.duration && arrivals < spec.maxArrivals) {
    const wait = next - now();
    if (wait > 0) await sleep(wait);
    const id = arrivals++;
    if (spec.mode === 'poisson') {
      running.push(
        get(id, 0, null).then((x) => {
          x.conn?.close();
          if (x.conn) open.delete(x.conn);
        }),
      );
    } else running.push(session(id));
    next += -Math.log(1 - rand()) / spec.rate;
  }
  const drain = spec.drainTimeout ?? spec.connectTimeout + spec.readTimeout + (spec.holdTime ?? 0) + 5;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(running),
    new Promise<void>((r) => {
      timer = setTimeout(r, drain * 1000);
    }),
  ]);
  clearTimeout(timer);
  abandonedFlag = true;
  const abandoned = inFlight;
  for (const c of open) c.close();
  for (const s of tracked) s.destroy();
  return { spec, t0, wallSeconds: now(), arrivals, abandoned, requests, probes, sessions };
}

function parseArgs(argv: string[]): LoadSpec {
  const a = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--')) throw new Error(`unexpected argument ${k}`);
    a.set(k.slice(2), argv[++i] ?? '');
  }
  const num = (k: string, d?: number): number => {
    const v = a.get(k);
    if (v === undefined) {
      if (d === undefined) throw new Error(`--${k} is required`);
      return d;
    }
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${k} must be a number`);
    return n;
  };
  return {
    port: num('port'),
    mode: (a.get('mode') ?? 'poisson') as LoadMode,
    rate: num('rate', 50),
    duration: Math.min(num('duration', 10), 600),
    maxArrivals: Math.min(num('max-arrivals', 100_000), 1_000_000),
    requests: num('requests', 1),
    holdTime: num('hold', 0),
    keepAliveTimeout: num('keepalive-timeout', 10),
    probe: a.get('probe') === '1',
    probeTimeout: num('probe-timeout', 2),
    thinkTime: num('think', 0),
    connectTimeout: num('connect-timeout', 10),
    readTimeout: num('read-timeout', 10),
    seed: num('seed', 1),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runLoad(parseArgs(process.argv.slice(2)))
    .then((r) => process.stdout.write(JSON.stringify(r) + '\n'))
    .catch((e: unknown) => {
      process.stderr.write(`loadgen: ${(e as Error).message}\n`);
      process.exit(2);
    });
}
