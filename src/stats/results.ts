/**
 * The shape of simulation results, shared by the model (which fills a ReplicationResult), the
 * runner (which aggregates replications into a ScenarioResult with confidence intervals), the
 * CLI (tables, JSON, CSV) and the report. Everything here is plain JSON.
 */
import type { HistogramJSON } from './histogram.js';

/** How a request ended, as the client saw it. */
export const OUTCOMES = ['ok', 'clientTimeout', 'connectFailure', 'http5xx'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Where a request's time goes, in path order:
 * synRetry: waiting for SYN retransmissions after drops (accept queue full);
 * listenQueue: established, waiting in the kernel accept queue;
 * poolWait: accepted, waiting for a green thread / HAProxy slot / HAProxy queue;
 * proxyCpu: waiting for and using the proxy's CPU;
 * agent: in the metadata agent (its listen queue, pool and CPU), excluding RPC and Nova;
 * rpc: port lookups against neutron-server (zero on a cache hit);
 * nova: the Nova metadata API call, including its listen queue.
 */
export const STAGES = ['synRetry', 'listenQueue', 'poolWait', 'proxyCpu', 'agent', 'rpc', 'nova'] as const;
export type Stage = (typeof STAGES)[number];

export type StageTimes = Record<Stage, number>;
export type OutcomeCounts = Record<Outcome, number>;

/** Latency statistics reported everywhere, with their keys in tables and JSON. */
export const LATENCY_METRICS = ['mean', 'p50', 'p90', 'p99', 'p99.9', 'max'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

/** Sampled time series of one component, at a fixed interval from t0. */
export interface TimeSeries {
  t0: number;
  dt: number;
  /** Busy green threads / connections held (proxies), busy pool slots (agent, Nova). */
  pool: number[];
  /** Kernel accept-queue length (plus HAProxy's own queue when modelled). */
  queue: number[];
}

export type ComponentKind = 'proxy-eventlet' | 'proxy-haproxy' | 'agent' | 'nova' | 'neutron-rpc' | 'neutron-api';

export interface ComponentStats {
  id: string;
  kind: ComponentKind;
  host: string;
  /** Pool slots (green threads / maxconn / workers x pool). */
  capacity: number;
  /** Effective accept-queue capacity (min(backlog, somaxconn) + 1, as Linux admits). */
  acceptQueueCapacity: number;
  poolMean: number;
  poolMax: number;
  queueMean: number;
  queueMax: number;
  /** Mean CPU utilisation over the component's CPUs, in [0, 1]. */
  cpuUtilisation: number;
  connectionsAccepted: number;
  /** SYNs dropped because the accept queue was full. */
  synDrops: number;
  series: TimeSeries;
}

/** Run-level statistics: time to metadata among all runs, a run without it counting as never. */
export const RUN_METRICS = ['runP50', 'runP90', 'runP99'] as const;
export type RunMetric = (typeof RUN_METRICS)[number];

/** Request-level results of one group of requests (all, or one client population). */
export interface RequestStats {
  /** Requests that started in the window and resolved by the drain cap. */
  count: number;
  outcomes: OutcomeCounts;
  /** End-to-end latency of every counted request, whatever its outcome. */
  latency: HistogramJSON;
  /** Latency of successful requests only. */
  latencyOk: HistogramJSON;
  /** Time to failure of the others (client timeout, connect failure, 5xx). */
  timeToFailure: HistogramJSON;
}

/**
 * One client population's requests and runs (a chef run, a cloud-init boot, a poller's
 * session). Counted: what started in the window. started = ok + failed + skipped + openAtCap.
 */
export interface PopulationStats {
  /** Client population name. */
  client: string;
  kind: 'chef' | 'cloud-init' | 'periodic' | 'replay';
  started: number;
  /** Got all their metadata. */
  ok: number;
  failed: number;
  /** chef: the TCP probe failed so ohai skipped metadata. */
  skipped: number;
  /** Still without an outcome when the drain cap was reached. */
  openAtCap: number;
  /** Time to metadata of the runs that got it (chef: ohai's crawl; cloud-init: boot to crawl done). */
  timeToMetadata: HistogramJSON;
  /** When each run got its metadata, in seconds after the window opened (boot-storm curve). */
  configuredAt: HistogramJSON;
  /** Whole-run duration of the counted runs whose process ended by the cap. */
  duration: HistogramJSON;
  requests: RequestStats;
}

export interface NetworkStats {
  name: string;
  cidr: string;
  instances: number;
  usableAddresses: number;
  /** Component id of the proxy (or proxies) serving it. */
  proxies: string[];
  requests: number;
  outcomes: OutcomeCounts;
  latency: HistogramJSON;
}

/** Raw, mergeable results of one replication. */
export interface ReplicationResult {
  replication: number;
  /** Measurement window [from, to] in simulated seconds (warm-up excluded). */
  from: number;
  to: number;
  warmup: number;
  /**
   * The drain after the window: its cap, and how long it took (every counted request and run
   * resolved, or the cap).
   */
  drain: { cap: number; took: number };
  requests: {
    /** Started within the window (each counted once, whenever it ends). */
    started: number;
    /** Of those, resolved by the drain cap: started = ended + openAtCap. */
    ended: number;
    openAtCap: number;
    /** In flight when the window opened (started in the warm-up, not counted). */
    inFlightAtStart: number;
    outcomes: OutcomeCounts;
    /** End-to-end latency of every counted request, whatever its outcome. */
    latency: HistogramJSON;
    /** Latency of successful requests only. */
    latencyOk: HistogramJSON;
    /** Time to failure of failed requests (timeout, connect failure, 5xx). */
    timeToFailure: HistogramJSON;
    /** Sum over counted requests of the seconds spent in each stage. */
    stageSeconds: StageTimes;
  };
  /** Per client population, in scenario order. */
  populations: PopulationStats[];
  components: ComponentStats[];
  networks: NetworkStats[];
  /** Per-request latencies in start order, thinned to at most a few thousand points (MSER-5, series charts). */
  latencyTrace: { t: number[]; latency: number[] };
  events: number;
}

/** A point estimate with its Student-t confidence interval across replications. */
export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
  halfWidth: number;
  n: number;
  /**
   * Set on a run percentile that falls, in some replication, among runs that never got their
   * metadata: the mean is then Infinity (null in JSON, where this flag survives).
   */
  never?: true;
}

/** True for an estimate that is "never" (see Estimate.never), in memory or read back from JSON. */
export const isNever = (e: Estimate): boolean => e.never === true || e.mean === Infinity;

export interface ScenarioResult {
  meta: {
    name: string;
    description: string;
    file?: string;
    /** sha256 of the resolved scenario (after extends/defaults), hex. */
    hash: string;
    seed: string | number;
    replications: number;
    confidenceLevel: number;
    /** Why replications stopped: fixed count, precision reached, or cap reached. */
    stopReason: 'fixed' | 'precision' | 'max-replications';
    warmup: number;
    duration: number;
    nmsimVersion: string;
    /** The shortest client read timeout of the scenario's populations (null: none has one). */
    clientTimeout: number | null;
  };
  /** The fully resolved scenario (defaults applied), as simulated. */
  scenario: unknown;
  /**
   * Run-level answers, first: over every population, the share of runs that started in the
   * window and got all their metadata, and the time to metadata (a run without it counts as
   * never, so a percentile can be Infinity, written null in JSON).
   */
  runs: {
    started: number;
    ok: number;
    failed: number;
    skipped: number;
    openAtCap: number;
    success: Estimate;
    time: Record<RunMetric, Estimate>;
  };
  /** Per client population: runs and requests apart, so one population's waits are not averaged into another's. */
  populations: PopulationSummary[];
  /** Requests still open at the drain cap (summed over replications), and the cap. */
  drain: { cap: number; openRequests: number; openRuns: number; longest: number };
  /** Latency metrics over all counted requests (seconds), each the mean over replications with its CI. */
  latency: Record<LatencyMetric, Estimate>;
  /** Fraction of ended requests per outcome. */
  outcomeRates: Record<Outcome, Estimate>;
  outcomeCounts: OutcomeCounts;
  /** Mean seconds per request in each stage. */
  stages: Record<Stage, Estimate>;
  /** Time to failure of failed requests (seconds), apart from the successful ones' latency. */
  timeToFailure: Record<LatencyMetric, Estimate>;
  /** Merged over replications. */
  histogram: HistogramJSON;
  /** Per component: utilisation estimates, plus the time series of the first replication. */
  components: (ComponentStats & { poolMeanCI: Estimate; queueMeanCI: Estimate; cpuCI: Estimate })[];
  networks: (Omit<NetworkStats, 'latency'> & { latency: HistogramJSON; p99: number; timeoutRate: number })[];
  /**
   * met: the estimate's mean is within the threshold. verdict: 'meets' when the whole CI is
   * within it, 'fails' when the whole CI is beyond it, 'uncertain' otherwise.
   */
  slo: { metric: string; threshold: number; value: Estimate; met: boolean; verdict: 'meets' | 'fails' | 'uncertain' };
  requestsSimulated: number;
  events: number;
}

/** One client population in a ScenarioResult: counts summed over replications, estimates across them. */
export interface PopulationSummary extends PopulationStats {
  /** Share of started runs that got all their metadata. */
  success: Estimate;
  /** Time to metadata among all started runs (a run without it counts as never). */
  time: Record<RunMetric, Estimate>;
  /** Request latency and outcome shares of this population alone. */
  latency: Record<LatencyMetric, Estimate>;
  outcomeRates: Record<Outcome, Estimate>;
  timeToFailure: Record<LatencyMetric, Estimate>;
}
