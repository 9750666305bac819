/**
 * What `nmsim compare`, `sweep` and `capacity` produce (their JSON files, their --json output,
 * and what they hand to the HTML report). `nmsim run` produces a plain ScenarioResult.
 *
 * Estimates are means over replications with a 95% Student-t interval; in JSON, NaN and
 * infinite numbers (e.g. the half-width with one replication) are written as null.
 */
import type { Estimate, ScenarioResult } from '../stats/results.js';
import type { StudyMetric } from '../stats/study-metrics.js';

/** Metrics shown in tables and compared: run-level answers first, then request latency and outcome shares. */
export { STUDY_METRICS, type StudyMetric } from '../stats/study-metrics.js';

/** Which scenario a study is about. */
export interface ScenarioRef {
  name: string;
  file: string;
  /** sha256 of the resolved scenario (for a sweep or capacity study: of the base scenario). */
  hash: string;
}

// ---------------------------------------------------------------------------------------------
// compare

export interface CompareDifference {
  /** Name of the scenario compared, and of the baseline (the first scenario). */
  scenario: string;
  baseline: string;
  /** Replications both ran (paired by replication index). */
  replications: number;
  /**
   * Paired differences scenario - baseline of each metric, replication by replication. The
   * scenarios share their random streams (common random numbers), so these intervals are
   * usually much narrower than the two separate intervals suggest. `significant`: the
   * interval excludes 0.
   */
  metrics: Record<StudyMetric, Estimate & { significant: boolean }>;
}

/** `nmsim compare` output: every scenario's result, with paired differences against the first. */
export interface CompareResult {
  kind: 'compare';
  /** The seed every scenario ran with. */
  seed: string | number;
  scenarios: ScenarioRef[];
  differences: CompareDifference[];
  results: ScenarioResult[];
}

// ---------------------------------------------------------------------------------------------
// sweep

export interface SweepParameter {
  /** Dotted scenario path, e.g. "proxy.eventlet.poolSize" or "topology.networks[0].instances". */
  path: string;
  values: unknown[];
}

/** One point of the sweep as a table row. */
export interface SweepRow {
  /** Value of each parameter, in parameter order. */
  values: unknown[];
  /** Position of each value in its parameter's list. */
  index: number[];
  /** "proxy.eventlet.poolSize=200, agent.cacheTtl=0" */
  label: string;
  replications: number;
  requests: number;
  metrics: Record<StudyMetric, Estimate>;
  slo: ScenarioResult['slo'];
}

/** The sweep table: what `nmsim sweep --json` prints. */
export interface SweepTable {
  kind: 'sweep';
  scenario: ScenarioRef;
  seed: string | number;
  parameters: SweepParameter[];
  /** Points in grid order: the first parameter varies slowest. */
  rows: SweepRow[];
}

/**
 * The full sweep (the <name>-sweep.json file and the report's `sweep` input): the table plus
 * each point's ScenarioResult, `points[i]` being `rows[i]`.
 */
export interface SweepResult extends SweepTable {
  points: { values: unknown[]; index: number[]; label: string; result: ScenarioResult }[];
}

// ---------------------------------------------------------------------------------------------
// capacity

export type Verdict = 'meets' | 'fails' | 'uncertain';

export interface CapacityPoint {
  value: number;
  /** The SLO metric's estimate at this value. */
  estimate: Estimate;
  /**
   * meets: the CI's upper bound is within the threshold; fails: its lower bound is beyond it;
   * uncertain: the CI straddles it even after adding replications up to the cap.
   */
  verdict: Verdict;
  replications: number;
  /** Index of this point's ScenarioResult in the file's / report's `results`. */
  result: number;
}

/** `nmsim capacity` output (what --json prints; the file adds `results`). */
export interface CapacityResult {
  kind: 'capacity';
  scenario: ScenarioRef;
  seed: string | number;
  /** "instances" (all networks scaled proportionally) or a dotted scenario path. */
  vary: string;
  slo: { metric: string; threshold: number };
  /** largest: the SLO holds below the answer (load); smallest: it holds above it (e.g. pool sizes). */
  direction: 'largest' | 'smallest';
  /** The range searched. */
  range: [number, number];
  /** With --vary instances: the most instances the scenario's subnets hold (the default top of the range). */
  subnetsHold?: number;
  /**
   * The answer: the largest (or smallest) value whose verdict is 'meets'. null when no value
   * in the range meets the SLO.
   */
  answer: number | null;
  /** The nearest value beyond the answer that fails (null: none failed in the range). */
  firstFailing: number | null;
  /** [answer, firstFailing] (or the range ends), ordered low to high. */
  bracket: [number, number];
  /** Values whose verdict stayed uncertain at the replication cap, low to high (null: none). */
  band: [number, number] | null;
  /**
   * found: a bracket within tolerance; above-range / below-range: the whole range meets / no
   * value meets; steps: stopped at the step limit before the bracket was narrow enough;
   * budget: stopped by --budget.
   */
  status: 'found' | 'above-range' | 'below-range' | 'steps' | 'budget';
  /** Replications a value must meet the SLO with to be the answer (--max-replications). */
  replicationsToAnswer: number;
  /** The bracket tolerance: values this close are not told apart (1% by default). */
  tolerance: number;
  /** The answer in words, with its uncertainty. */
  confidence: string;
  /** Every point evaluated, in evaluation order. */
  points: CapacityPoint[];
}

/** The <name>-capacity.json file: the answer plus each point's ScenarioResult. */
export interface CapacityFile extends CapacityResult {
  results: ScenarioResult[];
}
