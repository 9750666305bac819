/**
 * Glue between callback-style model code and process bodies: `yield waitFor(r => api(r))`
 * resumes the process with whatever value `api` passes to its callback.
 */
import type { Command, Process } from '../engine/process.js';

export function waitFor<T>(register: (resume: (v: T) => void) => void): Command {
  return { start: (p: Process) => register(p.resumer as (v: T) => void) };
}
