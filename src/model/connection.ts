/**
 * Connections and HTTP requests as the model passes them along the metadata path.
 *
 * A Conn is one TCP (or Unix) connection: the client sends requests on it and may close it;
 * the server-side handler waits on it for the next request, the client's close, or its own
 * idle timeout. A connection closed by the client while still in the accept queue stays there
 * (the kernel keeps it) and costs the server an accept and a short-lived handler.
 *
 * A Req carries its stage clock: whoever moves the request to another stage calls enter(),
 * so the stage times of a request always add up to its latency as the client sees it.
 *
 * Callbacks here are a plain function plus the argument it is called with, never a closure:
 * every request crosses these several times. With a closure per step a request allocated
 * ~5.5 KB; with state objects ~1.8 KB, and garbage collection competes less with the other
 * worker thread (see README, Performance).
 */
import type { Calendar } from '../engine/calendar.js';
import { LazyDeadline } from '../engine/lazy-deadline.js';
import { STAGES, type Stage } from '../stats/results.js';

/**
 * Each stage's index in STAGES, for {@link Req.enter}: a request changes stage ~7 times, and a
 * string key looked up inside `enter` made that one load megamorphic (every call site passes
 * another key); a constant index read at the call site is a plain field load.
 */
export const StageId = {
  synRetry: 0,
  listenQueue: 1,
  poolWait: 2,
  proxyCpu: 3,
  agent: 4,
  rpc: 5,
  nova: 6,
} as const satisfies Record<Stage, number>;
export type StageId = (typeof StageId)[Stage];

/** Who is asking: enough to route, cache and attribute a request. */
export interface Caller {
  /** Global instance index. */
  index: number;
  /** Index of the instance's network. */
  network: number;
}

export type ServerEvent = Req | 'closed' | 'idle-timeout';

/** Where a server-side read resumes: the event, and the argument given to {@link Conn.next}. */
export type ServerEventHandler<A> = (e: ServerEvent, arg: A) => void;

/** The side that sent a request upstream: receives the upstream server's HTTP status. */
export interface Upstream {
  onReply(status: number): void;
}

/** The status a client sees when its connection is reset (no HTTP response). */
export const RESET = 0;

const idleExpired = (c: Conn): void => c.idleTimedOut();

export class Conn {
  clientClosed = false;
  serverClosed = false;
  private pending: Req | null = null;
  private waiter: ServerEventHandler<any> | null = null;
  private waiterArg: unknown = undefined;
  /**
   * The server's idle timer ({@link LazyDeadline}): a keep-alive connection waits ~25 times per
   * chef run, and arming and cancelling a 900 s timer each time was 15% of all events scheduled.
   * Made at the first wait with a timeout, so connections whose server waits without one (agent,
   * Nova) never allocate it.
   */
  private idle: LazyDeadline<Conn> | null = null;
  /** Upstream hops (proxy -> agent -> Nova): where the server's HTTP status goes. */
  upstream: Upstream | null = null;
  /** What the client sent has not reached the server yet (kernel: {@link withhold}). */
  private withheld = false;

  constructor(
    private readonly cal: Calendar,
    readonly caller: Caller,
  ) {}

  /** Client: sends a request on this connection. */
  send(req: Req): void {
    if (this.waiter !== null && !this.withheld) {
      const w = this.waiter;
      const arg = this.waiterArg;
      this.clearWaiter();
      w(req, arg);
    } else {
      this.pending = req;
    }
  }

  /** The request the client has sent but the server has not read yet, if any. */
  peek(): Req | null {
    return this.pending;
  }

  /** Client: closes its end (FIN). A server waiting for a request sees 'closed'. */
  close(): void {
    if (this.clientClosed) return;
    this.clientClosed = true;
    // Closed for good: no wait will need the idle timer (unless the server is still waiting on
    // withheld segments, whose FIN has not reached it either).
    if (this.idle !== null && !this.withheld) this.idle.cancel();
    if (this.waiter !== null && !this.withheld) {
      const w = this.waiter;
      const arg = this.waiterArg;
      this.clearWaiter();
      w('closed', arg);
    }
  }

