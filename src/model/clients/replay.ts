/**
 * Replay of a measured trace (a CSV or an access log, src/scenario/trace/): each row is one GET,
 * sent at its time (trace time 0 = `start` after warm-up) from the population's instance
 * `row.instance mod n`, through whatever design the scenario describes.
 *
 * Connections: a row without a session opens its own connection and closes it after the
 * response (or `hold` seconds later: a client that keeps its socket, as ohai does). Rows with
 * the same session on one instance are one HTTP/1.1 client: sent in turn on one connection (a
 * row whose time comes while the previous one is out waits for it), kept for the next row
 * unless the row says keepalive 0, and closed after `sessionIdle` (or the row's hold) without
 * a next row. A row whose `service` is set carries that measured time to the agent
 * (Req.service) when `serviceTimes` is on.
 *
 * Runs: every row is a run of its own (started when sent, resolved with its response), so the
 * population's run counts, failures and openAtCap count requests.
 *
 * Memory: the trace is read a row ahead (one arrival event pending at a time), so a trace of
 * a million rows costs the same as one of ten; only sessions with an open connection or rows
 * waiting are held.
 */
import type { EventHandle } from '../../engine/calendar.js';
import type { ReplaySpec } from '../../scenario/schema.js';
import type { RowSource, TraceRow } from '../../scenario/trace/row.js';
import { openTrace } from '../../scenario/trace/source.js';
import type { Conn } from '../connection.js';
import type { Instance } from '../topology.js';
import { httpGet, type ClientContext, type Exchange } from './http-client.js';
import type { SpawnPopulation } from './population.js';

/** One session's client: its connection between rows and the rows waiting their turn. */
class Session {
  conn: Conn | null = null;
  busy = false;
  idle: EventHandle = -1;
  readonly waiting: TraceRow[] = [];
  constructor(
    readonly key: string,
    readonly inst: Instance,
  ) {}
}

const closeConn = (c: Conn): void => c.close();

export class Replayer {
  private readonly sessions = new Map<string, Session>();
  private rows: RowSource | null;
  /** Absolute simulated time of trace time 0. */
  private readonly t0: number;

  constructor(
    private readonly ctx: ClientContext,
    private readonly spec: ReplaySpec,
    private readonly instances: Instance[],
    warmup: number,
  ) {
    this.t0 = warmup + spec.start;
    this.rows = instances.length > 0 ? openTrace(spec.file, spec) : null;
    this.schedule();
  }

  /** Reads the next row and schedules its arrival; at the end (or window's close), closes the file. */
  private schedule(): void {
    if (this.rows === null) return;
    let r: TraceRow | null;
    try {
      r = this.rows.next();
    } catch (e) {
      this.rows.close();
      throw new Error(`${this.spec.file}: ${(e as Error).message} (the trace changed since it was checked)`);
    }
    if (r === null) {
      this.rows.close();
      this.rows = null;
      return;
    }
    this.ctx.sim.cal.scheduleAt(Math.max(this.ctx.sim.now, this.t0 + r.time), this.arrive, r);
  }

  private readonly arrive = (r: TraceRow): void => {
    // After the measurement window no new request starts (the loader refuses a trace that runs past it).
    if (!this.ctx.rec.accepting) {
      this.rows?.close();
      this.rows = null;
      return;
    }
    const inst = this.instances[r.instance % this.instances.length];
    if (r.session === '') this.send(r, inst, null);
    else {
      const key = `${inst.index}\u0000${r.session}`;
      let s = this.sessions.get(key);
      if (s === undefined) this.sessions.set(key, (s = new Session(key, inst)));
      if (s.busy) s.waiting.push(r);
      else this.send(r, inst, s);
    }
    this.schedule();
  };

  private send(r: TraceRow, inst: Instance, s: Session | null): void {
    const { ctx } = this;
    const counted = ctx.rec.runStarted(ctx.pop);
    const sent = ctx.sim.now;
    let existing: Conn | null = null;
    if (s !== null) {
      s.busy = true;
      if (s.idle !== -1) ctx.sim.cal.cancel(s.idle);
      s.idle = -1;
      existing = s.conn;
      s.conn = null;
    }
    const service = this.spec.serviceTimes ? r.service : -1;
    // One closure per request: it carries the row, the session and the send time to the reply,
    // and the request itself allocates more than this anyway.
    const done = (x: Exchange): void => this.done(r, s, counted, sent, x);
    httpGet(ctx, inst, existing, this.spec.timeout, this.spec.timeout, done, service);
  }

  private done(r: TraceRow, s: Session | null, counted: boolean, sent: number, x: Exchange): void {
    const { ctx } = this;
    const now = ctx.sim.now;
    if (counted) {
      ctx.rec.runResolved(ctx.pop, x.outcome === 'ok' ? 'ok' : 'failed', now - sent, now);
      ctx.rec.runEnded(ctx.pop, now - sent);
    }
    const keep = s !== null && r.keepalive !== 0 && x.conn !== null;
    if (keep) {
      s.conn = x.conn;
      s.idle = ctx.sim.cal.schedule(r.hold >= 0 ? r.hold : this.spec.sessionIdle, this.closeIdle, s);
    } else if (x.conn !== null) {
      if (r.hold > 0) ctx.sim.cal.schedule(r.hold, closeConn, x.conn);
      else x.conn.close();
    }
    if (s === null) return;
    s.busy = false;
    const next = s.waiting.shift();
    if (next !== undefined) this.send(next, s.inst, s);
    else if (s.conn === null) this.sessions.delete(s.key);
  }

  private readonly closeIdle = (s: Session): void => {
    s.idle = -1;
    s.conn?.close();
    s.conn = null;
    if (!s.busy && s.waiting.length === 0) this.sessions.delete(s.key);
  };
}

/** One reader of the trace for the whole population; it draws no random numbers. */
export const spawnPopulation: SpawnPopulation<ReplaySpec> = ({ ctx, instances, warmup }, spec) => {
  new Replayer(ctx, spec, instances, warmup);
};
