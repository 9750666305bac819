/**
 * The calendar's near events, (time, key, slot) triples kept sorted, latest first, in typed
 * arrays: the next event is the last entry, so taking it costs nothing, and a new event goes in
 * by stepping back from the end past the entries earlier than it (past a few, by binary search
 * and one block move).
 *
 * Why not a heap: the near set is small (~40 events on the flagship day, at most
 * {@link NEAR_CAP}) and most new events are a few milliseconds of CPU or network ahead, so they
 * land among the last entries and the move is short; a binary heap pays its sift-down on every
 * pop instead. On the flagship day this cut the cost of a simulated request by ~15% in
 * instructions (README, Performance). The calendar keeps the set small: past NEAR_CAP it hands
 * the latest half back to its far heap ({@link NearQueue.spill}).
 */

import { growTriples } from './event-heap.js';

/** Entries beyond which the calendar spills the latest half to the far heap. */
export const NEAR_CAP = 1024;
/** Entries a push moves one at a time before it switches to binary search and a block move. */
const SHORT_MOVE = 8;

export class NearQueue {
  times = new Float64Array(NEAR_CAP + 1);
  keys = new Float64Array(NEAR_CAP + 1);
  slots = new Int32Array(NEAR_CAP + 1);
  size = 0;

  /** Index of the next (earliest) entry; valid when size > 0. */
  get top(): number {
    return this.size - 1;
  }

  push(time: number, key: number, slot: number): void {
    const n = this.size;
    if (n === this.times.length) this.grow();
    const times = this.times;
    const keys = this.keys;
    const slots = this.slots;
    // Most new events are among the earliest: step back from the end moving each earlier entry
    // up one (an insertion-sort step); past SHORT_MOVE entries, binary search and a block move.
    let i = n;
    const stop = n > SHORT_MOVE ? n - SHORT_MOVE : 0;
    while (i > stop) {
      const t = times[i - 1];
      if (t > time || (t === time && keys[i - 1] > key)) break;
      times[i] = t;
      keys[i] = keys[i - 1];
      slots[i] = slots[i - 1];
      i--;
    }
    if (i === stop && stop > 0) {
      const t = times[i - 1];
      if (t < time || (t === time && keys[i - 1] < key)) i = this.blockMove(time, key, i);
    }
    times[i] = time;
    keys[i] = key;
    slots[i] = slot;
    this.size = n + 1;
  }

  /**
   * For a push whose place lies before `end`, where {@link push} left a gap: finds the first
   * entry earlier than (time, key) by binary search (entry end - 1 is one), moves it and those
   * up to `end` up one index, and returns the index freed.
   */
  private blockMove(time: number, key: number, end: number): number {
    const times = this.times;
    const keys = this.keys;
    // The first entry earlier than (time, key): every entry before it is later.
    let lo = 0;
    let hi = end - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const mt = times[mid];
      if (mt > time || (mt === time && keys[mid] > key)) lo = mid + 1;
      else hi = mid;
    }
    times.copyWithin(lo + 1, lo, end);
    keys.copyWithin(lo + 1, lo, end);
    this.slots.copyWithin(lo + 1, lo, end);
    return lo;
  }

  /** Removes the next entry (the caller has read it at {@link top}). */
  pop(): void {
    this.size--;
  }

  /**
   * Appends entries given in increasing (time, key) order to an empty queue: call once per
   * entry, then {@link endAppend}. (The calendar's refill moves a batch of far events this way
   * instead of inserting each one at the front.)
   */
  append(time: number, key: number, slot: number): void {
    if (this.size === this.times.length) this.grow();
    this.times[this.size] = time;
    this.keys[this.size] = key;
    this.slots[this.size] = slot;
    this.size++;
  }

  /** Puts the appended entries latest first. */
  endAppend(): void {
    this.times.subarray(0, this.size).reverse();
    this.keys.subarray(0, this.size).reverse();
    this.slots.subarray(0, this.size).reverse();
  }

  /**
   * Removes the latest `count` entries or more, handing each to `out` (latest first), and
   * returns the earliest time among them: the calendar's new horizon, strictly after every
   * entry left (entries tied at that time go too, since a new event at the horizon goes to
   * the far heap, and one of Urgent priority must not pass a Normal one left here). Removes
   * nothing and returns `horizon` unchanged when that would take every entry.
   */
  spill(count: number, horizon: number, out: (time: number, key: number, slot: number) => void): number {
    const times = this.times;
    let n = count;
    while (n < this.size && times[n] === times[n - 1]) n++;
    if (n >= this.size) return horizon;
    for (let i = 0; i < n; i++) out(times[i], this.keys[i], this.slots[i]);
    const earliest = times[n - 1];
    times.copyWithin(0, n, this.size);
    this.keys.copyWithin(0, n, this.size);
    this.slots.copyWithin(0, n, this.size);
    this.size -= n;
    return earliest;
  }

  private grow(): void {
    growTriples(this);
  }
}
