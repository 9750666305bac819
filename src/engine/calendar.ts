/**
 * Event calendar: pending events ordered by (time, priority, sequence), in a small sorted
 * near queue and a binary min-heap for the rest, plus FIFO lanes for timeouts of a constant
 * delay.
 *
 * Ordering contract: events fire in increasing time; at the same time, Urgent events (control:
 * warm-up reset, sampling, stop) fire before Normal ones (the model), as SimPy's URGENT and
 * simmer's priorities do; within a priority, in the order they were scheduled (FIFO). That
 * makes every run with the same seed replay exactly, whatever the queues' internal layout.
 * Priority and sequence share one key (priority * 2^48 + sequence), so an ordering compares
 * two numbers.
 *
 * Timeouts ({@link Calendar.timeout}): most are cancelled (a client's read timeout, a
 * server's 900 s idle timeout, the RPC timeout: 26% of all events scheduled in a flagship
 * run, and at peak 93% of a plain heap's entries were such dead timers). Timeouts with the
 * same delay are scheduled in time order, so each delay gets a FIFO lane of which only the
 * head sits in the queues: scheduling and cancelling cost O(1), a cancelled timeout is dropped
 * when the lane reaches it, and the queues hold only live work plus one entry per lane.
 *
 * Near and far: most events are a few milliseconds of CPU or network ahead, while about a
 * thousand sleepers (a chef-client between runs) wait minutes. Events before the horizon go to
 * the near queue ({@link NearQueue}: sorted, so taking the next event is free), the rest to a
 * far heap ({@link EventHeap}); when the near queue runs dry, the horizon moves past the far
 * heap's earliest event and a batch of events moves over (the batch's width adapts to keep it
 * between ~32 and ~512 events), and when it outgrows its cap its latest half moves back and
 * the horizon comes down. Every near event is earlier than every far one, so the order is
 * exactly a single heap's; only the cost changes.
 *
 * Storage is struct-of-arrays over reusable slots (typed arrays for time and key, plain arrays
 * for handler and argument) so that scheduling allocates nothing on the hot path.
 */
import { EventHeap } from './event-heap.js';
import { NEAR_CAP, NearQueue } from './near-queue.js';
import { Lane } from './timeout-lane.js';

export type Handler<A = unknown> = (arg: A) => void;

/** Opaque handle to a scheduled event; pass it to {@link Calendar.cancel}. */
export type EventHandle = number;

