/**
 * Glue between callback-style model code and process bodies: `yield waitFor(r => api(r))`
 * resumes the process with whatever value `api` passes to its callback.
 */
import type { Calendar } from '../engine/calendar.js';
import type { Command, Process } from '../engine/process.js';

export function waitFor<T>(register: (resume: (v: T) => void) => void): Command {
  return { start: (p: Process) => register(p.resumer as (v: T) => void) };
}

/**
 * Wraps `cb` so that only its first call goes through, and arms an optional timeout that calls
 * it with `onTimeout` (cancelled by the first real call). For races such as "response arrived"
 * against "timeout server".
 */
export function settleOnce<T>(
  cal: Calendar,
  cb: (v: T) => void,
  timeout = 0,
  onTimeout?: T,
): { settle: (v: T) => void; arm: (seconds: number, value: T) => void } {
  let settled = false;
  let timer = -1;
  const settle = (v: T): void => {
    if (settled) return;
    settled = true;
    if (timer !== -1) cal.cancel(timer);
    cb(v);
  };
  const arm = (seconds: number, value: T): void => {
    if (seconds > 0 && !settled) timer = cal.schedule(seconds, () => settle(value));
  };
  if (timeout > 0) arm(timeout, onTimeout as T);
  return { settle, arm };
}
