/**
 * One client population over replications (runs counted, their success share and time to
 * metadata, and their requests), and the run counts of all populations together.
 */
import {
  CONFIDENCE_LEVEL,
  estimate,
  latencyEstimates,
  mergeJSON,
  outcomeShares,
  runTimes,
  sumOutcomes,
} from './estimates.js';
import { SHARE_RANGE } from './precision.js';
import type { PopulationStats, PopulationSummary, RequestStats, ScenarioResult } from './results.js';
import { runSuccess } from './run-metrics.js';

export const sumOf = <K extends 'started' | 'ok' | 'failed' | 'skipped' | 'openAtCap'>(
  xs: PopulationStats[],
  k: K,
): number => xs.reduce((a, x) => a + x[k], 0);

/** One population over replications: counts and histograms summed, estimates across replications. */
export function summarisePopulation(all: PopulationStats[]): PopulationSummary {
  const req = (k: keyof Omit<RequestStats, 'count' | 'outcomes'>) => mergeJSON(all.map((p) => p.requests[k]));
  const outcomeRates = outcomeShares(all.map((p) => [p.requests.outcomes, p.requests.count]));
  return {
    client: all[0].client,
    kind: all[0].kind,
    started: sumOf(all, 'started'),
    ok: sumOf(all, 'ok'),
    failed: sumOf(all, 'failed'),
    skipped: sumOf(all, 'skipped'),
    openAtCap: sumOf(all, 'openAtCap'),
    timeToMetadata: mergeJSON(all.map((p) => p.timeToMetadata)),
    configuredAt: mergeJSON(all.map((p) => p.configuredAt)),
    duration: mergeJSON(all.map((p) => p.duration)),
    requests: {
      count: all.reduce((a, p) => a + p.requests.count, 0),
      outcomes: sumOutcomes(all.map((p) => p.requests.outcomes)),
      latency: req('latency'),
      latencyOk: req('latencyOk'),
      timeToFailure: req('timeToFailure'),
    },
    success: estimate(
      all.map((p) => runSuccess([p])),
      CONFIDENCE_LEVEL,
      SHARE_RANGE,
    ),
    time: runTimes(all.map((p) => [p])),
    latency: latencyEstimates(all.map((p) => p.requests.latency)),
    outcomeRates,
    timeToFailure: latencyEstimates(all.map((p) => p.requests.timeToFailure)),
  };
}

/** Runs of every population together: counts summed, success and times estimated across replications. */
export function summariseRuns(populations: PopulationSummary[], perRep: PopulationStats[][]): ScenarioResult['runs'] {
  return {
    started: sumOf(populations, 'started'),
    ok: sumOf(populations, 'ok'),
    failed: sumOf(populations, 'failed'),
    skipped: sumOf(populations, 'skipped'),
    openAtCap: sumOf(populations, 'openAtCap'),
    success: estimate(perRep.map(runSuccess), CONFIDENCE_LEVEL, SHARE_RANGE),
    time: runTimes(perRep),
  };
}
