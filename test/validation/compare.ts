/**
 * Validation against real servers: measure a load level on the testbed, map the same testbed
 * and load to an nmsim scenario, simulate it, and compare latency percentiles.
 *
 * The comparison is per load level. The simulated value of a percentile is the mean over R
 * replications of the percentile of one replication; each replication covers the same window
 * as the measurement (arrivals over `duration` seconds from an empty system; every request that
 * starts in the window is counted, however long after it it ends: both sides drain), so the spread of the replication values is the sampling
 * spread of a single measured run of that length. A measured percentile agrees when it is
 * within k standard deviations of that spread (the difference of one run and a mean of R runs
 * has sd * sqrt(1 + 1/R)), plus a small allowance for what sampling does not cover: timer and
 * scheduling jitter on a shared 2-CPU machine and the histogram's 1% bucket error.
 */
import type { DistSpec } from '../../src/engine/distributions.js';
import { esc } from '../../src/report/html.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { Kernel, Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import { tQuantile } from '../../src/stats/confidence.js';
import type { Estimate, ScenarioResult } from '../../src/stats/results.js';
import { runLoad, type LoadResult, type LoadSpec } from './loadgen.js';
import type { Replayed } from './replay.js';
import {
  ContentionMonitor,
  kernelSettings,
  synSchedule,
  tcpExtCounters,
  withPriority,
  withTestbed,
  type KernelSettings,
  type RunningTestbed,
  type TestbedConfig,
} from './testbed.js';

export const PERCENTILES = ['p50', 'p90', 'p99'] as const;
export type Pct = (typeof PERCENTILES)[number];
const Q: Record<Pct, number> = { p50: 0.5, p90: 0.9, p99: 0.99 };

/** One load level: a testbed and the load offered to it. */
export interface Level {
  id: string;
  /** Short human description (table row label). */
  label: string;
  /** Offered load relative to the testbed's capacity (for the table). */
  rho: number;
  testbed: TestbedConfig;
  load: Omit<LoadSpec, 'port'>;
  /** A second client population run at the same time on the same proxy (measured together). */
  background?: Omit<LoadSpec, 'port'>;
  /**
   * Low-load calibration run on the same servers just before the level (single GETs, Poisson
   * `rate` per second for `duration` s): the level is simulated with the costs measured there,
   * under the same machine conditions.
   */
  calibration: { rate: number; duration: number };
  /** If set, p90 and p99 must also lie within this fraction of the measured value (e.g. 0.25). */
  within?: number;
}

/**
 * What the model needs beyond the service time, measured at low load on the same servers just
 * before each level (nothing queues there):
 * - proxy CPU per request (/proc), the model's proxy cpuPerRequest;
 * - how much longer than its service time a request holds a thread of the bottleneck pool
 *   (the eventlet proxy's green threads; for HAProxy the backend's), from the servers' traces:
 *   added to the agent's response time so that the simulated hold matches. For the eventlet
 *   proxy it includes the time from the response until the client's FIN reaches the proxy
 *   (keep-alive: the green thread waits for the next request), which the model takes as zero;
 * - the median of (latency - service time) the client sees; what the model's path does not
 *   account for is a constant shift of every simulated latency (negative when the hold
 *   includes time after the response has reached the client).
 */
export interface Calibration {
  proxy: 'eventlet' | 'haproxy';
  requests: number;
  /** Proxy CPU seconds per request (utime + stime over the run): proxy cpuPerRequest. */
  proxyCpuPerRequest: number;
  /** Backend CPU seconds per request (for the record). */
  backendCpuPerRequest: number;
  /** Mean of (thread hold - service) in the bottleneck pool. */
  holdExtra: number;
  /** Added to the service time in agent.responseTime. */
  responseExtra: number;
  /** Median over requests of latency minus the service time the backend drew. */
  overheadP50: number;
  /** Added to every simulated latency: overheadP50 - (proxy CPU + responseExtra). */
  clientOffset: number;
}

