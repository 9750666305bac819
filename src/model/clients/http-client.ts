/**
 * The client side of one metadata GET, shared by every client kind: connect if needed (with
 * the kernel's SYN retransmissions and the client's connect timeout), send, wait for the
 * response up to the read timeout. A client that times out closes its socket; the server
 * finds out only when it next reads from it.
 */
import type { Calendar, EventHandle } from '../../engine/calendar.js';
import { LazyDeadline } from '../../engine/lazy-deadline.js';
import type { Command, Process } from '../../engine/process.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Outcome } from '../../stats/results.js';
import { Conn, Req, RESET, StageId, type Upstream } from '../connection.js';
import { tcpConnect, type SynPolicy } from '../tcp-connect.js';
import type { Recorder } from '../recorder.js';
import type { Instance } from '../topology.js';

export interface ClientContext {
  sim: Simulation;
  rec: Recorder;
  syn: SynPolicy;
  /** The client population's index in the recorder. */
  pop: number;
}

export interface Exchange {
  outcome: Outcome;
  status: number;
  /** The connection, still open, when it can be reused; null if closed or never opened. */
  conn: Conn | null;
}

const usable = (c: Conn | null): c is Conn => c !== null && !c.clientClosed && !c.serverClosed;

/**
 * One GET in flight, and once finished the Exchange handed to `done`. One object holds what
 * the exchange needs (instead of a closure per step): every client request makes one.
 */
class Get implements Exchange, Upstream {
  outcome: Outcome = 'ok';
  status = 0;
  conn: Conn | null = null;
  /** The connection the request goes (or went) out on. */
  private wire: Conn | null = null;
  private timer: EventHandle = -1;

  constructor(
    private readonly ctx: ClientContext,
    readonly req: Req,
    /** Whether the request started inside the measurement window. */
    private readonly counted: boolean,
    private readonly readTimeout: number,
    private readonly done: (x: Exchange) => void,
    /** The client's lazy read timer (one GET at a time), or null: this GET arms its own. */
    private readonly readTimer: ReadTimer | null,
  ) {}

  /** Opens a new connection (kernel SYN retransmissions, `connectTimeout`), then sends. */
  connect(inst: Instance, connectTimeout: number): void {
    this.wire = new Conn(this.ctx.sim.cal, inst);
    tcpConnect(this.ctx.sim.cal, inst.endpoint.listener, this.wire, this.ctx.syn, connectTimeout, onConnect, this);
  }

  /** @internal */
  connected(ok: boolean): void {
    if (!ok) return this.finish('connectFailure', 0, null);
    this.req.enter(StageId.listenQueue);
    this.send(this.wire!);
  }

  send(conn: Conn): void {
    this.wire = conn;
    if (this.readTimeout > 0) {
      if (this.readTimer !== null) this.readTimer.arm(this.readTimeout, this);
      else this.timer = this.ctx.sim.cal.timeout(this.readTimeout, onReadTimeout, this);
    }
    this.req.client = this;
    conn.send(this.req);
  }

  onReply(status: number): void {
    if (this.timer !== -1) this.ctx.sim.cal.cancel(this.timer);
    else if (this.readTimer !== null) this.readTimer.disarm();
    // A reset before any response: the connection failed (ECONNRESET).
    if (status === RESET) return this.finish('connectFailure', 0, null);
    const c = this.wire;
    this.finish(status >= 500 ? 'http5xx' : 'ok', status, usable(c) ? c : null);
  }

  /** @internal A client that times out closes its socket; the server finds out on its next read. */
  readTimedOut(): void {
    if (this.req.finished) return;
    this.wire!.close();
    this.finish('clientTimeout', 0, null);
  }

  private finish(outcome: Outcome, status: number, conn: Conn | null): void {
    const cal = this.ctx.sim.cal;
    this.req.finish();
    this.ctx.rec.requestEnded(this.req, outcome, cal.now, this.counted, this.ctx.pop);
    this.outcome = outcome;
    this.status = status;
    this.conn = conn;
    this.done(this);
  }
}

const onConnect = (ok: boolean, _elapsed: number, g: Get): void => g.connected(ok);
const onReadTimeout = (g: Get): void => g.readTimedOut();

/** A client's read timeout shared by its GETs, for a client with one GET in flight at a time. */
export type ReadTimer = LazyDeadline<Get>;

/** A read timer for a client whose GETs are sequential (ohai's crawl): one pending event for all of them. */
export const readTimer = (cal: Calendar): ReadTimer => new LazyDeadline(cal, onReadTimeout);

/** One metadata GET: on `existing` if it is still usable, else on a new connection. */
export function httpGet(
  ctx: ClientContext,
  inst: Instance,
  existing: Conn | null,
  connectTimeout: number,
  readTimeout: number,
  done: (x: Exchange) => void,
  /** A measured service time for the backend to use (a replayed row), or -1. */
  service = -1,
  /** For a client with one GET in flight at a time: its read timer ({@link readTimer}). */
  readTimer: ReadTimer | null = null,
): void {
  const cal = ctx.sim.cal;
  const ep = inst.endpoint;
  const req = new Req(cal, inst, cal.now, ep.proxyKey, ep.viaRouter);
  req.service = service;
  const g = new Get(ctx, req, ctx.rec.requestStarted(), readTimeout, done, readTimer);
  if (usable(existing)) g.send(existing);
  else g.connect(inst, connectTimeout);
}

/**
 * `const x: Exchange = yield getter.get(conn, connectTimeout, readTimeout)` in a client process.
 * A process waits on one GET at a time, so one command per process serves all its GETs.
 */
export class HttpGetter implements Command {
  private existing: Conn | null = null;
  private connectTimeout = 0;
  private readTimeout = 0;

  constructor(
    private readonly ctx: ClientContext,
    private readonly inst: Instance,
  ) {}

  get(existing: Conn | null, connectTimeout: number, readTimeout: number): Command {
    this.existing = existing;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    return this;
  }

  start(p: Process): void {
    const existing = this.existing;
    this.existing = null;
    httpGet(this.ctx, this.inst, existing, this.connectTimeout, this.readTimeout, p.resumer);
  }
}

/**
 * A bare TCP connect (ohai's reachability probe): `done(conn)` with the connection, left open
 * (ohai never closes it; the caller decides when it goes), or `done(null)` if it failed.
 */
export function tcpProbe(ctx: ClientContext, inst: Instance, timeout: number, done: (c: Conn | null) => void): void {
  const conn = new Conn(ctx.sim.cal, inst);
  tcpConnect(ctx.sim.cal, inst.endpoint.listener, conn, ctx.syn, timeout, (ok) => done(ok ? conn : null));
}
