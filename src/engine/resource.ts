/**
 * A counted pool of identical servers (capacity c) with a FIFO wait queue.
 *
 * Options cover what the metadata path needs: a bounded queue (arrivals that find it full are
 * rejected and counted), per-waiter timeouts (reneging) and cancellation. It records the
 * time-weighted number of busy servers and queue length and the total of granted customers'
 * waits; the distribution of waits only on request (`recordWaits`): the model never reads it,
 * and a histogram update per grant is a measurable share of a model run.
 */
import type { Calendar, EventHandle } from './calendar.js';
import { Fifo } from './fifo.js';
import { LatencyHistogram } from '../stats/histogram.js';
import { TimeWeighted } from '../stats/time-weighted.js';

/** How a request for a server ended. */
export const Grant = {
  /** Granted a server (immediately or after waiting). */
  Granted: 0,
  /** The queue was full on arrival. */
  Rejected: 1,
  /** Waited past its timeout and left. */
  TimedOut: 2,
  /** Cancelled by its owner before being served. */
  Cancelled: 3,
} as const;
export type Grant = (typeof Grant)[keyof typeof Grant];

export type GrantCallback = (outcome: Grant, waited: number) => void;

const NO_CALLBACK: GrantCallback = () => {};

/** A waiting (or served) customer; returned so the owner can cancel it. */
export class Ticket {
  /** @internal */ timer: EventHandle = -1;
  /** @internal */ done = false;
  /** @internal Absolute position in the owner's queue, while waiting. */ pos = -1;
  /** @internal For {@link Resource.hold}: how long to hold the server, and what runs after. */ holdFor = 0;
  /** @internal */ then: ((arg: any) => void) | null = null;
  /** @internal */ arg: unknown = undefined;
  constructor(
    /** @internal */ readonly cb: GrantCallback,
    /** @internal (set again when a hold ticket is reused) */ public arrivedAt: number,
  ) {}
}

export interface ResourceOptions {
  name?: string;
  /** Maximum number waiting (not counting those in service). Infinity by default. */
  queueCapacity?: number;
  /** Record each granted customer's wait in the {@link Resource.waits} histogram. */
  recordWaits?: boolean;
}

export class Resource {
  readonly name: string;
  readonly queueCapacity: number;
  private inUse = 0;
  /** Waiting tickets in arrival order; a cancelled or timed-out one is left as null. */
  private readonly queue = new Fifo<Ticket | null>();
  private waiting = 0;
  private readonly spareTickets: Ticket[] = [];

  readonly busy: TimeWeighted;
  readonly queueLength: TimeWeighted;
  private readonly waitHist: LatencyHistogram | null;
  /** Seconds granted customers waited in all (L = lambda W checks; cheap, so always kept). */
  waitSeconds = 0;
  arrivals = 0;
  granted = 0;
  rejected = 0;
  timedOut = 0;
  cancelled = 0;

  constructor(
    private readonly cal: Calendar,
    private capacityValue: number,
    opts: ResourceOptions = {},
  ) {
    if (!(Number.isInteger(capacityValue) && capacityValue >= 1))
      throw new RangeError(`resource capacity must be an integer >= 1, got ${capacityValue}`);
    this.name = opts.name ?? 'resource';
    this.queueCapacity = opts.queueCapacity ?? Infinity;
    this.waitHist = opts.recordWaits === true ? new LatencyHistogram() : null;
    if (!(this.queueCapacity >= 0)) throw new RangeError(`queue capacity must be >= 0`);
    this.busy = new TimeWeighted(cal.now);
    this.queueLength = new TimeWeighted(cal.now);
  }

  /** Granted customers' waits; only with the `recordWaits` option. */
  get waits(): LatencyHistogram {
    if (this.waitHist === null) throw new Error(`${this.name}: waits are recorded only with { recordWaits: true }`);
    return this.waitHist;
  }

  get capacity(): number {
    return this.capacityValue;
  }
  get inService(): number {
    return this.inUse;
  }
  get queued(): number {
    return this.waiting;
  }
  /** True when a request made now would be granted without waiting. */
  get available(): boolean {
    return this.inUse < this.capacityValue && this.waiting === 0;
  }

  /**
   * Asks for one server. `cb` is called exactly once: synchronously with Granted (wait 0) if a
   * server is free, synchronously with Rejected if the queue is full, or later with Granted,
   * TimedOut (after `timeout` seconds) or never if the ticket is cancelled.
   */
  request(cb: GrantCallback, timeout = Infinity): Ticket {
    const t = new Ticket(cb, this.cal.now);
    this.enqueue(t, timeout);
    return t;
  }

