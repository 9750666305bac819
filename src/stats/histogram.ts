/**
 * Latency histogram with bounded memory and bounded relative error.
 *
 * Buckets grow geometrically by GAMMA = 1.02 from MIN_VALUE, so reporting a bucket's geometric
 * midpoint is within sqrt(1.02) - 1 = 0.995% of any value that fell in it: <= 1% relative error
 * at every quantile, in ~1.5k buckets covering 1 microsecond to 10^7 seconds, whatever the
 * number of samples. Histograms with the same layout merge by adding counts, which is how
 * replications, workers and shards are combined.
 */

const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
export const HISTOGRAM_MIN_VALUE = 1e-6;
const MAX_VALUE = 1e7;
const NBUCKETS = Math.ceil(Math.log(MAX_VALUE / HISTOGRAM_MIN_VALUE) / LOG_GAMMA) + 1;
/** Worst-case relative error of {@link LatencyHistogram.quantile} for values >= MIN_VALUE. */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(GAMMA) - 1;

export interface HistogramJSON {
  /** Sparse buckets: [index, count] pairs; index -1 holds values below MIN_VALUE. */
  buckets: [number, number][];
  count: number;
  sum: number;
  min: number;
  max: number;
}

export class LatencyHistogram {
  private counts = new Float64Array(NBUCKETS);
  private below = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    this.recordAt(value, LatencyHistogram.bucketOf(value));
  }

  /**
   * The bucket `value` falls in (-1 below MIN_VALUE), to record one value in several
   * histograms of the same layout with one logarithm: `h.recordAt(v, bucket)` for each.
   */
  static bucketOf(value: number): number {
    if (!(value >= 0)) throw new RangeError(`histogram value must be >= 0, got ${value}`);
    if (value < HISTOGRAM_MIN_VALUE) return -1;
    const i = Math.floor(Math.log(value / HISTOGRAM_MIN_VALUE) / LOG_GAMMA);
    return i >= NBUCKETS ? NBUCKETS - 1 : i;
  }

  /** Records `value`, whose bucket is `bucket` = {@link LatencyHistogram.bucketOf}(value). */
  recordAt(value: number, bucket: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (bucket === -1) this.below++;
    else this.counts[bucket]++;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Value at quantile q in [0, 1]; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    // Rank of the q-quantile among 1..count (the "inverse of the ECDF" definition).
    const rank = Math.max(1, Math.ceil(q * this.count));
    let acc = this.below;
    if (acc >= rank) return this.min;
    const counts = this.counts;
    for (let i = 0; i < NBUCKETS; i++) {
      acc += counts[i];
      if (acc >= rank) {
        const mid = HISTOGRAM_MIN_VALUE * Math.pow(GAMMA, i + 0.5);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  /** Fraction of recorded values strictly greater than t (bucket resolution). */
  fractionAbove(t: number): number {
    if (this.count === 0) return NaN;
    if (t < HISTOGRAM_MIN_VALUE) return (this.count - this.below) / this.count;
    const edge = Math.floor(Math.log(t / HISTOGRAM_MIN_VALUE) / LOG_GAMMA);
    let above = 0;
    for (let i = edge + 1; i < NBUCKETS; i++) above += this.counts[i];
    // The bucket containing t is split linearly in log space.
    const lo = HISTOGRAM_MIN_VALUE * Math.pow(GAMMA, edge);
    const frac = Math.log((GAMMA * lo) / t) / LOG_GAMMA;
    above += this.counts[edge] * Math.min(1, Math.max(0, frac));
    return above / this.count;
  }

  merge(other: LatencyHistogram): this {
    for (let i = 0; i < NBUCKETS; i++) this.counts[i] += other.counts[i];
    this.below += other.below;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  reset(): void {
    this.counts.fill(0);
    this.below = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Non-empty buckets as [lower edge, upper edge, count], for plotting. */
  bins(): { lo: number; hi: number; count: number }[] {
    const out: { lo: number; hi: number; count: number }[] = [];
    if (this.below > 0) out.push({ lo: 0, hi: HISTOGRAM_MIN_VALUE, count: this.below });
    for (let i = 0; i < NBUCKETS; i++) {
      if (this.counts[i] > 0) {
        const lo = HISTOGRAM_MIN_VALUE * Math.pow(GAMMA, i);
        out.push({ lo, hi: lo * GAMMA, count: this.counts[i] });
      }
    }
    return out;
  }

  toJSON(): HistogramJSON {
    const buckets: [number, number][] = [];
    if (this.below > 0) buckets.push([-1, this.below]);
    for (let i = 0; i < NBUCKETS; i++) if (this.counts[i] > 0) buckets.push([i, this.counts[i]]);
    return { buckets, count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static fromJSON(j: HistogramJSON): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [i, c] of j.buckets) {
      if (i === -1) h.below = c;
      else h.counts[i] = c;
    }
    h.count = j.count;
    h.sum = j.sum;
    h.min = j.count === 0 ? Infinity : j.min;
    h.max = j.count === 0 ? -Infinity : j.max;
    return h;
  }
}
