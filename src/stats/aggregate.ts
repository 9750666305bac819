/**
 * Aggregates replications into a ScenarioResult: each reported metric is computed per
 * replication and summarised by the mean of the replication values with a Student-t interval
 * (the replication/deletion method), so autocorrelation inside a run does not shrink the CI.
 * Histograms and counts are also merged across replications for charts and totals.
 */
import { meanCI } from './confidence.js';
import { isShareMetric } from './study-metrics.js';
import { LatencyHistogram, type HistogramJSON } from './histogram.js';
import { clip, latencyRange, SHARE_RANGE, type PossibleRange } from './precision.js';
import {
  LATENCY_METRICS,
  OUTCOMES,
  RUN_METRICS,
  STAGES,
  type Estimate,
  type LatencyMetric,
  type Outcome,
  type OutcomeCounts,
  type PopulationStats,
  type PopulationSummary,
  type ReplicationResult,
  type RequestStats,
  type RunMetric,
  type ScenarioResult,
} from './results.js';
import { estimateWithNever, RUN_QUANTILE, runQuantile, runSuccess, sloVerdict } from './run-metrics.js';

export const CONFIDENCE_LEVEL = 0.95;

const QUANTILE_OF: Partial<Record<LatencyMetric, number>> = { p50: 0.5, p90: 0.9, p99: 0.99, 'p99.9': 0.999 };

/** Mean and t interval of `values`, the interval cut to `range` (what the quantity can take). */
export function estimate(values: number[], level = CONFIDENCE_LEVEL, range?: PossibleRange): Estimate {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: NaN, lo: NaN, hi: NaN, halfWidth: NaN, n: 0 };
  const ci = meanCI(finite, level);
  const e = { mean: ci.mean, lo: ci.lo, hi: ci.hi, halfWidth: ci.halfWidth, n: ci.n };
  return range ? clip(e, range) : e;
}

/** The range an SLO metric can take in these replications (shares 0-1, latency 0 to its cap). */
export function metricRange(reps: ReplicationResult[], metric: string): PossibleRange {
  if (isShareMetric(metric)) return SHARE_RANGE;
  return latencyRange(reps.map((r) => r.requests.latency.max));
}

/** A latency metric of one histogram. */
export function latencyMetric(h: LatencyHistogram, m: LatencyMetric): number {
  if (h.count === 0) return NaN;
  if (m === 'mean') return h.mean;
  if (m === 'max') return h.max;
  return h.quantile(QUANTILE_OF[m]!);
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

const mergeHist = (hs: LatencyHistogram[]): LatencyHistogram => hs.reduce((a, h) => a.merge(h), new LatencyHistogram());

const sumOutcomes = (xs: OutcomeCounts[]): OutcomeCounts => {
  const o: OutcomeCounts = { ok: 0, clientTimeout: 0, connectFailure: 0, http5xx: 0 };
  for (const x of xs) for (const k of OUTCOMES) o[k] += x[k];
  return o;
};

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
  const hists = reps.map((r) => LatencyHistogram.fromJSON(r.requests.latency));
  const latency = latencyEstimates(reps.map((r) => r.requests.latency));
  const outcomeRates = outcomeShares(reps.map((r) => [r.requests.outcomes, r.requests.ended]));
  const stages = Object.fromEntries(
    STAGES.map((st) => [
      st,
      estimate(
        reps.map((r) => (r.requests.ended ? r.requests.stageSeconds[st] / r.requests.ended : NaN)),
        CONFIDENCE_LEVEL,
        { lo: 0, hi: Infinity },
      ),
    ]),
  ) as ScenarioResult['stages'];

  const populations = reps[0].populations.map((_, i) => summarisePopulation(reps.map((r) => r.populations[i])));
  const allPops = reps.map((r) => r.populations);
  const runs: ScenarioResult['runs'] = {
    started: sumOf(populations, 'started'),
    ok: sumOf(populations, 'ok'),
    failed: sumOf(populations, 'failed'),
    skipped: sumOf(populations, 'skipped'),
    openAtCap: sumOf(populations, 'openAtCap'),
    success: estimate(allPops.map(runSuccess), CONFIDENCE_LEVEL, SHARE_RANGE),
    time: runTimes(allPops),
  };

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
    stages,
    timeToFailure: latencyEstimates(reps.map((r) => r.requests.timeToFailure)),
    histogram: mergeHist(hists).toJSON(),
    components,
    networks,
    slo: { metric: meta.slo.metric, threshold: thr, value: sloValue, ...sloVerdict(meta.slo.metric, sloValue, thr) },
    requestsSimulated: reps.reduce((a, r) => a + r.requests.ended, 0),
    events: reps.reduce((a, r) => a + r.events, 0),
  };
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

const sumOf = <K extends 'started' | 'ok' | 'failed' | 'skipped' | 'openAtCap'>(xs: PopulationStats[], k: K): number =>
  xs.reduce((a, x) => a + x[k], 0);

/** Each latency metric of one histogram per replication, as estimates. */
function latencyEstimates(hs: HistogramJSON[]): Record<LatencyMetric, Estimate> {
  const h = hs.map((j) => LatencyHistogram.fromJSON(j));
  const range = latencyRange(h.map((x) => x.max));
  return Object.fromEntries(
    LATENCY_METRICS.map((m) => [
      m,
      estimate(
        h.map((x) => latencyMetric(x, m)),
        CONFIDENCE_LEVEL,
        range,
      ),
    ]),
  ) as Record<LatencyMetric, Estimate>;
}

/** Time-to-metadata percentiles over replications (each replication's populations pooled). */
function runTimes(perRep: PopulationStats[][]): Record<RunMetric, Estimate> {
  return Object.fromEntries(
    RUN_METRICS.map((m) => [
      m,
      estimateWithNever(
        perRep.map((ps) => runQuantile(ps, RUN_QUANTILE[m])),
        (xs) => estimate(xs, CONFIDENCE_LEVEL, { lo: 0, hi: Infinity }),
      ),
    ]),
  ) as Record<RunMetric, Estimate>;
}

const mergeJSON = (hs: HistogramJSON[]): HistogramJSON =>
  mergeHist(hs.map((h) => LatencyHistogram.fromJSON(h))).toJSON();

/**
 * Each outcome's share of the requests across replications (one `[outcome counts, requests]`
 * per replication; a replication without requests has no share), cut to [0, 1].
 */
function outcomeShares(reps: [OutcomeCounts, number][]): Record<Outcome, Estimate> {
  return Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      estimate(
        reps.map(([outcomes, n]) => (n ? outcomes[o] / n : NaN)),
        CONFIDENCE_LEVEL,
        SHARE_RANGE,
      ),
    ]),
  ) as Record<Outcome, Estimate>;
}

/** One population over replications: counts and histograms summed, estimates across replications. */
function summarisePopulation(all: PopulationStats[]): PopulationSummary {
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