  /**
   * Waits (FIFO) for a server, holds it for `seconds`, releases it, then calls `then(arg)`:
   * a CPU burst in one call. Taking a plain function and its argument, rather than a closure,
   * lets the model's hot paths run a burst with one allocation (the ticket).
   */
  hold<A>(seconds: number, then: (arg: A) => void, arg: A): void {
    if (this.queueCapacity !== Infinity) throw new Error(`hold() on ${this.name}: needs an unbounded queue`);
    // Hold tickets never leave the resource, so they are recycled once the hold ends.
    const t = this.spareTickets.pop() ?? new Ticket(NO_CALLBACK, 0);
    t.arrivedAt = this.cal.now;
    t.holdFor = seconds;
    t.then = then;
    t.arg = arg;
    this.enqueue(t, Infinity);
  }

  private enqueue(t: Ticket, timeout: number): void {
    const now = t.arrivedAt;
    const cb = t.cb;
    this.arrivals++;
    if (this.inUse < this.capacityValue && this.waiting === 0) {
      this.grant(t, now);
      return;
    }
    if (this.waiting >= this.queueCapacity) {
      this.rejected++;
      t.done = true;
      cb(Grant.Rejected, 0);
      return;
    }
    t.pos = this.queue.push(t);
    this.waiting++;
    this.queueLength.set(now, this.waiting);
    if (timeout !== Infinity) t.timer = this.cal.timeout(timeout, this.onTimeout, t);
  }

  /** Returns one server to the pool and serves the next waiter, if any. */
  release(): void {
    if (this.inUse <= 0) throw new Error(`release() on ${this.name} with no server in use`);
    const now = this.cal.now;
    this.inUse--;
    this.busy.set(now, this.inUse);
    this.serveNext(now);
  }

  /** Withdraws a waiting ticket. Returns false if it was already served or ended. */
  cancel(t: Ticket): boolean {
    if (t.done) return false;
    t.done = true;
    if (t.timer !== -1) this.cal.cancel(t.timer);
    this.removeWaiting(t);
    this.cancelled++;
    return true;
  }

  /** Changes the number of servers; extra busy servers finish their work first. */
  setCapacity(c: number): void {
    if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`resource capacity must be an integer >= 1, got ${c}`);
    this.capacityValue = c;
    this.serveNext(this.cal.now);
  }

  /** Starts a fresh observation window at the current time (warm-up removal). */
  resetStats(): void {
    const now = this.cal.now;
    this.busy.resetAt(now);
    this.queueLength.resetAt(now);
    this.waitHist?.reset();
    this.waitSeconds = 0;
    this.arrivals = this.granted = this.rejected = this.timedOut = this.cancelled = 0;
  }

  private readonly onTimeout = (t: Ticket): void => {
    if (t.done) return;
    t.done = true;
    t.timer = -1;
    this.removeWaiting(t);
    this.timedOut++;
    t.cb(Grant.TimedOut, this.cal.now - t.arrivedAt);
  };

  private removeWaiting(t: Ticket): void {
    this.queue.set(t.pos, null);
    this.waiting--;
    this.queueLength.set(this.cal.now, this.waiting);
  }

  private serveNext(now: number): void {
    while (this.inUse < this.capacityValue && this.waiting > 0) {
      const t = this.queue.shift()!;
      if (t === null) continue;
      this.waiting--;
      this.queueLength.set(now, this.waiting);
      if (t.timer !== -1) this.cal.cancel(t.timer);
      this.grant(t, now);
    }
    // Only tombstones left: drop them.
    if (this.waiting === 0) this.queue.clear();
  }

  private grant(t: Ticket, now: number): void {
    t.done = true;
    this.inUse++;
    this.busy.set(now, this.inUse);
    this.granted++;
    const waited = now - t.arrivedAt;
    this.waitSeconds += waited;
    if (this.waitHist !== null) this.waitHist.record(waited);
    if (t.then !== null) this.cal.schedule(t.holdFor, this.endHold, t);
    else t.cb(Grant.Granted, waited);
  }

  private readonly endHold = (t: Ticket): void => {
    const then = t.then!;
    const arg = t.arg;
    t.then = null;
    t.arg = undefined;
    t.done = false;
    t.pos = -1;
    this.spareTickets.push(t);
    this.release();
    then(arg);
  };
}
