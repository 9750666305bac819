/**
 * A FIFO lane of timeouts of one delay (calendar.ts, {@link Calendar.timeout}): scheduled in
 * time order, so only the head needs to sit in the calendar's heap. Slots are the calendar's;
 * a cancelled one is skipped when the lane reaches it.
 */
export class Lane {
  slots: number[] = [];
  head = 0;
  constructor(readonly delay: number) {}
  get empty(): boolean {
    return this.head === this.slots.length;
  }
  shift(): void {
    this.head++;
    if (this.head === this.slots.length) {
      this.slots.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }
}