export interface Measured {
  level: Level;
  /** The level's main load (the calibration's only one). */
  load: LoadResult;
  /** Every population's load. */
  loads: LoadResult[];
  /** Requests that ended inside the window (as the simulator counts them). */
  latencies: number[];
  connects: number[];
  outcomes: Record<string, number>;
  percentiles: Record<Pct, number>;
  cpu: { proxy: number; backend: number };
  /** Connect times of the probes (ohai modes) that connected. */
  probeConnects: number[];
  /** Share of the machine's CPU used by other processes during the measurement. */
  othersShare: number;
  /** Growth of the kernel's listen counters (testbed.ts LISTEN_COUNTERS) during the run. */
  tcpExt: Record<string, number>;
  /** Mean (thread hold - service) of the bottleneck pool during this run, and its threads. */
  holdExtra: number;
  threads: number;
}

export interface LevelMeasurement {
  level: Level;
  calibrationRun: Measured;
  calibration: Calibration;
  main: Measured;
  wallSeconds: number;
}

export interface Simulated {
  percentiles: Record<Pct, Estimate & { sd: number }>;
  outcomeRates: Record<string, number>;
  synDrops: number;
  meanSynRetry: number;
  result: ScenarioResult;
  wallSeconds: number;
}

export interface Row {
  level: Level;
  measured: Measured;
  calibration: Calibration;
  wallSeconds: number;
  simulated: Simulated;
  /** Per percentile: |measured - simulated| and the tolerance it is held to. */
  checks: Record<Pct, { diff: number; tol: number; ok: boolean; z: number }>;
  /** The replay of the measured trace (replay.ts), where it ran. */
  replay?: Replayed;
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];

/**
 * Runs one load on a running testbed and summarises the requests that started inside its window
 * (the load generator starts none after it and drains the rest), as nmsim counts them.
 */
async function runMeasured(level: Level, specs: Omit<LoadSpec, 'port'>[], tb: RunningTestbed): Promise<Measured> {
  const cpu0 = tb.cpuSeconds();
  const ext0 = tcpExtCounters();
  const mon = new ContentionMonitor([tb.proxyPid, tb.backendPid]);
  // Several populations run at once (e.g. connection holders plus single GETs).
  const loads = await withPriority(() => Promise.all(specs.map((spec) => runLoad({ ...spec, port: tb.port }))));
  const othersShare = mon.othersShare();
  const ext1 = tcpExtCounters();
  const cpu1 = tb.cpuSeconds();
  const traces = await tb.traces();
  const spans = (level.testbed.proxy === 'eventlet' ? traces.proxy! : traces.backend).filter((t) => t[3] > 0);
  const inWindow = loads.flatMap((l) => l.requests.filter((r) => r.start < l.spec.duration));
  const latencies = inWindow.map((r) => r.latency).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  for (const r of inWindow) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    level,
    load: loads[0],
    loads,
    latencies,
    // Every connect() that completed, inside the window or in the drain after it (for the
    // kernel's retransmission times, not for the comparison).
    connects: loads.flatMap((l) =>
      l.requests.filter((r) => r.connect !== null && r.outcome !== 'connectFailure').map((r) => r.connect!),
    ),
    probeConnects: loads.flatMap((l) => l.probes.filter((p) => p.ok).map((p) => p.connect)),
    outcomes,
    percentiles: Object.fromEntries(PERCENTILES.map((p) => [p, quantile(latencies, Q[p])])) as Record<Pct, number>,
    cpu: { proxy: cpu1.proxy - cpu0.proxy, backend: cpu1.backend - cpu0.backend },
    othersShare,
    tcpExt: Object.fromEntries(Object.keys(ext1).map((k) => [k, ext1[k] - (ext0[k] ?? 0)])),
    holdExtra: spans.length ? spans.reduce((a, t) => a + (t[1] - t[0] - t[2]) / t[3], 0) / spans.length : NaN,
    threads: spans.length,
  };
}

