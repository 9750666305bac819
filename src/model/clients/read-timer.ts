/**
 * One client's read timeout, armed lazily, for a client with at most one GET in flight (a
 * chef-client's crawl). Arming a 60 s timeout per GET and cancelling it a few milliseconds later
 * cost ~90 ns a GET in the calendar (issue 13), and nearly every one was cancelled. Here one
 * timer stays pending: a GET only moves `deadline`; a timer that fires before the deadline
 * re-arms itself for it, and one that fires with no GET waiting is dropped. A GET still times
 * out at exactly its send time + the read timeout (only its sequence among events of that same
 * instant can differ), as {@link Conn}'s idle timer does for the server side.
 */
import type { Calendar, EventHandle } from '../../engine/calendar.js';

/** The GET a read timer guards. */
export interface ReadWaiter {
  readTimedOut(): void;
}

const fire = (t: ReadTimer): void => t.fired();

export class ReadTimer {
  private handle: EventHandle = -1;
  /** When `handle` fires. */
  private firesAt = Infinity;
  /** When the waiting GET times out (Infinity: none waiting). */
  private deadline = Infinity;
  private waiter: ReadWaiter | null = null;

  constructor(private readonly cal: Calendar) {}

  /** `waiter` times out `seconds` from now unless {@link disarm} comes first. */
  arm(seconds: number, waiter: ReadWaiter): void {
    this.waiter = waiter;
    this.deadline = this.cal.now + seconds;
    if (this.handle !== -1) {
      if (this.firesAt <= this.deadline) return; // fires first, then re-arms for the deadline
      this.cal.cancel(this.handle);
    }
    this.handle = this.cal.timeout(seconds, fire, this);
    this.firesAt = this.deadline;
  }

  /** The GET ended (response or failure) before its read timeout. */
  disarm(): void {
    this.waiter = null;
    this.deadline = Infinity;
  }

  /** @internal */
  fired(): void {
    this.handle = -1;
    if (this.waiter === null) return;
    if (this.cal.now < this.deadline) {
      this.handle = this.cal.scheduleAt(this.deadline, fire, this);
      this.firesAt = this.deadline;
      return;
    }
    const w = this.waiter;
    this.disarm();
    w.readTimedOut();
  }
}
