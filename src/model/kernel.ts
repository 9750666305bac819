/**
 * The kernel side of a listening socket: the accept queue, and how connect() behaves when it
 * is full.
 *
 * - Capacity: min(backlog, somaxconn) + 1. Linux tests `sk_ack_backlog > sk_max_ack_backlog`
 *   (sk_acceptq_is_full), so a listener admits one connection more than its backlog.
 * - TCP (proxies' ports, Nova): a SYN that finds the queue full is dropped; the client
 *   retransmits after initialRto, doubling (1, 3, 7, 15, 31, 63 s after the first SYN with
 *   tcp_syn_retries 6), and connect() fails after the last wait (127 s) or at its own timeout.
 *   With tcp_syn_linear_timeouts n (Linux 6.5+), n more retransmissions come first at the
 *   initial RTO: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, failing at 131 s for n = 4.
 *   The client is established as soon as a SYN is admitted; its request then waits in the
 *   queue until the server accepts.
 * - The queue full when the handshake's last ACK arrives. The SYN check (`sk_acceptq_is_full`
 *   in tcp_conn_request) counts established connections only, not handshakes in flight, so
 *   SYNs arriving within one round trip (`handshakeRtt`) of each other can all pass it while
 *   only the first ACKs find room. With tcp_abort_on_overflow 0 (the default) tcp_check_req
 *   ignores an ACK that finds the queue full (`listen_overflow`: it marks the request sock
 *   `acked` and drops the segment): the client believes it is connected and sends its request,
 *   which stalls. Two things retry the handshake, each completing it if the queue has room then:
 *   - the server's SYN-ACK resends (reqsk_timer_handler: 1, 2, 4, 8, 16 s apart,
 *     `tcp_synack_retries` 5), answered by the client's bare ACK; after the last retry's wait
 *     (63 s after the SYN) the request sock is dropped and the client's connection is reset.
 *     A connection the bare ACK completes is established without the request, which was
 *     dropped with the overflowing segment: the server accepts it and its thread waits until
 *     the client's next retransmission brings the request (Conn.withhold / release) — over
 *     capacity the eventlet proxy's green threads are held ~34 ms longer per request on average
 *     (the testbed's eventlet-over-drained level, measured in the proxy's thread trace);
 *   - the client's own retransmissions of its request (or FIN): every segment carries the ACK,
 *     and tcp_check_req treats it as the handshake's last ACK. They follow the client's RTO:
 *     srtt + rttvar with rttvar at least tcp_rto_min (tcp_rtt_estimator, __tcp_set_rto), so the
 *     handshake round trip + `rtoMin` (0.2 s), doubling per retransmission (tcp_retransmit_timer)
 *     up to TCP_RTO_MAX (120 s), 15 of them (tcp_retries2) before the client gives up.
 *   Simplification: the young/old pruning of a more-than-half-full SYN queue
 *   (reqsk_timer_handler) is not modelled.
 * - SYN cookies. The SYN (request) queue holds the handshakes in flight and the request socks
 *   whose ACK overflowed; tcp_conn_request tests it first (inet_csk_reqsk_queue_is_full:
 *   qlen > min(backlog, somaxconn) on Linux 6.x) and then the accept queue (sk_acceptq_is_full:
 *   drop). A SYN that finds the SYN queue full and the accept queue not is answered, with
 *   tcp_syncookies 1 (the default), by a cookie SYN-ACK and no state (want_cookie: reqsk_free,
 *   no timer), or dropped with tcp_syncookies 0. A cookie's ACK (cookie_v4_check ->
 *   tcp_get_cookie_sock -> tcp_v4_syn_recv_sock) completes the handshake only if the accept
 *   queue has room at that moment; otherwise it is dropped (exit_overflow) and only the client's
 *   data retransmissions retry it: no SYN-ACK resend, and no reset at 63 s.
 * - Timers: SYN, SYN-ACK and data retransmissions fire on the kernel's timer wheel
 *   (timer-wheel.ts) when the scenario gives its CONFIG_HZ (`timerHz` for the listener's
 *   kernel, `clientTimerHz` for the client's), so retransmissions of SYNs dropped close together
 *   arrive together.
 * - Unix sockets (proxy -> metadata agent): both proxies connect non-blocking, and a Unix
 *   stream connect to a listener whose backlog is full fails at once with EAGAIN (Linux
 *   unix_stream_connect with O_NONBLOCK; haproxy proto_uxst.c logs "can't connect to
 *   destination unix socket, check backlog size on the server"). What the caller does then
 *   (HAProxy: retries then 503; eventlet: spin) is the caller's.
 */
