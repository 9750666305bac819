/**
 * A binary min-heap of (time, key, slot) triples, ordered by (time, key), stored by value in
 * typed arrays: a comparison reads two adjacent numbers of the heap's own arrays instead of
 * following a slot into the calendar's, which keeps the hot loop in cache. The calendar
 * (calendar.ts) keeps its far events here (those after its horizon); the near ones are in a
 * sorted NearQueue (near-queue.ts).
 */
export class EventHeap {
  times = new Float64Array(256);
  keys = new Float64Array(256);
  slots = new Int32Array(256);
  size = 0;

  push(time: number, key: number, slot: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const keys = this.keys;
    const slots = this.slots;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && keys[parent] < key)) break;
      times[i] = pt;
      keys[i] = keys[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
    slots[i] = slot;
  }

  /** Removes the top (the caller has read it from index 0). */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const times = this.times;
    const keys = this.keys;
    const slots = this.slots;
    const t = times[n];
    const k = keys[n];
    const s = slots[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child];
      const right = child + 1;
      if (right < n) {
        const rt = times[right];
        if (rt < ct || (rt === ct && keys[right] < keys[child])) {
          child = right;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && k < keys[child])) break;
      times[i] = ct;
      keys[i] = keys[child];
      slots[i] = slots[child];
      i = child;
    }
    times[i] = t;
    keys[i] = k;
    slots[i] = s;
  }

  private grow(): void {
    growTriples(this);
  }
}

/** (time, key, slot) triples stored by value, as the calendar's queues keep them. */
export interface Triples {
  times: Float64Array;
  keys: Float64Array;
  slots: Int32Array;
}

/** Doubles the arrays of `q`, keeping their contents. */
export function growTriples(q: Triples): void {
  const n = q.times.length * 2;
  const times = new Float64Array(n);
  const keys = new Float64Array(n);
  const slots = new Int32Array(n);
  times.set(q.times);
  keys.set(q.keys);
  slots.set(q.slots);
  q.times = times;
  q.keys = keys;
  q.slots = slots;
}