  /** Server: waits for the next request, the client's close, or `idleTimeout`; then `cb(event, arg)`. */
  next<A>(idleTimeout: number, cb: ServerEventHandler<A>, arg: A): void {
    if (this.withheld) {
      // Nothing has arrived yet: wait as for a client that has not sent.
    } else if (this.pending !== null) {
      const r = this.pending;
      this.pending = null;
      cb(r, arg);
      return;
    } else if (this.clientClosed) {
      cb('closed', arg);
      return;
    }
    this.waiter = cb;
    this.waiterArg = arg;
    if (idleTimeout === Infinity) return;
    this.idle ??= new LazyDeadline(this.cal, idleExpired);
    this.idle.arm(idleTimeout, this);
  }

  /** @internal The current wait's idle timeout passed. */
  idleTimedOut(): void {
    const w = this.waiter;
    const arg = this.waiterArg;
    this.waiter = null;
    this.waiterArg = undefined;
    w?.('idle-timeout', arg);
  }

  /**
   * Kernel: the connection is established on the server (the handshake's last ACK got in) but
   * the segments the client sent before, its request or FIN, were dropped: the server sees
   * nothing until the client retransmits them ({@link release}).
   */
  withhold(): void {
    this.withheld = true;
  }

  /** Kernel: the client's retransmission arrives: a server waiting on the connection gets it. */
  release(): void {
    if (!this.withheld) return;
    this.withheld = false;
    if (this.waiter === null) return;
    const w = this.waiter;
    const arg = this.waiterArg;
    if (this.pending !== null) {
      const r = this.pending;
      this.pending = null;
      this.clearWaiter();
      w(r, arg);
    } else if (this.clientClosed) {
      this.clearWaiter();
      w('closed', arg);
    }
  }

  /** Server: sends the HTTP status back to whoever opened this connection upstream. */
  reply(status: number): void {
    this.upstream?.onReply(status);
  }

  /**
   * Kernel: a half-open connection the server never accepted is reset. A request the client
   * sent on it fails with status {@link RESET}.
   */
  reset(): void {
    this.serverClosed = true;
    const r = this.pending;
    this.pending = null;
    r?.respond(RESET);
  }

  /** Server: closes its end (the client learns at its next use). */
  closeByServer(): void {
    this.serverClosed = true;
  }

  private clearWaiter(): void {
    this.waiter = null;
    this.waiterArg = undefined;
    this.idle?.disarm();
  }
}

/**
 * Seconds per stage of a new request, one slot per STAGES entry; copied by each Req. Built from
 * a fraction and then zeroed so V8 stores it (and each copy) as unboxed doubles from the start:
 * an all-integer literal would be re-stored as doubles at each request's first stage time.
 */
const NO_STAGE_TIME: readonly number[] = STAGES.map(() => 0.5).fill(0);

export class Req {
  // A plain array, not a Float64Array: typed arrays cost an ArrayBuffer each, which makes
  // short-lived requests expensive for the garbage collector.
  readonly stages: number[] = NO_STAGE_TIME.slice();
  private stage = 0;
  private since: number;
  /** True once the client has its outcome (response, timeout or failure). */
  finished = false;
  /** Set by the client: receives the HTTP status once (ignored after `finished`). */
  client: Upstream | null = null;
  /**
   * A measured service time from a replayed trace (seconds), or -1: the agent holds the request
   * this long in place of its own draws (metadata-agent.ts), so a testbed's run is reproduced.
   */
  service = -1;

  constructor(
    private readonly cal: Calendar,
    readonly caller: Caller,
    readonly startedAt: number,
    /** Router (or network) whose proxy serves this request, for the agent's lookups. */
    readonly proxyKey: string,
    /** Whether the agent must first look up the router's networks (router proxies). */
    readonly viaRouter: boolean,
  ) {
    this.since = startedAt;
  }

  /** The request moves to `stage` (a {@link StageId}, e.g. `StageId.agent`). */
  enter(stage: StageId): void {
    if (this.finished) return;
    const now = this.cal.now;
    this.stages[this.stage] += now - this.since;
    this.stage = stage;
    this.since = now;
  }

  /** Server side: the response leaves the proxy towards the client. */
  respond(status: number): void {
    if (this.finished) return;
    this.client?.onReply(status);
  }

  /** Client side: closes the stage clock. */
  finish(): void {
    if (this.finished) return;
    const now = this.cal.now;
    this.stages[this.stage] += now - this.since;
    this.since = now;
    this.finished = true;
  }
}
