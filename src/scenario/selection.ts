/**
 * Values derived from a scenario that more than one module needs, computed in one place.
 */
import type { Scenario } from './schema.js';

/** Instances a client selector ("all", a count, or "58%") picks among `n`, as the validator counts them. */
export function selectedInstances(sel: 'all' | number | string, n: number): number {
  if (sel === 'all') return n;
  if (typeof sel === 'number') return sel;
  return Math.round((parseFloat(sel) / 100) * n);
}

/** The interval of the occupancy and queue time series: set, or 1/720 of the measured time (at least 1 s). */
export function sampleIntervalOf(s: Pick<Scenario, 'sampleInterval' | 'duration'>): number {
  return s.sampleInterval ?? Math.max(1, s.duration / 720);
}
