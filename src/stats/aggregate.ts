/**
 * Aggregates replications into a ScenarioResult: each reported metric is computed per
 * replication and summarised by the mean of the replication values with a Student-t interval
 * (the replication/deletion method), so autocorrelation inside a run does not shrink the CI.
 * Histograms and counts are also merged across replications for charts and totals.
 */
import { isShareMetric } from './study-metrics.js';
import { LatencyHistogram } from './histogram.js';
import { latencyRange, SHARE_RANGE, type PossibleRange } from './precision.js';
import { STAGES, type ReplicationResult, type RunMetric, type ScenarioResult } from './results.js';
import { estimateWithNever, RUN_QUANTILE, runQuantile, runSuccess, sloVerdict } from './run-metrics.js';
import {
  CONFIDENCE_LEVEL,
  estimate,
  latencyEstimates,
  latencyMetric,
  mergeHist,
  mergeJSON,
  outcomeShares,
  sumOutcomes,
} from './estimates.js';
import { summarisePopulation, summariseRuns } from './population-summary.js';
import type { LatencyMetric } from './results.js';

// Callers take the estimate primitives from here, beside aggregate().
export { CONFIDENCE_LEVEL, estimate, latencyMetric } from './estimates.js';

/** The range an SLO metric can take in these replications (shares 0-1, latency 0 to its cap). */
export function metricRange(reps: ReplicationResult[], metric: string): PossibleRange {
  if (isShareMetric(metric)) return SHARE_RANGE;
  return latencyRange(reps.map((r) => r.requests.latency.max));
}

/** The value of an SLO metric in one replication. */
export function sloMetricValue(rep: ReplicationResult, metric: string): number {
  if (metric === 'runSuccess') return runSuccess(rep.populations);
  if (metric in RUN_QUANTILE) return runQuantile(rep.populations, RUN_QUANTILE[metric as RunMetric]);
  const ended = rep.requests.ended;
  if (metric === 'timeoutRate') return ended ? rep.requests.outcomes.clientTimeout / ended : NaN;
  if (metric === 'failureRate') return ended ? (ended - rep.requests.outcomes.ok) / ended : NaN;
  return latencyMetric(LatencyHistogram.fromJSON(rep.requests.latency), metric as LatencyMetric);
}

export interface AggregateMeta {
  name: string;
  description: string;
  file?: string;
  hash: string;
  seed: string | number;
  stopReason: ScenarioResult['meta']['stopReason'];
  warmup: number;
  duration: number;
  nmsimVersion: string;
  clientTimeout: number | null;
  slo: { metric: string; threshold: number };
}

/** The result's meta: the study's identity and how it stopped. */
function resultMeta(meta: AggregateMeta, replications: number): ScenarioResult['meta'] {
  return {
    name: meta.name,
    description: meta.description,
    ...(meta.file !== undefined ? { file: meta.file } : {}),
    hash: meta.hash,
    seed: meta.seed,
    replications,
    confidenceLevel: CONFIDENCE_LEVEL,
    stopReason: meta.stopReason,
    warmup: meta.warmup,
    duration: meta.duration,
    nmsimVersion: meta.nmsimVersion,
    clientTimeout: meta.clientTimeout,
  };
}

