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
 */
import type { Calendar, EventHandle } from '../engine/calendar.js';
import { STAGES, type Stage } from '../stats/results.js';

export const STAGE_INDEX: Record<Stage, number> = Object.fromEntries(STAGES.map((s, i) => [s, i])) as Record<
  Stage,
  number
>;

/** Who is asking: enough to route, cache and attribute a request. */
export interface Caller {
  /** Global instance index. */
  index: number;
  /** Index of the instance's network. */
  network: number;
}

export type ServerEvent = Req | 'closed' | 'idle-timeout';

export class Conn {
  enqueuedAt = 0;
  acceptedAt = 0;
  clientClosed = false;
  serverClosed = false;
  private pending: Req | null = null;
  private waiter: ((e: ServerEvent) => void) | null = null;
  private waiterTimer: EventHandle = -1;
  /** Called when the server closes the connection (the client learns at its next use). */
  onServerClose: (() => void) | null = null;
  /** Upstream hops (proxy -> agent -> Nova): where the server's HTTP status goes. */
  reply: ((status: number) => void) | null = null;

  constructor(
    private readonly cal: Calendar,
    readonly caller: Caller,
  ) {}

  /** Client: sends a request on this connection. */
  send(req: Req): void {
    if (this.waiter !== null) {
      const w = this.waiter;
      this.clearWaiter();
      w(req);
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
    if (this.waiter !== null) {
      const w = this.waiter;
      this.clearWaiter();
      w('closed');
    }
  }

  /** Server: waits for the next request, the client's close, or `idleTimeout`. */
  next(idleTimeout: number, cb: (e: ServerEvent) => void): void {
    if (this.pending !== null) {
      const r = this.pending;
      this.pending = null;
      cb(r);
      return;
    }
    if (this.clientClosed) {
      cb('closed');
      return;
    }
    this.waiter = cb;
    if (idleTimeout !== Infinity) {
      this.waiterTimer = this.cal.schedule(idleTimeout, () => {
        this.waiterTimer = -1;
        const w = this.waiter;
        this.waiter = null;
        w?.('idle-timeout');
      });
    }
  }

  /** Server: closes its end. */
  closeByServer(): void {
    if (this.serverClosed) return;
    this.serverClosed = true;
    this.onServerClose?.();
  }

  private clearWaiter(): void {
    this.waiter = null;
    if (this.waiterTimer !== -1) {
      this.cal.cancel(this.waiterTimer);
      this.waiterTimer = -1;
    }
  }
}

export class Req {
  // A plain array, not a Float64Array: typed arrays cost an ArrayBuffer each, which makes
  // short-lived requests expensive for the garbage collector.
  readonly stages: number[] = [0, 0, 0, 0, 0, 0, 0];
  private stage = 0;
  private since: number;
  /** True once the client has its outcome (response, timeout or failure). */
  finished = false;
  /** Set by the client: receives the HTTP status once (ignored after `finished`). */
  onResponse: ((status: number) => void) | null = null;

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

  enter(stage: Stage): void {
    if (this.finished) return;
    const now = this.cal.now;
    this.stages[this.stage] += now - this.since;
    this.stage = STAGE_INDEX[stage];
    this.since = now;
  }

  /** Server side: the response leaves the proxy towards the client. */
  respond(status: number): void {
    if (this.finished) return;
    this.onResponse?.(status);
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
