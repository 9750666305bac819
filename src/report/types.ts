/**
 * The study results a report shows besides plain runs, as the report needs them. These are
 * structural subsets of what the CLI's sweep, capacity and compare commands produce
 * (src/cli/types.ts): the CLI's richer objects are passed in as they are, and every field
 * the report does not strictly need is optional.
 */
import type { Estimate, ScenarioResult } from '../stats/results.js';

export type Verdict = 'meets' | 'fails' | 'uncertain';

export interface SweepResult {
  /** Swept parameters (dotted scenario paths) and their values; the first varies slowest. */
  parameters: { path: string; values: unknown[] }[];
  /** One point per combination of values, in grid order. */
  points: { values: unknown[]; label?: string; result: ScenarioResult }[];
}

export interface CapacityResult {
  /** "instances" or a dotted scenario path. */
  vary: string;
  slo: { metric: string; threshold: number };
  /** The largest (or smallest) value meeting the SLO; null when none does. */
  answer: number | null;
  bracket: [number, number];
  points: {
    value: number;
    estimate: Estimate;
    verdict: Verdict;
    replications?: number;
    /** Index of this point's ScenarioResult in the report's `results`. */
    result?: number;
  }[];
  /** largest: the SLO holds below the answer (load); smallest: above it (e.g. pool sizes). */
  direction?: 'largest' | 'smallest';
  /** The answer in words, with its uncertainty. */
  confidence?: string;
  /** The nearest value beyond the answer that fails. */
  firstFailing?: number | null;
  /** The range searched. */
  range?: [number, number];
  /** With instances varied: the most instances the subnets hold. */
  subnetsHold?: number;
  /** Values whose verdict stayed uncertain. */
  band?: [number, number] | null;
  status?: string;
}

/**
 * Paired differences of a compared scenario against the baseline (the first scenario), from
 * common random numbers; optional: without them the report shows plain deltas and ratios.
 */
export interface PairedDifference {
  scenario: string;
  baseline: string;
  replications?: number;
  metrics: Record<string, Estimate & { significant?: boolean }>;
}

/** A result with the label it goes by in tables and legends (unique within a report). */
export interface Labelled {
  label: string;
  result: ScenarioResult;
}
