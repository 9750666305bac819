/**
 * Warm-up resolution. A number is used as given. "auto" runs a pilot replication measured from
 * time zero and applies MSER-5 (White, 1997) to its latency trace: batch the series in fives
 * and truncate where the standard error of the remaining mean is smallest (searching the first
 * half only, as the rule prescribes). Every replication then uses that same warm-up.
 */
import type { Scenario } from '../scenario/schema.js';
import type { ReplicationResult } from '../stats/results.js';

/** MSER-5 truncation index into `series` (in observations, a multiple of 5). */
export function mser5(series: number[]): number {
  const b = 5;
  const nb = Math.floor(series.length / b);
  if (nb < 4) return 0;
  const batches: number[] = [];
  for (let i = 0; i < nb; i++) {
    let s = 0;
    for (let j = 0; j < b; j++) s += series[i * b + j];
    batches.push(s / b);
  }
  // Suffix sums let every candidate truncation be scored in O(1).
  const suf = new Array<number>(nb + 1).fill(0);
  const suf2 = new Array<number>(nb + 1).fill(0);
  for (let i = nb - 1; i >= 0; i--) {
    suf[i] = suf[i + 1] + batches[i];
    suf2[i] = suf2[i + 1] + batches[i] * batches[i];
  }
  let best = 0;
  let bestScore = Infinity;
  for (let d = 0; d <= Math.floor(nb / 2); d++) {
    const n = nb - d;
    const mean = suf[d] / n;
    const ss = suf2[d] - n * mean * mean;
    const score = ss / (n * n);
    if (score < bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best * b;
}

/** The scenario of the pilot replication (run with replication id -1 and no warm-up). */
export const pilotScenario = (s: Scenario): Scenario => ({ ...s, duration: s.duration });

/** The warm-up MSER-5 picks on a pilot replication's latency series. */
export function warmupFromPilot(pilot: ReplicationResult): number {
  const { t, latency } = pilot.latencyTrace;
  const cut = mser5(latency);
  return cut === 0 || t.length === 0 ? 0 : t[Math.min(cut, t.length - 1)];
}
