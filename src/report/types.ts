/**
 * The study results a report can show besides plain runs. The CLI's sweep and capacity
 * commands produce these shapes.
 */
import type { Estimate, ScenarioResult } from '../stats/results.js';

export interface SweepResult {
  parameters: { path: string; values: unknown[] }[];
  points: { values: unknown[]; result: ScenarioResult }[];
}

export interface CapacityResult {
  vary: string;
  slo: { metric: string; threshold: number };
  /** 'largest' when the SLO holds below the answer (instances), 'smallest' when above (pool sizes). */
  direction: 'largest' | 'smallest';
  answer: number | null;
  bracket: [number, number];
  /** How sure the answer is, in words. */
  confidence: string;
  points: { value: number; estimate: Estimate; verdict: 'meets' | 'fails' | 'uncertain'; replications: number }[];
}
