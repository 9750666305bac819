/**
 * A client's connect(): the SYN policy of a scenario's kernels (its sysctls) and the SYN
 * retransmissions until a listener admits the SYN or connect() gives up. What the listener does
 * with a SYN (admit, drop, overflowed ACK, cookie) is in kernel.ts, with the Linux sources.
 */
import type { Calendar } from '../engine/calendar.js';
import type { Scenario } from '../scenario/schema.js';
import type { Conn } from './connection.js';
import { SynOutcome, type ConnectCallback, type Listener } from './kernel.js';
import { timerFiresAt } from './timer-wheel.js';

export interface SynPolicy {
  /** tcp_syn_retries */
  synRetries: number;
  /**
   * tcp_syn_linear_timeouts (Linux 6.5+, default 4 there): the first this-many retransmissions
   * keep the initial RTO, and add to synRetries (tcp_write_timeout counts both). Optional:
   * absent means 0, the classic doubling.
   */
  synLinearTimeouts?: number;
  /** Initial retransmission timeout (s); doubles per retry once the linear ones are used. */
  initialRto: number;
  /** Round trip of the handshake (s); 0 or absent: SYNs are admitted or dropped, never half-open. */
  handshakeRtt?: number;
  /** tcp_synack_retries of the server (absent: 5). */
  synackRetries?: number;
  /** CONFIG_HZ of the listener's kernel: its SYN-ACK resends fire on its timer wheel (0 or absent: exact times). */
  timerHz?: number;
  /** CONFIG_HZ of the client's kernel: its SYN (and data) retransmissions fire on its timer wheel (0 or absent: exact). */
  clientTimerHz?: number;
  /**
   * tcp_rto_min of the client (s): its data retransmissions, which also complete a handshake
   * whose ACK overflowed, start rtt + rtoMin after it. 0 or absent: not modelled.
   */
  rtoMin?: number;
  /** tcp_syncookies of the listener: 0 never, 1 when the SYN queue is full, 2 always (absent: 0). */
  synCookies?: number;
}

/** The SYN policy every client and server connect() of a scenario uses (its `kernel` sysctls). */
export function synPolicyOf(k: Scenario['kernel']): SynPolicy {
  return {
    synRetries: k.synRetries,
    synLinearTimeouts: k.synLinearTimeouts,
    initialRto: k.initialRto,
    handshakeRtt: k.handshakeRtt,
    synackRetries: k.synackRetries,
    timerHz: k.timerHz,
    clientTimerHz: k.clientTimerHz,
    rtoMin: k.rtoMin,
    synCookies: k.synCookies,
  };
}

/**
 * TCP connect() to a listener with SYN retransmission. Calls `cb(true, synWait, arg)` when a SYN
 * is admitted (synWait = time spent on retransmissions) or `cb(false, elapsed, arg)` when
 * connect() fails: after the last retransmission's wait, or at `timeout` if that comes first.
 */
export function tcpConnect<A>(
  cal: Calendar,
  listener: Listener,
  conn: Conn,
  policy: SynPolicy,
  timeout: number,
  cb: ConnectCallback<A>,
  arg?: A,
): void {
  const rtt = policy.handshakeRtt ?? 0;
  // Most SYNs find room: answer at once, before building the retransmission machinery.
  const cookies = policy.synCookies ?? 0;
  const first = listener.syn(conn, rtt, cookies);
  if (first !== SynOutcome.Dropped) {
    if (first !== SynOutcome.Admitted) listener.ackOverflow(conn, policy, rtt, first === SynOutcome.CookieOverflow);
    cb(true, 0, arg as A);
    return;
  }
  const start = cal.now;
  const deadline = timeout > 0 ? start + timeout : Infinity;
  let retries = 0;
  let rto = policy.initialRto;
  const linear = policy.synLinearTimeouts ?? 0;
  const maxRetries = policy.synRetries + linear;
  const dropped = (): void => {
    listener.synDrops++;
    // The retransmission timer is armed now, on the client kernel's timer wheel.
    const next = timerFiresAt(cal.now, rto, policy.clientTimerHz);
    if (retries >= maxRetries || next >= deadline) {
      const failAt = Math.min(next, deadline);
      cal.scheduleAt(failAt, () => cb(false, cal.now - start, arg as A));
      return;
    }
    retries++;
    // RTOs 1, 1, ... (linear + 1 of them), then doubling: 1, 2, 3, 4, 5, 7, 11 s with 4.
    if (retries > linear) rto *= 2;
    cal.scheduleAt(next, retransmit);
  };
  const retransmit = (): void => {
    const r = listener.syn(conn, rtt, cookies);
    if (r === SynOutcome.Dropped) return dropped();
    if (r !== SynOutcome.Admitted) listener.ackOverflow(conn, policy, rtt, r === SynOutcome.CookieOverflow);
    cb(true, cal.now - start, arg as A);
  };
  dropped();
}