import type { Calendar } from '../engine/calendar.js';
import { Fifo } from '../engine/fifo.js';
import { TimeWeighted } from '../stats/time-weighted.js';
import type { Conn } from './connection.js';
import type { SynPolicy } from './tcp-connect.js';
import { timerFiresAt } from './timer-wheel.js';

export type OverflowMode = 'drop-syn' | 'unix';

/**
 * How a connect() ends: `ok`, the seconds it took, and the argument the caller passed along
 * (a plain function plus its argument, so the common immediate connect allocates nothing).
 */
export type ConnectCallback<A> = (ok: boolean, elapsed: number, arg: A) => void;

export class Listener {
  readonly capacity: number;
  private readonly q = new Fifo<Conn>();
  readonly length: TimeWeighted;
  synDrops = 0;
  /** Unix connects refused with EAGAIN (backlog full). */
  unixRefused = 0;
  /** Handshakes whose last ACK found the queue full (tcp_abort_on_overflow 0), cookie ones included. */
  ackOverflows = 0;
  /** Of those, handshakes answered with a SYN cookie (the SYN queue was full). */
  cookieOverflows = 0;
  /**
   * Request socks whose ACK found the queue full and that still wait for a SYN-ACK resend or a
   * data retransmission to complete them: with the handshakes in flight, the SYN queue.
   */
  pendingRequests = 0;
  /** Admission times within the last handshake round trip (pruned lazily). */
  private readonly recent = new Fifo<number>();
  /** The instance (caller index) behind each of `recent`. */
  private readonly recentCallers = new Fifo<number>();
  accepted = 0;
  /** Called when a connection lands in an empty-or-not queue: the server's accept loop. */
  onArrival: () => void = () => {};

  constructor(
    private readonly cal: Calendar,
    readonly name: string,
    backlog: number,
    somaxconn: number,
    readonly mode: OverflowMode,
  ) {
    this.capacity = Math.min(backlog, somaxconn) + 1;
    this.length = new TimeWeighted(cal.now);
  }

  get queued(): number {
    return this.q.length;
  }

  /** A connection attempt arrives; true if admitted to the accept queue. */
  offer(conn: Conn): boolean {
    if (this.queued >= this.capacity) return false;
    this.q.push(conn);
    this.length.set(this.cal.now, this.queued);
    this.onArrival();
    return true;
  }

  /** accept(): the oldest established connection, or undefined. */
  take(): Conn | undefined {
    const c = this.q.shift();
    if (c === undefined) return undefined;
    this.accepted++;
    this.length.set(this.cal.now, this.queued);
    return c;
  }

  /**
   * A SYN arrives (the handshake takes `rtt`): admitted, dropped (queue full), or admitted to
   * the SYN queue while connections admitted within the last `rtt` take the room its ACK
   * needs ({@link SynOutcome.AckOverflow}, or {@link SynOutcome.CookieOverflow} when the SYN
   * queue is full too and `synCookies` is tcp_syncookies 1 or 2). With rtt 0 a SYN is admitted
   * or dropped. (A SYN answered by a cookie whose ACK finds room is simply admitted.)
   */
  syn(conn: Conn, rtt: number, synCookies = 0): SynOutcome {
    if (rtt <= 0) return this.offer(conn) ? SynOutcome.Admitted : SynOutcome.Dropped;
    const now = this.cal.now;
    const recent = this.recent;
    const callers = this.recentCallers;
    while (recent.length > 0 && recent.at(0)! <= now - rtt) {
      recent.shift();
      callers.shift();
    }
    if (this.offer(conn)) {
      this.recent.push(now);
      this.recentCallers.push(conn.caller.index);
      return SynOutcome.Admitted;
    }
    // The caller's own earlier connect is not in flight from its point of view: it learnt of
    // it from the SYN-ACK, so its next SYN reaches the server with (or after) that ACK.
    let inFlight = 0;
    for (let i = 0; i < callers.length; i++) if (callers.at(i) !== conn.caller.index) inFlight++;
    // tcp_conn_request: sk_acceptq_is_full counts established connections only.
    if (this.queued - inFlight >= this.capacity) return SynOutcome.Dropped;
    // inet_csk_reqsk_queue_is_full: handshakes in flight and overflowed request socks over
    // min(backlog, somaxconn); then a cookie (tcp_syncookies 1, or always with 2) or a drop (0).
    const synQueueFull = this.pendingRequests + inFlight >= this.capacity;
    if (synCookies === 2 || (synQueueFull && synCookies === 1)) return SynOutcome.CookieOverflow;
    return synQueueFull ? SynOutcome.Dropped : SynOutcome.AckOverflow;
  }

