/**
 * One HTTP request sent upstream on a new connection: proxy -> metadata agent over the Unix
 * socket, agent -> Nova over TCP. A Unix connect succeeds or fails at once (EAGAIN on a full
 * backlog) and the caller decides what a failure means; over TCP a failed connect settles the
 * call with 500. Then the
 * first of the server's status or the caller's own timeout settles it; a status arriving after
 * that is ignored, as a closed socket would ignore it.
 *
 * One object per call carries what a chain of closures used to: this runs two or three times
 * per metadata request.
 */
import type { Calendar, EventHandle } from '../engine/calendar.js';
import { Conn, type Req, type Upstream } from './connection.js';
import type { Listener } from './kernel.js';
import { tcpConnect, type SynPolicy } from './tcp-connect.js';

export type CallDone<A> = (status: number, call: OutboundCall<A>) => void;

/** Status an agent reports when it cannot reach Nova (python-requests' ConnectionError). */
const CONNECT_FAILED = 500;

const fireTimeout = (c: OutboundCall<unknown>): void => c.timedOut();

const onTcpConnect = (ok: boolean, _elapsed: number, c: OutboundCall<unknown>): void => {
  if (ok) c.conn.send(c.req);
  else c.settle(CONNECT_FAILED);
};

export class OutboundCall<A> implements Upstream {
  readonly conn: Conn;
  private settled = false;
  private timer: EventHandle = -1;
  private timeoutStatus = 0;

  constructor(
    private readonly cal: Calendar,
    readonly req: Req,
    /** The caller's state, handed back through `call.owner` in the callbacks. */
    readonly owner: A,
    private readonly done: CallDone<A>,
  ) {
    this.conn = new Conn(cal, req.caller);
    this.conn.upstream = this;
  }

  /**
   * Non-blocking connect() on a Unix socket, then the send: false (EAGAIN, nothing sent, `done`
   * never called) if the backlog is full.
   */
  connectUnix(listener: Listener): boolean {
    if (!listener.connectUnix(this.conn)) return false;
    this.conn.send(this.req);
    return true;
  }

  /** connect() over TCP with SYN retransmissions; a failed connect settles with 500. */
  connectTcp(listener: Listener, syn: SynPolicy): void {
    tcpConnect(this.cal, listener, this.conn, syn, 0, onTcpConnect, this as OutboundCall<unknown>);
  }

  /** From now on, no status within `seconds` settles the call with `status` (0 or Infinity: no timeout). */
  arm(seconds: number, status: number): void {
    if (seconds <= 0 || seconds === Infinity || this.settled) return;
    this.timeoutStatus = status;
    this.timer = this.cal.timeout(seconds, fireTimeout, this as OutboundCall<unknown>);
  }

  /** The upstream server's status (via the connection). */
  onReply(status: number): void {
    this.settle(status);
  }

  /** @internal */
  timedOut(): void {
    this.timer = -1;
    this.settle(this.timeoutStatus);
  }

  /** Ends the call with `status` unless it has ended already. */
  settle(status: number): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== -1) this.cal.cancel(this.timer);
    this.done(status, this);
  }
}
