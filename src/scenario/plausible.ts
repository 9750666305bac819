/**
 * Plausible ranges of the [unconfirmed] parameters: for a value with no public source, the
 * lowest and highest values an engineer would still believe, how to sample between them, and
 * why. They live on the schema field itself (`.meta(plausible(...))` next to the default), so
 * the reference, `nmsim robust` and the run report's "used at default" line read one source.
 *
 * For a distribution field the range is on its median, in seconds: `nmsim robust` stretches the
 * whole distribution in time (src/engine/dist-scale.ts) so that its median takes each value.
 */
export type RangeShape = 'uniform' | 'log';

export interface PlausibleRange {
  low: number;
  high: number;
  /** uniform: every value in [low, high] equally likely; log: every factor of 10 equally likely. */
  shape: RangeShape;
  /** One line: where the range comes from. */
  why: string;
}

/**
 * A plausible range as schema metadata: `field.meta(plausible(low, high, shape, why))` next to
 * the field's default. The JSON Schema carries it as the field's `plausible` key.
 */
export function plausible(low: number, high: number, shape: RangeShape, why: string): { plausible: PlausibleRange } {
  return { plausible: { low, high, shape, why } };
}