/** Starts the level's testbed, calibrates it at low load, runs the level, stops the testbed. */
export async function measure(level: Level): Promise<LevelMeasurement> {
  const t0 = Date.now();
  // The servers' own lifetime limit (they exit after it): room for calibration, the window
  // (300 s for the long level) and the drain.
  const lifetime = Math.max(300, level.calibration.duration + level.load.duration + 120);
  return withTestbed(
    level.testbed,
    async (tb) => {
      const calibrationRun = await runMeasured(
        level,
        [
          {
            mode: 'poisson',
            rate: level.calibration.rate,
            duration: level.calibration.duration,
            maxArrivals: Math.ceil(level.calibration.rate * level.calibration.duration * 3) + 10,
            connectTimeout: 5,
            readTimeout: 5,
            drainTimeout: 2,
            seed: level.load.seed === undefined ? 99 : level.load.seed + 1000,
          },
        ],
        tb,
      );
      const main = await runMeasured(level, level.background ? [level.load, level.background] : [level.load], tb);
      return {
        level,
        calibrationRun,
        calibration: calibrate(calibrationRun),
        main,
        wallSeconds: (Date.now() - t0) / 1000,
      };
    },
    lifetime,
  );
}

/** Low-load calibration from a run on the testbed (see Calibration). */
export function calibrate(m: Measured): Calibration {
  const n = m.load.requests.length;
  if (n < 20) throw new Error(`calibration of ${m.level.id}: only ${n} requests`);
  const proxyCpu = m.cpu.proxy / n;
  const backendCpu = m.cpu.backend / n;
  const over = m.load.requests
    .filter((r) => r.outcome === 'ok' && r.serviceTime !== undefined)
    .map((r) => r.latency - r.serviceTime!)
    .sort((a, b) => a - b);
  if (over.length < n / 2) throw new Error(`calibration of ${m.level.id}: responses without X-Service-Time`);
  if (!(m.threads >= n / 2)) throw new Error(`calibration of ${m.level.id}: no thread trace`);
  const overhead = quantile(over, 0.5);
  // The eventlet proxy's hold starts after its CPU burst in the model; HAProxy's CPU is not on
  // the backend's hold.
  const responseExtra = Math.max(0, m.holdExtra - (m.level.testbed.proxy === 'eventlet' ? proxyCpu : 0));
  return {
    proxy: m.level.testbed.proxy,
    requests: n,
    proxyCpuPerRequest: proxyCpu,
    backendCpuPerRequest: backendCpu,
    holdExtra: m.holdExtra,
    responseExtra,
    overheadP50: overhead,
    clientOffset: overhead - proxyCpu - responseExtra,
  };
}

/**
 * Instances in the simulated network. Each is a periodic client whose sessions start on their
 * own timer, so the arrivals are Poisson whatever the latency; many instances keep each one's
 * rate low, as the load generator's clients are.
 */
export function simInstances(rate: number): number {
  return Math.min(40000, Math.max(1000, Math.round(rate * 50)));
}

/** The agent's response time: the backend's service time plus the calibrated constant. */
function responseTime(tb: TestbedConfig, extra: number): number | DistSpec {
  const { kind, mean } = tb.service;
  if (kind === 'constant') return mean + extra;
  if (extra <= 0) return { kind: 'exponential', mean };
  // extra + Exp(mean), as an inverse-CDF table (dense in the tail, capped at p = 1 - 1e-6).
  const ps: number[] = [];
  for (let i = 0; i <= 200; i++) ps.push(1 - Math.pow(1e-6, i / 200));
  ps[0] = 0;
  ps[ps.length - 1] = 1;
  const qs = ps.map((p, i): [number, number] => [
    p,
    extra + mean * (i === ps.length - 1 ? -Math.log(1e-6) : -Math.log(1 - p)),
  ]);
  return { kind: 'empirical', quantiles: qs };
}

/** The nmsim scenario of a testbed configuration and load. */
/** The client population of one load, on its own network of `n` instances. */
function clientOf(
  ld: Omit<LoadSpec, 'port'>,
  name: string,
  network: string,
  n: number,
): ScenarioInput['clients'][number] {
  if (ld.mode === 'poisson')
    return {
      kind: 'periodic',
      name,
      networks: [network],
      instances: 'all',
      interval: { kind: 'exponential', mean: n / ld.rate },
      requests: 1,
      keepAlive: false,
      timeout: ld.connectTimeout,
      thinkTime: 0,
    };
  return {
    kind: 'chef',
    name,
    networks: [network],
    instances: 'all',
    schedule: 'daemon',
    // Each instance's first run starts uniformly in [0, interval): n of them make (nearly)
    // Poisson run arrivals at n / interval per second; the next runs fall after the window.
    interval: n / ld.rate,
    splay: 0,
    preOhai: 0,
    restOfRun: ld.holdTime ?? 0,
    ohai: {
      version: ld.mode === 'ohai-pre995' ? 'pre-995' : 'post-995',
      requests: ld.requests ?? 1,
      probeTimeout: ld.probeTimeout ?? 2,
      openTimeout: ld.connectTimeout,
      readTimeout: ld.readTimeout,
      keepAliveTimeout: ld.keepAliveTimeout ?? 10,
      thinkTime: ld.thinkTime ?? 0,
      // The load generator has no garbage collector: its leaked sockets live to the session's end.
      gcDelay: 'run-end',
    },
  };
}

