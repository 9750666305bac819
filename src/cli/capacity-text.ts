/**
 * The answer of `nmsim capacity` in words: the headline first (the capacity, or that no limit
 * was found up to the top of the range and why the range ends there), then how sure it is.
 */
import { fmtMetric, sloText } from './format.js';
import type { CapacityResult } from './types.js';

export function explainCapacity(c: CapacityResult, budget?: string): string {
  const thr = sloText(c.slo.metric, c.slo.threshold);
  const val = (x: number) => (c.vary === 'instances' ? `${x} instances` : `${c.vary} = ${x}`);
  const largest = c.direction === 'largest';
  const parts: string[] = [];
  if (c.status === 'above-range') {
    const top = largest ? c.range[1] : c.range[0];
    const why =
      c.subnetsHold !== undefined && largest && top === c.subnetsHold
        ? `the subnets hold ${c.subnetsHold}; widen their CIDRs to look further`
        : 'the end of the range searched';
    parts.push(
      `No limit found ${largest ? 'up' : 'down'} to ${val(top)} (${why}): ${thr} is met across the whole range.`,
    );
  } else if (c.status === 'below-range') {
    parts.push(`${thr} is not met anywhere in the range: ${val(largest ? c.range[0] : c.range[1])} already fails it.`);
  } else {
    if (c.answer !== null)
      parts.push(
        `Capacity: ${thr} is met ${largest ? 'up' : 'down'} to ${val(c.answer)} (95% CI within the threshold).`,
      );
    else parts.push(`No value in the range was shown to meet ${thr}.`);
    if (c.firstFailing !== null) parts.push(`${val(c.firstFailing)} fails it (95% CI beyond the threshold).`);
    if (c.band)
      parts.push(
        `From ${c.band[0]} to ${c.band[1]} the verdict stays uncertain even with ${c.replicationsToAnswer} replications: the answer lies in that band.`,
      );
    const tol = `${+(100 * c.tolerance).toPrecision(3)}%`;
    const bracket = `[${c.bracket[0]}, ${c.bracket[1]}]`;
    if (c.status === 'budget')
      parts.push(
        `Stopped by the time budget (--budget ${budget}) after ${c.points.length} values with the bracket ${bracket}.`,
      );
    else if (c.status === 'steps')
      parts.push(
        `Stopped after ${c.points.length} values with the bracket ${bracket} (raise --max-steps to narrow it).`,
      );
    else
      parts.push(
        c.band ? `The edges of the band are resolved within ${tol}.` : `The bracket ${bracket} is within ${tol}.`,
      );
  }
  const at = c.points.find((p) => p.value === c.answer);
  if (at)
    parts.push(
      `At ${c.status === 'above-range' ? 'the top' : 'the answer'} ${c.slo.metric} = ${fmtMetric(c.slo.metric, at.estimate)} (${at.replications} replications).`,
    );
  return parts.join(' ');
}
