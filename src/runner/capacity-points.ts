/**
 * The replications behind each value of a capacity search: a 'probe' runs `probe`
 * replications and, while the verdict is uncertain, doubles them up to `cap`, stopping as soon
 * as the CI settles on one side of the threshold; a 'decide' brings a meeting value to the full
 * `cap` before it may be an answer. A failing verdict is not re-run: it can only err towards a
 * smaller (safer) answer. The replication counts follow a fixed schedule (2, 4, 8, ... cap),
 * never the worker count, so the result is the same whatever --workers is. Every value runs
 * with the same seed (common random numbers).
 */
import type { Scenario } from '../scenario/schema.js';
import type { ScenarioResult } from '../stats/results.js';
import type { Effort, Evaluation } from './capacity-search.js';
import { Point, type Study } from './study.js';

export interface CapacityPointsOptions {
  /** Replications of a probe (at least 2: one cannot make an interval). */
  probe: number;
  /** Replications a value needs to be an answer, and the most any value gets. */
  cap: number;
  /** The scenario at value x (validated). */
  scenarioAt: (x: number) => Scenario;
  label: (x: number) => string;
  file?: string;
  /** Before each batch of replications, with the value and its replications after the batch. */
  onBatch?: (x: number, effort: Effort, from: number, to: number) => void;
}

export class CapacityPoints {
  private readonly byValue = new Map<number, Point>();
  /** Values in the order first evaluated. */
  readonly order: number[] = [];

  constructor(
    private readonly study: Study,
    private readonly o: CapacityPointsOptions,
  ) {
    if (!(o.probe >= 2 && o.cap >= o.probe)) throw new Error(`CapacityPoints: need 2 <= probe <= cap`);
  }

  /** The search's evaluate: runs value x with the given effort. */
  readonly evaluate = async (x: number, effort: Effort): Promise<Evaluation> => {
    let p = this.byValue.get(x);
    if (!p) {
      p = new Point(this.o.label(x), this.o.scenarioAt(x), this.o.file);
      this.byValue.set(x, p);
      this.order.push(x);
    }
    await this.grow(p, x, effort, Math.max(this.o.probe, p.reps.length));
    let r = this.study.result(p);
    while (
      p.reps.length < this.o.cap &&
      (r.slo.verdict === 'uncertain' || (effort === 'decide' && r.slo.verdict === 'meets'))
    ) {
      // Uncertain: double (stop once settled); a meeting value to decide: straight to the cap.
      const next = r.slo.verdict === 'uncertain' ? Math.min(this.o.cap, 2 * p.reps.length) : this.o.cap;
      await this.grow(p, x, effort, next);
      r = this.study.result(p);
    }
    return { verdict: r.slo.verdict, mean: r.slo.value.mean };
  };

  private async grow(p: Point, x: number, effort: Effort, n: number): Promise<void> {
    if (n <= p.reps.length) return;
    this.o.onBatch?.(x, effort, p.reps.length, n);
    this.study.plan(n - p.reps.length);
    await this.study.extend(p, n);
  }

  /** Each evaluated value with its result and replications, in the order first evaluated. */
  results(): { value: number; result: ScenarioResult; replications: number }[] {
    return this.order.map((x) => {
      const p = this.byValue.get(x)!;
      return { value: x, result: this.study.result(p), replications: p.reps.length };
    });
  }
}
