/**
 * One CPU that runs bursts one at a time, first come first served: an eventlet process's
 * single OS thread (its green threads never preempt each other) or HAProxy's one thread.
 *
 * A burst's length is known when it is asked for, and nothing ever leaves this queue early
 * (no timeout, no cancellation), so the CPU is a virtual clock: a burst asked for at `now`
 * starts at max(now, the end of the bursts before it) and ends its length later, and that is
 * decided at the request. One event per burst, its end, and no queue of waiters, where a
 * counted {@link Resource} needs a ticket, a grant, a release event and its waiting list:
 * a metadata request runs ~5.5 bursts, and the virtual clock made the flagship day's request
 * ~6% cheaper in instructions (README, Performance). The end times are those a FIFO
 * Resource's grants give, bit for bit (start + length, start = the previous end); only the
 * order of an end against another event at exactly the same instant can differ.
 *
 * Utilisation is reported as a {@link TimeWeighted} busy level would report it, to the last
 * bit: bursts are settled in order once they have ended, each adding its busy time since the
 * later of its start and the last settled instant, and a burst in progress adds its part so far.
 */
import type { Calendar } from './calendar.js';

export class Cpu {
  /** When the last burst asked for ends (the CPU is busy until then). */
  private freeAt = -Infinity;
  /**
   * Bursts asked for and not yet settled into `area`, in order: a ring of (start, end) pairs
   * (a Float64Array, so storing a time allocates nothing). Positions are absolute, as in Fifo.
   */
  private ring = new Float64Array(16);
  private mask = 7;
  private head = 0;
  private tail = 0;
  /** Busy seconds of the settled bursts since the last reset. */
  private area = 0;
  /** Settled up to this instant. */
  private lastT: number;
  private startT: number;
  /** Bursts asked for since the last reset. */
  bursts = 0;
  /** Seconds of work asked for since the last reset (what busySeconds comes to once drained). */
  workSeconds = 0;
  /** Seconds bursts waited for the CPU since the last reset (sum of start - asked). */
  waitSeconds = 0;

  constructor(
    private readonly cal: Calendar,
    readonly name: string,
  ) {
    this.lastT = cal.now;
    this.startT = cal.now;
  }

  /**
   * Runs a burst of `seconds` once the bursts asked for before it are done, then calls
   * `then(arg)` at its end (from the calendar, never synchronously).
   */
  hold<A>(seconds: number, then: (arg: A) => void, arg: A): void {
    if (!(seconds >= 0)) throw new RangeError(`${this.name}: CPU burst must be >= 0 s, got ${seconds}`);
    const now = this.cal.now;
    this.settle(now);
    const start = this.freeAt > now ? this.freeAt : now;
    const end = start + seconds;
    this.freeAt = end;
    if (this.tail - this.head > this.mask) this.grow();
    const i = (this.tail++ & this.mask) * 2;
    this.ring[i] = start;
    this.ring[i + 1] = end;
    this.bursts++;
    this.workSeconds += seconds;
    this.waitSeconds += start - now;
    this.cal.scheduleAt(end, then, arg);
  }

  /** Busy seconds over [last reset, t] (t not before the last settled instant). */
  busySeconds(t: number): number {
    this.settle(t);
    if (this.head === this.tail) return this.area;
    const start = this.ring[(this.head & this.mask) * 2];
    return start < t ? this.area + (t - (start > this.lastT ? start : this.lastT)) : this.area;
  }

  /** Fraction of [last reset, t] the CPU was busy. */
  utilisation(t: number): number {
    const span = t - this.startT;
    if (span <= 0) return this.freeAt > t ? 1 : 0;
    return this.busySeconds(t) / span;
  }

  /** Starts a fresh observation window now (warm-up removal); bursts in progress count from now. */
  resetStats(): void {
    const now = this.cal.now;
    this.settle(now);
    this.area = 0;
    this.lastT = now;
    this.startT = now;
    this.bursts = 0;
    this.workSeconds = 0;
    this.waitSeconds = 0;
  }

  /**
   * Adds the bursts that ended before `t` to `area`, oldest first. A burst ending exactly at
   * `t` stays pending: a reading at `t` (a control event) comes before the model's events of
   * that instant, and the value is the same either way.
   */
  private settle(t: number): void {
    const ring = this.ring;
    while (this.head < this.tail) {
      const i = (this.head & this.mask) * 2;
      const end = ring[i + 1];
      if (end >= t) return;
      const start = ring[i];
      this.area += end - (start > this.lastT ? start : this.lastT);
      this.lastT = end;
      this.head++;
    }
  }

  private grow(): void {
    const old = this.ring;
    const oldMask = this.mask;
    this.mask = oldMask * 2 + 1;
    this.ring = new Float64Array((this.mask + 1) * 2);
    for (let p = this.head; p < this.tail; p++) {
      const from = (p & oldMask) * 2;
      const to = (p & this.mask) * 2;
      this.ring[to] = old[from];
      this.ring[to + 1] = old[from + 1];
    }
  }
}
