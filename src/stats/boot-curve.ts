/**
 * The boot-storm curve: the share of the instances booted in the window that have their
 * metadata, over time since the window opened. Read off the histogram of the times at which
 * runs got their metadata, divided by every run started (booted), so a curve that stops below
 * 100% shows the instances that never got it.
 */
import { LatencyHistogram } from './histogram.js';
import type { PopulationStats } from './results.js';

export interface BootCurve {
  /** [seconds after the window opened, share of booted instances with metadata by then]. */
  points: [number, number][];
  /** The time by which a share q of the booted instances had metadata; Infinity if never, NaN without boots. */
  reach(q: number): number;
}

export function bootCurve(p: Pick<PopulationStats, 'started' | 'configuredAt'>): BootCurve {
  const h = LatencyHistogram.fromJSON(p.configuredAt);
  const points: [number, number][] = [];
  let acc = 0;
  for (const b of h.bins()) {
    acc += b.count;
    points.push([b.hi, p.started ? acc / p.started : NaN]);
  }
  return {
    points,
    reach(q: number): number {
      if (p.started === 0) return NaN;
      const rank = Math.max(1, Math.ceil(q * p.started));
      if (rank > h.count) return Infinity;
      return h.quantile((rank - 0.5) / h.count);
    },
  };
}