/**
 * The nmsim scenario of a testbed configuration and load: one router (one proxy) in front of
 * one metadata agent whose response time is the backend's service time (plus the calibrated
 * hold), one network per client population, the host's kernel settings, warm-up 0 and the
 * measurement window as the duration (both start from an empty system).
 */
export function toScenario(level: Level, cal: Calibration, seed = 1): Scenario {
  return Scenario.parse(scenarioInput(level, cal, seed));
}

/** The scenario of {@link toScenario} as written in a file (before the schema's defaults). */
export function scenarioInput(level: Level, cal: Calibration, seed = 1): ScenarioInput {
  const tb = level.testbed;
  const ld = level.load;
  const k = kernelSettings();
  const loads = level.background ? [ld, level.background] : [ld];
  const networks = loads.map((l, i) => ({
    name: `clients${i + 1}`,
    cidr: `10.${i}.0.0/16`,
    instances: simInstances(l.rate),
  }));
  const clients = loads.map((l, i) =>
    clientOf(l, i === 0 ? 'main' : 'background', networks[i].name, networks[i].instances),
  );
  return {
    name: `validation ${level.id}`,
    description: level.label,
    seed,
    duration: ld.duration,
    warmup: 0,
    replications: 1,
    topology: {
      metadataPath: 'router',
      networks,
      l3Agents: 1,
      computeHosts: 1,
    },
    kernel: {
      namespaceSomaxconn: k.somaxconn,
      hostSomaxconn: k.somaxconn,
      synRetries: k.synRetries,
      initialRto: 1,
      // Passed on once the model has the setting (see modelHasHostSynSchedule).
      ...('synLinearTimeouts' in Kernel.shape ? { synLinearTimeouts: k.synLinearTimeouts } : {}),
      // Proxy and clients share the testbed's kernel, and so its timer wheel (CONFIG_HZ).
      timerHz: k.timerHz,
      clientTimerHz: k.timerHz,
      synCookies: k.syncookies,
      synackRetries: k.synackRetries,
      // Loopback: the client's RTO is tcp_rto_min (200 ms, the default; no route sets rto_min).
      rtoMin: 0.2,
    },
    proxy: {
      kind: tb.proxy,
      eventlet: {
        poolSize: tb.proxyPool,
        backlog: tb.proxyBacklog,
        keepAlive: tb.keepAlive,
        clientSocketTimeout: tb.clientSocketTimeout,
        cpuPerRequest: cal.proxyCpuPerRequest,
        cpuPerConnection: 0,
      },
      haproxy: { maxconn: tb.haproxyMaxconn, cpuPerRequest: cal.proxyCpuPerRequest },
    },
    agent: {
      workers: 1,
      poolSize: tb.backendPool,
      backlog: tb.backendBacklog,
      responseTime: responseTime(tb, cal.responseExtra),
    },
    clients,
  } satisfies ScenarioInput;
}

/** Standard deviation of one replication's value, recovered from the CI half-width. */
function sdOf(e: Estimate): number {
  if (!(e.n >= 2) || !Number.isFinite(e.halfWidth)) return NaN;
  return (e.halfWidth * Math.sqrt(e.n)) / tQuantile(e.n - 1, 0.975);
}

