/**
 * When a Linux kernel timer armed now for `delay` seconds really fires: TCP's retransmission
 * timers (the client's SYN and data retransmissions, the listener's SYN-ACK resends) are
 * `timer_list`s on the timer wheel, which counts in jiffies (1/CONFIG_HZ s) and, for timers
 * further out, in coarser buckets. Timers that fall in one bucket expire together, so SYNs
 * dropped within the same few tens of milliseconds come back as one burst.
 *
 * kernel/time/timer.c, calc_wheel_index and calc_index: the wheel has levels of 64 buckets;
 * level n has a granularity of 8^n jiffies and takes timers whose delta (expiry - now, in
 * jiffies) is below LVL_START(n + 1) = 63 << 3n (63, 504, 4032, 32256, ... jiffies). A timer is
 * rounded up to the next bucket boundary of its level, `((expires >> 3n) + 1) << 3n`, never
 * early. With HZ 250 a 1 s timer (250 jiffies, level 1) fires on a 32 ms boundary, a 2-16 s one
 * (level 2) on a 256 ms boundary.
 *
 * TCP keeps its RTOs in jiffies (TCP_TIMEOUT_INIT = HZ, __tcp_set_rto rounds up with
 * usecs_to_jiffies), so a delay becomes ceil(delay * HZ) jiffies. Simplifications: the wheel's
 * clock is taken as the current jiffy (a NO_HZ base forwards it when a timer is added), jiffy 0
 * is at simulated time 0, and timers of one bucket fire in the order they were armed (the
 * kernel's bucket list is LIFO; which of a burst's SYNs is first matters only for who of them
 * gets a freed slot, not for how many do).
 */

/** LVL_CLK_SHIFT: each level's buckets are 8 times as wide as the level below's. */
const LVL_CLK_SHIFT = 3;
/** LVL_SIZE - 1: the buckets of one level a timer's delta may span. */
const LVL_SPAN = 63;
/** LVL_DEPTH with HZ > 100. */
const LVL_DEPTH = 9;

/** The wheel level of a timer `delta` jiffies ahead. */
function wheelLevel(delta: number): number {
  for (let lvl = 0; lvl < LVL_DEPTH - 1; lvl++) if (delta < LVL_SPAN * Math.pow(8, lvl)) return lvl;
  return LVL_DEPTH - 1;
}

/**
 * The absolute time (s) at which a timer armed at `now` for `delay` s fires on a kernel with
 * timer frequency `hz`; `hz` 0 (or absent) means exact timers: `now + delay`.
 */
export function timerFiresAt(now: number, delay: number, hz: number | undefined): number {
  if (!hz) return now + delay;
  // Times are sums of binary-inexact seconds: a hair under a jiffy boundary is on it.
  const eps = 1e-9;
  const clk = Math.floor(now * hz + eps);
  const expires = clk + Math.max(0, Math.ceil(delay * hz - eps));
  const gran = Math.pow(2, LVL_CLK_SHIFT * wheelLevel(expires - clk));
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return bucket / hz;
}
