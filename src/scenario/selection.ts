/**
 * Values derived from a scenario that more than one module needs, computed in one place.
 */
import type { Scenario } from './schema.js';

/** The interval of the occupancy and queue time series: set, or 1/720 of the measured time (at least 1 s). */
export function sampleIntervalOf(s: Pick<Scenario, 'sampleInterval' | 'duration'>): number {
  return s.sampleInterval ?? Math.max(1, s.duration / 720);
}