export async function simulate(
  level: Level,
  cal: Calibration,
  replications: number,
  opts: { seed?: number; workers?: number } = {},
): Promise<Simulated> {
  const t0 = Date.now();
  const s = toScenario(level, cal, opts.seed ?? 1);
  const r = await runScenario(s, { replications, workers: opts.workers });
  // The constant delay outside the servers shifts every percentile (and its CI) by itself.
  const off = cal.clientOffset;
  const percentiles = Object.fromEntries(
    PERCENTILES.map((p) => {
      const e = r.latency[p];
      return [p, { ...e, mean: e.mean + off, lo: e.lo + off, hi: e.hi + off, sd: sdOf(e) }];
    }),
  ) as Simulated['percentiles'];
  const outcomeRates = Object.fromEntries(Object.entries(r.outcomeRates).map(([k, v]) => [k, v.mean]));
  return {
    percentiles,
    outcomeRates,
    synDrops: r.components.filter((c) => c.kind.startsWith('proxy')).reduce((a, c) => a + c.synDrops, 0),
    meanSynRetry: r.stages.synRetry.mean,
    result: r,
    wallSeconds: (Date.now() - t0) / 1000,
  };
}

export interface Tolerance {
  /** Standard deviations of sampling spread allowed. */
  k: number;
  /** Absolute allowance (s): timer and scheduling jitter. */
  abs: number;
  /** Relative allowance: histogram bucket error and calibration drift. */
  rel: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { k: 3, abs: 0.003, rel: 0.05 };

export function compareLevel(lm: LevelMeasurement, s: Simulated, tol: Tolerance = DEFAULT_TOLERANCE): Row {
  const m = lm.main;
  const checks = Object.fromEntries(
    PERCENTILES.map((p) => {
      const e = s.percentiles[p];
      const sd = Number.isFinite(e.sd) ? e.sd * Math.sqrt(1 + 1 / e.n) : 0;
      const diff = m.percentiles[p] - e.mean;
      const t = tol.k * sd + tol.abs + tol.rel * Math.max(Math.abs(e.mean), Math.abs(m.percentiles[p]));
      const within =
        lm.level.within === undefined || p === 'p50' || Math.abs(diff) <= lm.level.within * m.percentiles[p];
      return [p, { diff, tol: t, ok: Math.abs(diff) <= t && within, z: sd > 0 ? diff / sd : NaN }];
    }),
  ) as Row['checks'];
  return {
    level: lm.level,
    measured: m,
    calibration: lm.calibration,
    wallSeconds: lm.wallSeconds + s.wallSeconds,
    simulated: s,
    checks,
  };
}

// ---------------------------------------------------------------------------------------------
// Output: markdown table, JSON, HTML chart.

const fmt = (s: number): string =>
  !Number.isFinite(s)
    ? 'n/a'
    : s >= 10
      ? `${s.toFixed(1)} s`
      : s >= 1
        ? `${s.toFixed(2)} s`
        : `${(s * 1000).toFixed(s < 0.1 ? 1 : 0)} ms`;

export function markdownTable(rows: Row[], tol: Tolerance = DEFAULT_TOLERANCE): string {
  const out: string[] = [];
  out.push(
    '| Level | Load | Requests | p50 real / replay / fresh | p90 real / replay / fresh | p99 real / replay / fresh | Failed real / replay / fresh | Calibration (ms): proxy CPU, hold +, offset | Other CPU | Agree: replay, fresh |',
  );
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const r of rows) {
    const m = r.measured;
    const s = r.simulated;
    const c = r.calibration;
    const rep = r.replay;
    const n = m.latencies.length;
    const failReal = n ? 1 - (m.outcomes.ok ?? 0) / n : NaN;
    const failSim = 1 - (s.outcomeRates.ok ?? 0);
    const failRep = rep ? 1 - (rep.outcomeRates.ok ?? 0) : NaN;
    const repCell = (p: Pct) => (rep ? `${fmt(rep.percentiles[p])}${rep.checks[p].ok ? '' : ' ✗'}` : 'n/a');
    const cell = (p: Pct) =>
      `${fmt(m.percentiles[p])} / ${repCell(p)} / ${fmt(s.percentiles[p].mean)}${r.checks[p].ok ? '' : ' ✗'}`;
    const f2 = (x: number) => (x * 1000).toFixed(2);
    const agreeRep = rep ? (PERCENTILES.every((p) => rep.checks[p].ok) ? 'yes' : 'no') : 'n/a';
    const agreeFresh = PERCENTILES.every((p) => r.checks[p].ok) ? 'yes' : 'no';
    out.push(
      `| ${r.level.label} | ρ≈${r.level.rho.toFixed(2)} | ${n} | ${cell('p50')} | ${cell('p90')} | ${cell('p99')} | ${pct(failReal)} / ${rep ? pct(failRep) : 'n/a'} / ${pct(failSim)} | ${f2(c.proxyCpuPerRequest)}, ${f2(c.holdExtra)}, ${f2(c.clientOffset)} | ${pct(m.othersShare)} | ${agreeRep}, ${agreeFresh} |`,
    );
  }
  out.push('');
  out.push(
    `Latencies from the start of connect() to the last byte of the response, of every request started inside the window, drained to its end on both sides (ms, or s where marked). "replay": the simulator replays the measured trace (each request at its measured start, with the service time the backend took; test/validation/trace.ts); ✗ marks a percentile more than ${REPLAY_RULE} from the measured one. "fresh": the mean over replications of the same window with fresh random arrivals and service times; ✗ marks a percentile outside its tolerance: ${tol.k} standard deviations of one run's sampling spread (from the replications) + ${tol.abs * 1000} ms + ${tol.rel * 100}%. ρ is the offered load over the bottleneck pool's capacity. Calibration, at low load on the same servers just before each level: the proxy's CPU per request (from /proc; the model's proxy cpuPerRequest), how much longer than its service time a request holds a thread of the bottleneck pool (eventlet proxy green threads, or the backend's behind HAProxy; from the servers' traces; added to agent.responseTime, and to a replayed request's service time), and the constant added to simulated latencies so that the median matches at low load (the part of the client's latency outside the modelled path; negative when the hold includes time after the client has its response). Other CPU: share of the machine used by other processes during the level.`,
  );
  return out.join('\n');
}