  /**
   * The handshake of `conn` completed on the client side but its ACK found the queue full. Two
   * timers retry it, and whichever first finds room admits it:
   * - unless it was a cookie handshake, SYN-ACK resends after rto, 2 rto, 4 rto, ...
   *   (`policy.synackRetries` of them, on the listener's timer wheel); one more doubled wait
   *   after the last, the request sock expires and the connection is reset. The client answers
   *   a resend with a bare ACK: a connection it completes is established without the request
   *   the client sent before (dropped with the overflowing ACK), which reaches the server only
   *   with the client's next retransmission, so the server's thread waits for it;
   * - the client's retransmissions of what it sent (its request, or its FIN), `rtt + rtoMin`
   *   after the handshake then doubling up to 120 s, on the client's timer wheel: 15 of them
   *   (tcp_retries2), after which a cookie connection is reset too. None with rtoMin 0.
   */
  ackOverflow(conn: Conn, policy: SynPolicy, rtt: number, cookie: boolean): void {
    this.ackOverflows++;
    if (cookie) this.cookieOverflows++;
    else this.pendingRequests++;
    const cal = this.cal;
    const rtoMin = policy.rtoMin ?? 0;
    let done = false;
    /** Established by a SYN-ACK resend's ACK: what the client sent waits for its retransmission. */
    let held = false;
    const finish = (): void => {
      done = true;
      if (!cookie) this.pendingRequests--;
    };
    // A segment the client has sent (request or FIN) carries the handshake's ACK again.
    const sentSomething = (): boolean => conn.peek() !== null || conn.clientClosed;
    const admit = (): boolean => {
      if (!this.offer(conn)) return false;
      finish();
      return true;
    };
    if (!cookie) {
      const retries = policy.synackRetries ?? 5;
      let sent = 0;
      let wait = policy.initialRto;
      const resend = (): void => {
        if (done) return;
        if (sent === retries) {
          finish();
          return conn.reset();
        }
        sent++;
        // The client answers the SYN-ACK with a bare ACK: if it gets in, the request it sent
        // earlier was dropped and reaches the server only with its next retransmission.
        const bare = rtoMin > 0 && sentSomething();
        if (bare) conn.withhold();
        if (admit()) {
          held = bare;
          return;
        }
        if (bare) conn.release();
        wait *= 2;
        cal.scheduleAt(timerFiresAt(cal.now, wait, policy.timerHz), resend);
      };
      cal.scheduleAt(timerFiresAt(cal.now, wait, policy.timerHz), resend);
    }
    if (rtoMin > 0) {
      let rto = rtt + rtoMin;
      let sent = 0;
      const retransmit = (): void => {
        if (done) {
          if (held) conn.release();
          return;
        }
        if (sentSomething() && admit()) return;
        if (++sent === DATA_RETRIES) {
          if (cookie) {
            finish();
            conn.reset();
          }
          return;
        }
        rto = Math.min(2 * rto, RTO_MAX);
        cal.scheduleAt(timerFiresAt(cal.now, rto, policy.clientTimerHz), retransmit);
      };
      cal.scheduleAt(timerFiresAt(cal.now, rto, policy.clientTimerHz), retransmit);
    }
  }

  /** Non-blocking Unix-socket connect: admitted now, or false (EAGAIN) if the backlog is full. */
  connectUnix(conn: Conn): boolean {
    if (this.offer(conn)) return true;
    this.unixRefused++;
    return false;
  }

  resetStats(): void {
    this.length.resetAt(this.cal.now);
    this.synDrops = 0;
    this.unixRefused = 0;
    this.ackOverflows = 0;
    this.cookieOverflows = 0;
    this.accepted = 0;
  }
}

/** What became of a SYN. */
export const SynOutcome = { Admitted: 0, Dropped: 1, AckOverflow: 2, CookieOverflow: 3 } as const;

/** tcp_retries2: data retransmissions before the client gives up on a connection. */
const DATA_RETRIES = 15;
/** TCP_RTO_MAX (s). */
const RTO_MAX = 120;
export type SynOutcome = (typeof SynOutcome)[keyof typeof SynOutcome];
