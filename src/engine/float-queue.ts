/**
 * Numbers in FIFO order on a ring of doubles that doubles when full: the pending instants of a
 * virtual-clock pool ({@link FcfsPool}), stored by value so that queueing a time allocates
 * nothing. The same ring as {@link Fifo}, without the positions: nothing is overwritten here.
 */
export class FloatQueue {
  private items = new Float64Array(16);
  private mask = 15;
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** The oldest number (Infinity when empty, so a merge of queues needs no emptiness test). */
  get first(): number {
    return this.head === this.tail ? Infinity : this.items[this.head & this.mask];
  }

  push(x: number): void {
    if (this.tail - this.head === this.items.length) this.grow();
    this.items[this.tail++ & this.mask] = x;
  }

  /** Drops the oldest number (the caller has read it with {@link first}). */
  shift(): void {
    if (this.head < this.tail) this.head++;
  }

  private grow(): void {
    const old = this.items;
    const oldMask = this.mask;
    this.items = new Float64Array(old.length * 2);
    this.mask = this.items.length - 1;
    for (let p = this.head; p < this.tail; p++) this.items[p & this.mask] = old[p & oldMask];
  }
}