/** The replay rule in words (replay.ts: REPLAY_REL, REPLAY_ABS). */
const REPLAY_RULE = '10% (or 5 ms)';

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%` : 'n/a');

/** Plain-JSON summary of a row (no raw samples beyond the percentiles). */
export function rowJson(r: Row): unknown {
  const m = r.measured;
  return {
    id: r.level.id,
    label: r.level.label,
    rho: r.level.rho,
    testbed: r.level.testbed,
    load: r.level.load,
    measured: {
      requests: m.latencies.length,
      arrivals: m.load.arrivals,
      abandoned: m.load.abandoned,
      outcomes: m.outcomes,
      percentiles: m.percentiles,
      connectHistogram: connectClusters(m.connects),
      cpuSeconds: m.cpu,
      othersCpuShare: m.othersShare,
      tcpExt: m.tcpExt,
      // The bottleneck pool's threads that served a request in this run, and their mean hold
      // beyond the service time (calibration.holdExtra is the low-load value).
      threads: m.threads,
      holdExtra: m.holdExtra,
    },
    simulated: {
      percentiles: r.simulated.percentiles,
      outcomeRates: r.simulated.outcomeRates,
      synDropsPerReplication: r.simulated.synDrops,
      meanSynRetrySeconds: r.simulated.meanSynRetry,
      replications: r.simulated.result.meta.replications,
      wallSeconds: r.simulated.wallSeconds,
    },
    calibration: r.calibration,
    checks: r.checks,
    replay:
      r.replay === undefined
        ? null
        : {
            rows: r.replay.rows,
            percentiles: r.replay.percentiles,
            outcomeRates: r.replay.outcomeRates,
            checks: r.replay.checks,
            replications: r.replay.result.meta.replications,
            wallSeconds: r.replay.wallSeconds,
          },
    wallSeconds: r.wallSeconds,
  };
}

/**
 * Connect latencies grouped by the SYN attempt of this kernel they fit, plus the misfits. The
 * window is ±width s, widening by 4% of the attempt time: retransmission timers run a little
 * late, and the lateness adds up over attempts (the 19th-second SYN comes at about 19.5 s).
 */
export function connectClusters(
  connects: number[],
  schedule: number[] = synSchedule(),
  width = 0.25,
): { clusters: { at: number; count: number }[]; other: number } {
  const out = schedule.map((at) => ({ at, count: 0 }));
  let other = 0;
  for (const c of connects) {
    const i = schedule.findIndex((t) => Math.abs(c - t) <= Math.max(width, 0.04 * t));
    if (i >= 0) out[i].count++;
    else other++;
  }
  return { clusters: out.filter((x) => x.count > 0), other };
}

/** True when nmsim's kernel model can express this host's SYN retransmission schedule. */
export function modelHasHostSynSchedule(k: KernelSettings = kernelSettings()): boolean {
  return k.synLinearTimeouts === 0 || 'synLinearTimeouts' in Kernel.shape;
}

/** The chart: measured vs simulated percentiles per level, log time axis (standalone SVG). */
export function validationSvg(rows: Row[]): string {
  const W = 900;
  const rowH = 34;
  const left = 260;
  const top = 40;
  const H = top + rows.length * rowH * 3 + 60;
  const vals = rows.flatMap((r) =>
    PERCENTILES.flatMap((p) => [r.measured.percentiles[p], r.simulated.percentiles[p].mean]),
  );
  const lo = Math.max(1e-3, Math.min(...vals.filter((v) => v > 0)) / 1.5);
  const hi = Math.max(...vals) * 1.5;
  const x = (v: number) =>
    left + ((Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (W - left - 30);
  const parts: string[] = [];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const v = m * Math.pow(10, e);
      if (v >= lo && v <= hi) ticks.push(v);
    }
  for (const t of ticks) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${top - 10}" y2="${H - 40}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${x(t)}" y="${H - 22}" font-size="11" text-anchor="middle">${t >= 1 ? `${t} s` : `${+(t * 1000).toPrecision(3)} ms`}</text>`,
    );
  }
  rows.forEach((r, i) => {
    PERCENTILES.forEach((p, j) => {
      const y = top + (i * 3 + j) * rowH + rowH / 2;
      const sim = r.simulated.percentiles[p];
      const sd = Number.isFinite(sim.sd) ? sim.sd : 0;
      const ok = r.checks[p].ok;
      parts.push(
        `<text x="${left - 8}" y="${y + 4}" font-size="12" text-anchor="end">${j === 0 ? esc(r.level.label) + ' · ' : ''}${p}</text>`,
      );
      // Simulated: mean and ±3 sd of one run (the sampling band a measurement should fall in).
      parts.push(
        `<line x1="${x(Math.max(lo, sim.mean - 3 * sd))}" x2="${x(sim.mean + 3 * sd)}" y1="${y}" y2="${y}" stroke="#4c78a8" stroke-width="6" stroke-opacity="0.35"/>`,
      );
      parts.push(
        `<circle cx="${x(sim.mean)}" cy="${y}" r="5" fill="#4c78a8"><title>simulated ${fmt(sim.mean)}</title></circle>`,
      );
      parts.push(
        `<path d="M${x(r.measured.percentiles[p]) - 5},${y - 5} l10,10 m0,-10 l-10,10" stroke="${ok ? '#e45756' : '#000'}" stroke-width="2.5"><title>measured ${fmt(r.measured.percentiles[p])}</title></path>`,
      );
      if (j === 2) parts.push(`<line x1="10" x2="${W - 10}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" stroke="#eee"/>`);
    });
  });
  parts.push(
    `<circle cx="${left}" cy="18" r="5" fill="#4c78a8"/><text x="${left + 10}" y="22" font-size="12">simulated (band: ±3 sd of one run)</text>`,
  );
  parts.push(
    `<path d="M${left + 260},13 l10,10 m0,-10 l-10,10" stroke="#e45756" stroke-width="2.5"/><text x="${left + 276}" y="22" font-size="12">measured on real servers (black: outside tolerance)</text>`,
  );
  // A white ground so the chart reads on dark pages too (GitHub renders the README's image).
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><title>nmsim against real servers: latency percentiles measured and simulated</title><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

/** A self-contained HTML page with the chart inline and the table. */
export function htmlReport(rows: Row[], markdown: string): string {
  const svg = validationSvg(rows);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>nmsim validation against real servers</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em;font-size:12px}</style>
</head><body>
<h1>nmsim validation against real servers</h1>
<p>Latency percentiles (log scale) measured on an eventlet WSGI proxy or HAProxy with Neutron's configuration in front of an eventlet backend with a controlled service time, against nmsim's simulation of the same configuration and load.</p>
${svg}
<h2>Table</h2>
<pre>${esc(markdown)}</pre>
</body></html>
`;
}
