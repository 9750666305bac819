/**
 * Event calendar: a binary min-heap of pending events keyed by (time, insertion sequence).
 *
 * Ordering contract: events fire in increasing time; events scheduled for the same time fire
 * in the order they were scheduled (FIFO). That makes every run with the same seed replay
 * exactly, whatever the heap's internal layout.
 *
 * Storage is struct-of-arrays over reusable slots (typed arrays for time and sequence, plain
 * arrays for handler and argument) so that scheduling allocates nothing on the hot path.
 * Cancellation is lazy: the slot is marked dead and skipped when it reaches the top.
 */

export type Handler<A = unknown> = (arg: A) => void;

/** Opaque handle to a scheduled event; pass it to {@link Calendar.cancel}. */
export type EventHandle = number;

const SLOT_BITS = 2 ** 24; // up to 16M simultaneously pending events

export class Calendar {
  /** Current simulated time, in seconds. */
  now = 0;
  /** Events executed so far (cancelled ones excluded). */
  executed = 0;

  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private gens = new Uint32Array(1024);
  private handlers: (Handler<any> | null)[] = new Array(1024).fill(null);
  private args: unknown[] = new Array(1024).fill(undefined);
  private heap = new Int32Array(1024);
  private size = 0;
  private live = 0;
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private nextSeq = 0;
  private stopped = false;

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
  scheduleAt<A>(time: number, handler: Handler<A>, arg?: A): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`event time ${time} is before now (${this.now})`);
    const slot = this.allocSlot();
    this.times[slot] = time;
    this.seqs[slot] = this.nextSeq++;
    this.handlers[slot] = handler as Handler<any>;
    this.args[slot] = arg;
    this.push(slot);
    this.live++;
    return this.gens[slot] * SLOT_BITS + slot;
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

  /** Runs events with time <= `until` (inclusive), then sets now = until. */
  runUntil(until: number): void {
    this.stopped = false;
    // Read this.times afresh each time: a handler may grow (reallocate) the arrays.
    while (this.size > 0 && !this.stopped) {
      const top = this.heap[0];
      const t = this.times[top];
      if (t > until) break;
      this.popTop();
      this.fire(top, t);
    }
    if (!this.stopped && until > this.now && Number.isFinite(until)) this.now = until;
  }

  /** Runs until no events remain (or {@link stop} is called). */
  run(): void {
    this.runUntil(Infinity);
  }

  /** Fires the next live event; returns false if none is pending. */
  step(): boolean {
    while (this.size > 0) {
      const top = this.heap[0];
      this.popTop();
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
    while (this.size > 0) {
      const top = this.heap[0];
      if (this.handlers[top] !== null) return this.times[top];
      this.popTop();
      this.releaseSlot(top);
    }
    return Infinity;
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
    if (this.freeSlots.length > 0) return this.freeSlots.pop()!;
    if (this.nextSlot === this.times.length) this.grow();
    return this.nextSlot++;
  }

  private releaseSlot(slot: number): void {
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.gens[slot] = (this.gens[slot] + 1) % 0x20000000;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const n = this.times.length * 2;
    if (n > SLOT_BITS) throw new RangeError('event calendar overflow: more than 16M pending events');
    const t = new Float64Array(n);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(n);
    s.set(this.seqs);
    this.seqs = s;
    const g = new Uint32Array(n);
    g.set(this.gens);
    this.gens = g;
    const h = new Int32Array(n);
    h.set(this.heap);
    this.heap = h;
    for (let i = this.handlers.length; i < n; i++) {
      this.handlers.push(null);
      this.args.push(undefined);
    }
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.seqs[a] < this.seqs[b]);
  }

  private push(slot: number): void {
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!this.less(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  private popTop(): void {
    const heap = this.heap;
    const last = heap[--this.size];
    const n = this.size;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(heap[right], heap[child])) child = right;
      if (!this.less(heap[child], last)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}
