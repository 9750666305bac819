/**
 * A FIFO lane of timeouts of one delay (calendar.ts, {@link Calendar.timeout}): scheduled in
 * time order, so only the head needs to sit in the calendar's heap. Slots are the calendar's;
 * a cancelled one is skipped when the lane reaches it. A ring ({@link Fifo}), because a lane
 * empties and refills about once per request: an array reset with `length = 0` dropped its
 * backing store each time.
 */
import { Fifo } from './fifo.js';

export class Lane {
  readonly slots = new Fifo<number>();
  constructor(readonly delay: number) {}
}