export function aggregate(reps: ReplicationResult[], scenario: unknown, meta: AggregateMeta): ScenarioResult {
  if (reps.length === 0) throw new Error('aggregate: no replications');
  const latency = latencyEstimates(reps.map((r) => r.requests.latency));
  const outcomeRates = outcomeShares(reps.map((r) => [r.requests.outcomes, r.requests.ended]));
  const populations = reps[0].populations.map((_, i) => summarisePopulation(reps.map((r) => r.populations[i])));
  const runs = summariseRuns(
    populations,
    reps.map((r) => r.populations),
  );

  const components = summariseComponents(reps);
  const networks = summariseNetworks(reps);

  const sloValue = estimateWithNever(
    reps.map((r) => sloMetricValue(r, meta.slo.metric)),
    (xs) => estimate(xs, CONFIDENCE_LEVEL, metricRange(reps, meta.slo.metric)),
  );
  const thr = meta.slo.threshold;

  return {
    meta: resultMeta(meta, reps.length),
    scenario,
    runs,
    populations,
    drain: {
      cap: reps[0].drain.cap,
      openRequests: reps.reduce((a, r) => a + r.requests.openAtCap, 0),
      openRuns: runs.openAtCap,
      longest: Math.max(...reps.map((r) => r.drain.took)),
    },
    latency,
    outcomeRates,
    outcomeCounts: sumOutcomes(reps.map((r) => r.requests.outcomes)),
    stages: stageMeans(reps),
    timeToFailure: latencyEstimates(reps.map((r) => r.requests.timeToFailure)),
    histogram: mergeJSON(reps.map((r) => r.requests.latency)),
    components,
    networks,
    slo: { metric: meta.slo.metric, threshold: thr, value: sloValue, ...sloVerdict(meta.slo.metric, sloValue, thr) },
    requestsSimulated: reps.reduce((a, r) => a + r.requests.ended, 0),
    events: reps.reduce((a, r) => a + r.events, 0),
  };
}

/** Mean time per request in each stage, per replication, estimated across replications. */
function stageMeans(reps: ReplicationResult[]): ScenarioResult['stages'] {
  return Object.fromEntries(
    STAGES.map((st) => [
      st,
      estimate(
        reps.map((r) => (r.requests.ended ? r.requests.stageSeconds[st] / r.requests.ended : NaN)),
        CONFIDENCE_LEVEL,
        { lo: 0, hi: Infinity },
      ),
    ]),
  ) as ScenarioResult['stages'];
}

/** Each proxy, agent and server over replications: occupancy means with intervals, counts summed. */
function summariseComponents(reps: ReplicationResult[]): ScenarioResult['components'] {
  return reps[0].components.map((c0, i) => {
    const all = reps.map((r) => r.components[i]);
    return {
      ...c0,
      poolMean: all.reduce((a, c) => a + c.poolMean, 0) / all.length,
      poolMax: Math.max(...all.map((c) => c.poolMax)),
      queueMean: all.reduce((a, c) => a + c.queueMean, 0) / all.length,
      queueMax: Math.max(...all.map((c) => c.queueMax)),
      cpuUtilisation: all.reduce((a, c) => a + c.cpuUtilisation, 0) / all.length,
      connectionsAccepted: all.reduce((a, c) => a + c.connectionsAccepted, 0),
      synDrops: all.reduce((a, c) => a + c.synDrops, 0),
      poolMeanCI: estimate(
        all.map((c) => c.poolMean),
        CONFIDENCE_LEVEL,
        { lo: 0, hi: c0.capacity },
      ),
      queueMeanCI: estimate(
        all.map((c) => c.queueMean),
        CONFIDENCE_LEVEL,
        { lo: 0, hi: Infinity },
      ),
      cpuCI: estimate(
        all.map((c) => c.cpuUtilisation),
        CONFIDENCE_LEVEL,
        SHARE_RANGE,
      ),
    };
  });
}

/** Each network over replications: its requests and outcomes summed, latency merged. */
function summariseNetworks(reps: ReplicationResult[]): ScenarioResult['networks'] {
  return reps[0].networks.map((n0, i) => {
    const all = reps.map((r) => r.networks[i]);
    const h = mergeHist(all.map((n) => LatencyHistogram.fromJSON(n.latency)));
    const outcomes = sumOutcomes(all.map((n) => n.outcomes));
    const requests = all.reduce((a, n) => a + n.requests, 0);
    return {
      ...n0,
      requests,
      outcomes,
      latency: h.toJSON(),
      p99: h.quantile(0.99),
      timeoutRate: requests ? outcomes.clientTimeout / requests : NaN,
    };
  });
}
