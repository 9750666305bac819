/**
 * A timeout that is moved far more often than it fires: a keep-alive connection's idle timer
 * (~25 waits per chef run) or a client's read timeout across its sequential GETs. Scheduling a
 * timeout per wait and cancelling it milliseconds later cost ~90 ns each in the calendar, and
 * nearly every one was cancelled (issue 13). Here one event stays pending: a new wait only moves
 * `deadline`; an event that fires before the deadline re-arms itself for it, and one that fires
 * with no wait armed is dropped. A wait still expires at exactly its start + its timeout (only
 * its sequence among events of that same instant can differ from a timer per wait).
 */
import type { Calendar, EventHandle } from './calendar.js';

const fire = (d: LazyDeadline<unknown>): void => d.fired();

export class LazyDeadline<A> {
  private handle: EventHandle = -1;
  /** When `handle` fires. */
  private firesAt = Infinity;
  /** When the armed wait expires (Infinity: none armed). */
  private deadline = Infinity;
  private arg: A | undefined = undefined;

  constructor(
    private readonly cal: Calendar,
    /** Called with the armed wait's argument when its deadline passes. */
    private readonly expire: (arg: A) => void,
  ) {}

  /** `expire(arg)` in `seconds` unless {@link disarm} or another arm() comes first. */
  arm(seconds: number, arg: A): void {
    this.arg = arg;
    this.deadline = this.cal.now + seconds;
    if (this.handle !== -1) {
      if (this.firesAt <= this.deadline) return; // fires first, then re-arms for the deadline
      this.cal.cancel(this.handle);
    }
    this.handle = this.cal.timeout(seconds, fire, this as LazyDeadline<unknown>);
    this.firesAt = this.deadline;
  }

  /** The wait ended before its deadline; the pending event, if any, stays (and is dropped when it fires). */
  disarm(): void {
    this.deadline = Infinity;
    this.arg = undefined;
  }

  /** Disarms and removes the pending event too: for an owner that will never wait again. */
  cancel(): void {
    this.disarm();
    if (this.handle === -1) return;
    this.cal.cancel(this.handle);
    this.handle = -1;
  }

  /** @internal */
  fired(): void {
    this.handle = -1;
    if (this.deadline === Infinity) return;
    if (this.cal.now < this.deadline) {
      this.handle = this.cal.scheduleAt(this.deadline, fire, this as LazyDeadline<unknown>);
      this.firesAt = this.deadline;
      return;
    }
    const arg = this.arg as A;
    this.disarm();
    this.expire(arg);
  }
}
