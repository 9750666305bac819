/**
 * Runs a scenario: replications, aggregation into a ScenarioResult with confidence intervals.
 * (Implementation in progress by the lead; the signature is the contract.)
 */
import type { Scenario } from '../scenario/schema.js';
import type { ScenarioResult } from '../stats/results.js';

export interface RunOptions {
  /** Overrides scenario.seed. */
  seed?: string | number;
  /** Overrides scenario.replications with a fixed count. */
  replications?: number;
  /** Worker threads for replications (default: all cores). */
  workers?: number;
  /** Called after each replication. */
  onProgress?: (done: number, total: number) => void;
  /** Aborts between replications (Ctrl-C). */
  signal?: AbortSignal;
  /** Source file, recorded in meta. */
  file?: string;
}

export async function runScenario(_s: Scenario, _opts: RunOptions = {}): Promise<ScenarioResult> {
  throw new Error('runScenario: not implemented yet');
}
