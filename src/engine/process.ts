/**
 * Processes: behaviour written as sequential steps with generator functions.
 *
 *   function* client(p: Process) {
 *     yield p.sleep(2);                          // hold for 2 s
 *     const g: Grant = yield p.acquire(pool, 5); // wait up to 5 s for a server
 *     if (g === Grant.Granted) { yield p.sleep(1); pool.release(); }
 *   }
 *   sim.spawn(client);
 *
 * A process is resumed straight from the event calendar with `generator.next(value)`: no
 * Promise and no microtask per step, so a step costs one calendar event at most.
 */
import type { Calendar, EventHandle } from './calendar.js';
import { Grant, type Resource, type Ticket } from './resource.js';

/** What a process may yield: it tells the runner when and with what value to resume. */
export interface Command {
  /** Arranges for `p.resume(value)` to be called exactly once, now or later. */
  start(p: Process): void;
}

export type ProcessBody = (p: Process) => Generator<Command, void, any>;

/** The value a {@link Signal} wait resumes with when its timeout expires first. */
export const TIMEOUT: unique symbol = Symbol('timeout');
export type Timeout = typeof TIMEOUT;

class SleepCommand implements Command {
  delay = 0;
  start(p: Process): void {
    p.wakeAfter(this.delay);
  }
}

/** Acquire a server, hold it for `seconds`, release it: one command, resumed once. */
class UseCommand implements Command {
  res: Resource | null = null;
  seconds = 0;
  private p: Process | null = null;
  private readonly onGrant = (g: Grant): void => {
    if (g === Grant.Granted) this.p!.cal.schedule(this.seconds, this.onDone);
  };
  private readonly onDone = (): void => {
    const p = this.p!;
    this.res!.release();
    p.resume(undefined);
  };
  start(p: Process): void {
    this.p = p;
    p.ticket = this.res!.request(this.onGrant);
    p.ticketOwner = this.res;
  }
}

class AcquireCommand implements Command {
  constructor(
    private readonly res: Resource,
    private readonly timeout: number,
  ) {}
  start(p: Process): void {
    let sync = true;
    let syncResult: Grant | -1 = -1;
    p.ticket = this.res.request((g) => {
      if (sync) syncResult = g;
      else p.resume(g);
    }, this.timeout);
    p.ticketOwner = this.res;
    sync = false;
    if (syncResult !== -1) p.resume(syncResult);
  }
}

export class Process {
  /** @internal */ ticket: Ticket | null = null;
  /** @internal */ ticketOwner: Resource | null = null;
  private readonly gen: Generator<Command, void, any>;
  private timer: EventHandle = -1;
  private finished = false;
  private running = false;
  private pendingResume = false;
  private pendingValue: unknown = undefined;
  /** Called once when the process ends (returns, throws, or is killed). */
  onExit: (() => void) | null = null;
  /**
   * Resumes this process with a value: pass it as a callback to callback-style APIs. Created
   * once per process so waiting on a callback allocates nothing per step.
   */
  readonly resumer: (value?: unknown) => void = (v) => this.resume(v);
  // A process yields one command at a time, so these can be reused from step to step.
  private readonly sleepCmd = new SleepCommand();
  private useCmd: UseCommand | null = null;

  constructor(
    readonly cal: Calendar,
    body: ProcessBody,
  ) {
    this.gen = body(this);
  }

  get done(): boolean {
    return this.finished;
  }

  get now(): number {
    return this.cal.now;
  }

  sleep(delay: number): Command {
    const c = this.sleepCmd;
    c.delay = delay;
    return c;
  }

  /** Waits for a server of `res`, holds it for `seconds`, releases it (e.g. a CPU burst). */
  use(res: Resource, seconds: number): Command {
    const c = (this.useCmd ??= new UseCommand());
    c.res = res;
    c.seconds = seconds;
    return c;
  }

  acquire(res: Resource, timeout = Infinity): Command {
    return new AcquireCommand(res, timeout);
  }

  /** Starts the process: runs it up to its first yield. */
  start(): this {
    this.resume(undefined);
    return this;
  }

  /** @internal Schedules a resume after `delay`. */
  wakeAfter(delay: number): void {
    this.timer = this.cal.schedule(delay, this.onTimer, undefined);
  }

  private readonly onTimer = (): void => {
    this.timer = -1;
    this.resume(undefined);
  };

  /** Resumes the generator with `value`. Re-entrant calls are queued, not nested. */
  resume(value: unknown): void {
    if (this.finished) return;
    if (this.running) {
      // A command completed synchronously inside start(); continue after start() returns.
      this.pendingResume = true;
      this.pendingValue = value;
      return;
    }
    this.running = true;
    let v = value;
    try {
      for (;;) {
        this.ticket = null;
        this.ticketOwner = null;
        const r = this.gen.next(v);
        if (r.done) {
          this.finish();
          return;
        }
        this.pendingResume = false;
        r.value.start(this);
        if (!this.pendingResume) break;
        v = this.pendingValue;
        this.pendingValue = undefined;
      }
    } catch (e) {
      this.finish();
      throw e;
    } finally {
      this.running = false;
    }
  }

  /** Ends the process now: cancels its timer and any resource wait, runs `finally` blocks. */
  kill(): void {
    if (this.finished) return;
    if (this.timer !== -1) this.cal.cancel(this.timer);
    if (this.ticket !== null && this.ticketOwner !== null) this.ticketOwner.cancel(this.ticket);
    this.finished = true;
    this.gen.return(undefined);
    this.onExit?.();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer !== -1) this.cal.cancel(this.timer);
    this.onExit?.();
  }
}

/**
 * A one-shot event carrying a value, that processes (or callbacks) can wait on, optionally
 * with a timeout. Firing it twice is ignored, so "response arrived" and "connection closed"
 * can race safely.
 */
export class Signal<T = unknown> {
  private fired = false;
  private value: T | undefined;
  private waiters: ((v: T | Timeout) => void)[] = [];

  constructor(private readonly cal: Calendar) {}

  get isFired(): boolean {
    return this.fired;
  }
  get result(): T | undefined {
    return this.value;
  }

  fire(value: T): void {
    if (this.fired) return;
    this.fired = true;
    this.value = value;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w(value);
  }

  /** Calls `cb` with the value when fired, or with TIMEOUT after `timeout` seconds. */
  then(cb: (v: T | Timeout) => void, timeout = Infinity): void {
    if (this.fired) {
      cb(this.value as T);
      return;
    }
    if (timeout === Infinity) {
      this.waiters.push(cb);
      return;
    }
    let settled = false;
    const handle = this.cal.timeout(timeout, () => {
      if (settled) return;
      settled = true;
      cb(TIMEOUT);
    });
    this.waiters.push((v) => {
      if (settled) return;
      settled = true;
      this.cal.cancel(handle);
      cb(v);
    });
  }

  /** Command form for processes: `const v = yield sig.wait(10)`. */
  wait(timeout = Infinity): Command {
    return { start: (p: Process) => this.then((v) => p.resume(v), timeout) };
  }
}

/** Re-exported so process bodies can compare acquisition outcomes. */
export { Grant };