/** Order among events at the same time: lower fires first. */
export const Priority = {
  /** Control events: warm-up reset, sampling, the end of the run. */
  Urgent: 0,
  /** Model events. */
  Normal: 1,
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** Far events moved into the near queue per refill: the window adapts to stay in this range. */
const BATCH_MIN = 32;
const BATCH_MAX = 512;
const SLOT_BITS = 2 ** 24; // up to 16M simultaneously pending events
const PRIORITY_STEP = 2 ** 48; // sequence numbers below 2^48, priority above: exact in a double
/** Distinct timeout delays given a lane; further delays go to the heap like any event. */
const MAX_LANES = 16;

export class Calendar {
  /** Current simulated time, in seconds. */
  now = 0;
  /** Events executed so far (cancelled ones excluded). */
  executed = 0;

  private times = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private gens = new Uint32Array(1024);
  /** Lane index of a timeout's slot, -1 for an event kept in the heap only. */
  private laneOf = new Int32Array(1024);
  private handlers: (Handler<any> | null)[] = new Array(1024).fill(null);
  private args: unknown[] = new Array(1024).fill(undefined);
  private near = new NearQueue();
  private far = new EventHeap();
  /** Events at or after this time go to the far heap. */
  private horizon = 0;
  /** Seconds of far events moved into the near queue at a time (adapted to the batch size). */
  private window = 1;
  private live = 0;
  /**
   * Free slots as a stack linked through `nextFree` (-1 ends it): a JS array's push and pop
   * per event cost ~3% of a flagship request's instructions; this is two typed-array accesses.
   */
  private freeHead = -1;
  private nextFree = new Int32Array(1024);
  private nextSlot = 0;
  private nextSeq = 0;
  private stopped = false;
  private lanes: Lane[] = [];

  /** Number of scheduled, not yet fired, not cancelled events. */
  get pending(): number {
    return this.live;
  }

  /** Schedules `handler(arg)` after `delay` seconds (delay >= 0). */
  schedule<A>(delay: number, handler: Handler<A>, arg?: A): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`event delay must be >= 0, got ${delay}`);
    return this.scheduleAt(this.now + delay, handler, arg as A);
  }

  /** Schedules `handler(arg)` at absolute time `time` (not in the past). */
  scheduleAt<A>(time: number, handler: Handler<A>, arg?: A, priority: Priority = Priority.Normal): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`event time ${time} is before now (${this.now})`);
    const slot = this.fill(time, handler, arg, priority * PRIORITY_STEP, -1);
    this.push(slot);
    return this.handleOf(slot);
  }

  /**
   * Schedules `handler(arg)` after `delay` seconds like {@link schedule} (same order, same
   * handle), for an event that will usually be cancelled: a timeout. Timeouts of the same
   * delay share a FIFO lane, so cancelling them costs the heap nothing.
   */
  timeout<A>(delay: number, handler: Handler<A>, arg?: A): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`event delay must be >= 0, got ${delay}`);
    const lane = delay === Infinity ? -1 : this.laneFor(delay);
    if (lane === -1) return this.scheduleAt(this.now + delay, handler, arg as A);
    const slot = this.fill(this.now + delay, handler, arg, Priority.Normal * PRIORITY_STEP, lane);
    const l = this.lanes[lane];
    if (l.slots.length === 0) this.push(slot);
    l.slots.push(slot);
    return this.handleOf(slot);
  }

  /** Cancels a pending event. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot >= this.nextSlot || this.gens[slot] !== gen || this.handlers[slot] === null) return false;
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.live--;
    return true;
  }

  /** Stops the current run loop after the event being executed. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs events up to time `until`, then sets now = until. At `until` itself, events of
   * priority <= `last` run: by default all of them (inclusive); with Priority.Urgent the run
   * stops after the control events of that instant and before the model's, as a stop event
   * of urgent priority scheduled behind them would.
   *
   * With a `budget`, it returns after that many events at most: false if the budget ran out
   * first (now stays at the last event's time; call again to go on: the events fire in the same
   * order as in one call), true once it got to `until` or was stopped.
   */
  runUntil(until: number, last: Priority = Priority.Normal, budget = Infinity): boolean {
    this.stopped = false;
    const keyLimit = (last + 1) * PRIORITY_STEP;
    const near = this.near;
    let left = budget;
    while (!this.stopped) {
      if (left-- <= 0) return false;
      if (near.size === 0 && !this.refill()) break;
      // Read the queue's arrays afresh each time: a handler may grow (reallocate) them. The
      // index is spelled out: `near.top` here measured ~5% more instructions per request.
      const i = near.size - 1;
      const t = near.times[i];
      if (t > until || (t === until && near.keys[i] >= keyLimit)) break;
      const top = near.slots[i];
      this.take(top);
      this.fire(top, t);
    }
    if (!this.stopped && until > this.now && Number.isFinite(until)) this.now = until;
    return true;
  }

  /** Runs until no events remain (or {@link stop} is called). */
  run(): void {
    this.runUntil(Infinity);
  }

  /** Fires the next live event; returns false if none is pending. */
  step(): boolean {
    while (this.near.size > 0 || this.refill()) {
      const top = this.near.slots[this.near.top];
      this.take(top);
      if (this.handlers[top] !== null) {
        this.fire(top, this.times[top]);
        return true;
      }
      this.releaseSlot(top);
    }
    return false;
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    while (this.near.size > 0 || this.refill()) {
      const top = this.near.slots[this.near.top];
      if (this.handlers[top] !== null) return this.times[top];
      this.take(top);
      this.releaseSlot(top);
    }
    return Infinity;
  }

  /**
   * With the near queue empty, moves the horizon a window past the far heap's earliest event
   * and that window's events into the near queue. Returns false if there are no events at all.
   */
  private refill(): boolean {
    const far = this.far;
    if (far.size === 0) return false;
    const horizon = far.times[0] + this.window;
    let moved = 0;
    // At least the earliest moves, even when the window is below the time's resolution.
    do {
      this.near.append(far.times[0], far.keys[0], far.slots[0]);
      far.pop();
      moved++;
    } while (far.size > 0 && far.times[0] < horizon);
    this.near.endAppend();
    this.horizon = horizon;
    if (moved < BATCH_MIN) this.window *= 2;
    else if (moved > BATCH_MAX) this.window /= 2;
    return true;
  }

  private fill(time: number, handler: Handler<any>, arg: unknown, keyBase: number, lane: number): number {
    const slot = this.allocSlot();
    this.times[slot] = time;
    this.keys[slot] = keyBase + this.nextSeq++;
    this.laneOf[slot] = lane;
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    this.live++;
    return slot;
  }

  private handleOf(slot: number): EventHandle {
    return this.gens[slot] * SLOT_BITS + slot;
  }

  private laneFor(delay: number): number {
    // A model has a handful of timeout values: a scan beats a Map lookup.
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) if (lanes[i].delay === delay) return i;
    if (lanes.length === MAX_LANES) return -1;
    lanes.push(new Lane(delay));
    return lanes.length - 1;
  }

  /**
   * Removes the next event (`top`); if it heads a lane, the lane's next live timeout takes its
   * place in the queues (cancelled ones met on the way are released).
   */
  private take(top: number): void {
    this.near.pop();
    const lane = this.laneOf[top];
    if (lane === -1) return;
    const slots = this.lanes[lane].slots;
    slots.shift();
    for (let next = slots.at(0); next !== undefined; next = slots.at(0)) {
      if (this.handlers[next] !== null) {
        this.push(next);
        return;
      }
      this.releaseSlot(next);
      slots.shift();
    }
  }

  private fire(slot: number, time: number): void {
    const handler = this.handlers[slot];
    const arg = this.args[slot];
    this.releaseSlot(slot);
    if (handler === null) return;
    this.live--;
    this.now = time;
    this.executed++;
    handler(arg);
  }

  private allocSlot(): number {
    const free = this.freeHead;
    if (free !== -1) {
      this.freeHead = this.nextFree[free];
      return free;
    }
    if (this.nextSlot === this.times.length) this.grow();
    return this.nextSlot++;
  }

  private releaseSlot(slot: number): void {
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.gens[slot] = (this.gens[slot] + 1) % 0x20000000;
    this.nextFree[slot] = this.freeHead;
    this.freeHead = slot;
  }

  private grow(): void {
    const n = this.times.length * 2;
    if (n > SLOT_BITS) throw new RangeError('event calendar overflow: more than 16M pending events');
    this.times = grown(this.times, new Float64Array(n));
    this.keys = grown(this.keys, new Float64Array(n));
    this.gens = grown(this.gens, new Uint32Array(n));
    this.laneOf = grown(this.laneOf, new Int32Array(n));
    this.nextFree = grown(this.nextFree, new Int32Array(n));
    for (let i = this.handlers.length; i < n; i++) {
      this.handlers.push(null);
      this.args.push(undefined);
    }
  }

  private push(slot: number): void {
    const time = this.times[slot];
    if (time >= this.horizon) return this.far.push(time, this.keys[slot], slot);
    this.near.push(time, this.keys[slot], slot);
    // Past its cap the near queue's inserts get long: the latest half goes back to the far heap
    // and the horizon comes down to the earliest of them, so near stays strictly earlier than far.
    if (this.near.size > NEAR_CAP)
      this.horizon = this.near.spill(this.near.size - NEAR_CAP / 2, this.horizon, this.toFar);
  }

  private readonly toFar = (time: number, key: number, slot: number): void => this.far.push(time, key, slot);
}

function grown<T extends Float64Array | Uint32Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
