/**
 * Time-weighted statistics of a piecewise-constant level (servers busy, queue length).
 * The mean is the integral of the level over the observation window divided by its length.
 */
export class TimeWeighted {
  private level = 0;
  private lastT: number;
  private area = 0;
  private startT: number;
  max = 0;

  constructor(t0 = 0) {
    this.lastT = t0;
    this.startT = t0;
  }

  get current(): number {
    return this.level;
  }

  /** Sets the level at time t (t must not go backwards). */
  set(t: number, level: number): void {
    this.area += this.level * (t - this.lastT);
    this.lastT = t;
    this.level = level;
    if (level > this.max) this.max = level;
  }

  add(t: number, delta: number): void {
    this.set(t, this.level + delta);
  }

  /** Time-average over [start, t]. */
  mean(t: number): number {
    const span = t - this.startT;
    if (span <= 0) return this.level;
    return (this.area + this.level * (t - this.lastT)) / span;
  }

  /** Integral of the level over [start, t]. */
  integral(t: number): number {
    return this.area + this.level * (t - this.lastT);
  }

  /** Forgets history before t (warm-up removal); the current level carries over. */
  resetAt(t: number): void {
    this.area = 0;
    this.lastT = t;
    this.startT = t;
    this.max = this.level;
  }
}
