/** A binary min-heap of numbers in a growable Float64Array: the busy servers' end times of a pool. */
export class FloatHeap {
  private items = new Float64Array(16);
  size = 0;

  /** The smallest number (Infinity when empty). */
  get min(): number {
    return this.size === 0 ? Infinity : this.items[0];
  }

  push(x: number): void {
    if (this.size === this.items.length) {
      const bigger = new Float64Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= x) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = x;
  }

  /** Removes the smallest number (the caller has read it with {@link min}). */
  pop(): void {
    const n = --this.size;
    if (n <= 0) {
      this.size = 0;
      return;
    }
    const a = this.items;
    const x = a[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && a[child + 1] < a[child]) child++;
      if (x <= a[child]) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = x;
  }
}
