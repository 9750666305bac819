/**
 * A FIFO queue on a ring buffer that doubles when full, for queues that fill and drain once per
 * request (accept queues, CPU run queues, a listener's recent handshakes). The arrays these
 * replaced allocated as they drained: `length = 0` drops an array's backing store, so the next
 * push allocates a new one, and slicing off a consumed head copies what is left. A ring keeps
 * its buffer: once it has grown to a queue's peak, pushing and shifting allocate nothing.
 *
 * Positions are absolute (the n-th item ever pushed is at position n), so an item can be
 * overwritten in place later ({@link Fifo.set}: a cancelled waiter left as a tombstone)
 * whatever the ring's size or where its head is by then. `pos & mask` is pos modulo the ring's
 * size for any integer position below 2^53 (the bitwise operators take their operand modulo
 * 2^32 first), so positions never need resetting.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  private mask = 15;
  /** Absolute position of the oldest item. */
  private head = 0;
  /** Absolute position the next push takes. */
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** Appends `x`; returns its absolute position. */
  push(x: T): number {
    if (this.tail - this.head === this.items.length) this.grow();
    this.items[this.tail & this.mask] = x;
    return this.tail++;
  }

  /** Removes and returns the oldest item (undefined if empty). */
  shift(): T | undefined {
    if (this.head === this.tail) return undefined;
    const i = this.head & this.mask;
    const x = this.items[i];
    this.items[i] = undefined;
    this.head++;
    return x;
  }

  /** The i-th item from the oldest (0 = the next to shift); undefined out of range. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.tail - this.head ? this.items[(this.head + i) & this.mask] : undefined;
  }

  /** Replaces the item pushed at absolute position `pos`, if it is still queued. */
  set(pos: number, x: T): void {
    if (pos >= this.head && pos < this.tail) this.items[pos & this.mask] = x;
  }

  /** Empties the queue (the buffer stays). */
  clear(): void {
    while (this.head < this.tail) this.items[this.head++ & this.mask] = undefined;
  }

  private grow(): void {
    const old = this.items;
    const oldMask = this.mask;
    const n = old.length * 2;
    // Positions are absolute: each item moves to its position modulo the new size.
    this.items = new Array<T | undefined>(n).fill(undefined);
    this.mask = n - 1;
    for (let p = this.head; p < this.tail; p++) this.items[p & this.mask] = old[p & oldMask];
  }
}
