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

export interface RunStats {
  /** Client population name. */
  client: string;
  kind: 'chef' | 'cloud-init' | 'periodic';
  started: number;
  ok: number;
  failed: number;
  /** chef: the TCP probe failed so ohai skipped metadata. */
  skipped: number;
  duration: HistogramJSON;
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
  requests: {
    /** Started within the window. */
    started: number;
    /** Ended within the window: started + inFlightAtStart = ended + inFlightAtEnd. */
    ended: number;
    inFlightAtStart: number;
    inFlightAtEnd: number;
    outcomes: OutcomeCounts;
    /** End-to-end latency of every request that ended in the window, whatever its outcome. */
    latency: HistogramJSON;
    /** Latency of successful requests only. */
    latencyOk: HistogramJSON;
    /** Sum over ended requests of the seconds spent in each stage. */
    stageSeconds: StageTimes;
  };
  runs: RunStats[];
  components: ComponentStats[];
  networks: NetworkStats[];
  /** Per-request latencies in completion order, thinned to at most a few thousand points (MSER-5, series charts). */
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
}

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
  };
  /** The fully resolved scenario (defaults applied), as simulated. */
  scenario: unknown;
  /** Latency metrics over all ended requests (seconds), each the mean over replications with its CI. */
  latency: Record<LatencyMetric, Estimate>;
  /** Fraction of ended requests per outcome. */
  outcomeRates: Record<Outcome, Estimate>;
  outcomeCounts: OutcomeCounts;
  /** Mean seconds per request in each stage. */
  stages: Record<Stage, Estimate>;
  /** Merged over replications. */
  histogram: HistogramJSON;
  runs: (Omit<RunStats, 'duration'> & { duration: HistogramJSON; successRate: Estimate })[];
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
