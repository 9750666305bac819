/**
 * Realistic synthetic ScenarioResults for report tests, without running the simulator:
 * latency histograms from lognormal samples plus SYN-retransmission bumps and a 30 s timeout
 * spike, outcome counts consistent with them, stage times, proxy time series with chef-like
 * bursts, and a resolved scenario from the real schema. Deterministic for a given seed.
 */
import { createHash } from 'node:crypto';
import { metricEstimate } from '../../src/report/format.js';
import type { ReportInput } from '../../src/report/index.js';
import type { RobustResult } from '../../src/runner/robust-analysis.js';
import { COMPARED } from '../../src/report/sections/compare.js';
import type { PairedDifference } from '../../src/report/types.js';
import { Scenario } from '../../src/scenario/schema.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import {
  LATENCY_METRICS,
  OUTCOMES,
  STAGES,
  type ComponentKind,
  type Estimate,
  type OutcomeCounts,
  type ScenarioResult,
  type TimeSeries,
} from '../../src/stats/results.js';
import { mulberry32 } from '../support/rng.js';

export const HOSTILE = '<img src=x onerror=alert(1)>';

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** A histogram of n lognormal samples with the given median and log-sd. */
export function lognormalHistogram(r: () => number, n: number, median: number, sigma: number): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let i = 0; i < n; i++) h.record(median * Math.exp(sigma * normal(r)));
  return h;
}

export function estimate(mean: number, relHalfWidth: number, n = 5): Estimate {
  const halfWidth = Math.abs(mean) * relHalfWidth;
  return { mean, lo: mean - halfWidth, hi: mean + halfWidth, halfWidth, n };
}

export interface FixtureOptions {
  name: string;
  description?: string;
  seed?: number;
  proxy?: 'eventlet' | 'haproxy';
  poolSize?: number;
  /** Networks (name, cidr, instances); one proxy per network when `proxies` is 'per-network'. */
  networks?: { name: string; cidr: string; instances: number }[];
  /** Median (s) and log-sd of the latency of requests that neither time out nor retry SYNs. */
  median?: number;
  sigma?: number;
  timeoutShare?: number;
  synShare?: number;
  connectFailureShare?: number;
  http5xxShare?: number;
  /** Mean pool occupancy as a fraction of the pool size (>1 means a standing accept queue). */
  load?: number;
  samples?: number;
  replications?: number;
  slo?: { metric: 'p50' | 'p90' | 'p99' | 'p99.9' | 'mean' | 'max' | 'timeoutRate' | 'failureRate'; threshold: number };
  file?: string;
  duration?: number;
}

function series(
  r: () => number,
  n: number,
  dt: number,
  level: number,
  cap: number,
  queueCap: number,
  load: number,
): TimeSeries {
  const pool: number[] = [];
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    // chef runs every 30 min with 5 min splay: bursts on top of a base level.
    const phase = ((i * dt) % 1800) / 1800;
    const burst = Math.exp(-((phase - 0.1) ** 2) / 0.004);
    const want = level * (0.7 + 0.8 * burst) + 3 * normal(r);
    pool.push(Math.max(0, Math.min(cap, Math.round(want))));
    const over = Math.max(0, want - cap) * (load > 1 ? 1.6 : 0.3);
    queue.push(Math.max(0, Math.min(queueCap, Math.round(over + (load > 1 ? 2 * Math.abs(normal(r)) : 0)))));
  }
  return { t0: 0, dt, pool, queue };
}

function component(
  r: () => number,
  id: string,
  kind: ComponentKind,
  host: string,
  capacity: number,
  acceptQueueCapacity: number,
  load: number,
  cpu: number,
  duration: number,
): ScenarioResult['components'][number] {
  const dt = duration / 720;
  const s = series(r, 720, dt, load * capacity, capacity, acceptQueueCapacity, load);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const poolMean = mean(s.pool);
  const queueMean = mean(s.queue);
  const queueMax = Math.max(...s.queue);
  return {
    id,
    kind,
    host,
    capacity,
    acceptQueueCapacity,
    poolMean,
    poolMax: Math.max(...s.pool),
    queueMean,
    queueMax,
    cpuUtilisation: cpu,
    connectionsAccepted: Math.round(duration * 3 * (1 + load)),
    synDrops: queueMax >= acceptQueueCapacity ? Math.round(duration * 0.4 * load) : 0,
    series: s,
    poolMeanCI: estimate(poolMean, 0.04),
    queueMeanCI: estimate(queueMean, 0.08),
    cpuCI: estimate(cpu, 0.05),
  };
}

export function makeResult(o: FixtureOptions): ScenarioResult {
  const seed = o.seed ?? 1;
  const r = mulberry32(seed * 7919 + o.name.length);
  const networks = o.networks ?? [{ name: 'tenant-net', cidr: '10.0.0.0/22', instances: 1000 }];
  const proxyKind = o.proxy ?? 'eventlet';
  const poolSize = o.poolSize ?? (proxyKind === 'haproxy' ? 1024 : 100);
  const duration = o.duration ?? 6 * 3600;
  const slo = o.slo ?? { metric: 'p99', threshold: 2 };
  const scenario = Scenario.parse({
    name: o.name,
    description: o.description ?? '',
    seed,
    duration,
    warmup: 1800,
    replications: o.replications ?? 5,
    topology: { networks },
    proxy: { kind: proxyKind, eventlet: { poolSize }, haproxy: { maxconn: proxyKind === 'haproxy' ? poolSize : 1024 } },
    clients: [{ kind: 'chef', interval: 1800, splay: 300 }],
    slo,
  });

  const n = o.samples ?? 20000;
  const median = o.median ?? 0.05;
  const sigma = o.sigma ?? 0.8;
  const shares = {
    clientTimeout: o.timeoutShare ?? 0,
    connectFailure: o.connectFailureShare ?? 0,
    http5xx: o.http5xxShare ?? 0,
  };
  const h = new LatencyHistogram();
  const okH = new LatencyHistogram();
  const failH = new LatencyHistogram();
  const counts: OutcomeCounts = { ok: 0, clientTimeout: 0, connectFailure: 0, http5xx: 0 };
  for (let i = 0; i < n; i++) {
    const u = r();
    let v: number;
    if (u < shares.clientTimeout) {
      v = 30 + 0.05 * r();
      counts.clientTimeout++;
    } else if (u < shares.clientTimeout + shares.connectFailure) {
      v = 127 + r();
      counts.connectFailure++;
    } else if (u < shares.clientTimeout + shares.connectFailure + shares.http5xx) {
      v = 32 + 0.1 * r();
      counts.http5xx++;
    } else {
      v = median * Math.exp(sigma * normal(r));
      if (r() < (o.synShare ?? 0)) v += [1, 3, 7, 15][Math.floor(r() * r() * 4)];
      counts.ok++;
      okH.record(v);
    }
    if (v >= 30 && !(u >= shares.clientTimeout + shares.connectFailure + shares.http5xx)) failH.record(v);
    h.record(v);
  }
  const q = (m: (typeof LATENCY_METRICS)[number]) =>
    m === 'mean' ? h.mean : m === 'max' ? h.max : h.quantile(Number(m.slice(1)) / 100);
  const latency = Object.fromEntries(
    LATENCY_METRICS.map((m) => [m, estimate(q(m), 0.03 + 0.04 * r())]),
  ) as ScenarioResult['latency'];
  const outcomeRates = Object.fromEntries(
    OUTCOMES.map((k) => [k, estimate(counts[k] / n, counts[k] ? 0.08 : 0)]),
  ) as ScenarioResult['outcomeRates'];

  const load = o.load ?? 0.3;
  const queueing = Math.max(0, h.mean - median * Math.exp((sigma * sigma) / 2));
  const weights: Record<(typeof STAGES)[number], number> = {
    synRetry: (o.synShare ?? 0) * 2,
    listenQueue: load > 1 ? queueing * 0.8 : 0.001,
    poolWait: load > 0.9 ? queueing * 0.2 : 0.0005,
    proxyCpu: 0.002,
    agent: median * 0.3,
    rpc: median * 0.3,
    nova: median * 0.4,
  };
  const stages = Object.fromEntries(STAGES.map((s) => [s, estimate(weights[s], 0.05)])) as ScenarioResult['stages'];

  const somaxconn = 129;
  const proxies = networks.map((net, i) =>
    component(
      r,
      `qrouter-${i === 0 ? 'router1' : `router${i + 1}`}`,
      `proxy-${proxyKind}`,
      `network-node-${i}`,
      poolSize,
      proxyKind === 'haproxy' ? 1025 : somaxconn,
      load * (1 - 0.15 * i),
      proxyKind === 'haproxy' ? 0.02 : 0.1 + 0.2 * load,
      duration,
    ),
  );
  const components = [
    ...proxies,
    component(
      r,
      'metadata-agent@network-node-0',
      'agent',
      'network-node-0',
      400,
      4097,
      0.05 + 0.1 * load,
      0.08 + 0.1 * load,
      duration,
    ),
    component(r, 'nova-metadata-api', 'nova', 'controller', 8000, 129, 0.01, 0.05, duration),
    component(r, 'neutron-server-rpc', 'neutron-rpc', 'controller', 64, 0, 0.1, 0.12, duration),
  ];

  const total = networks.reduce((a, x) => a + x.instances, 0);
  const resultNetworks = networks.map((net, i) => {
    const share = net.instances / Math.max(1, total);
    const outcomes = Object.fromEntries(OUTCOMES.map((k) => [k, Math.round(counts[k] * share)])) as OutcomeCounts;
    const requests = OUTCOMES.reduce((a, k) => a + outcomes[k], 0);
    return {
      name: net.name,
      cidr: net.cidr,
      instances: net.instances,
      usableAddresses: 2 ** (32 - Number(net.cidr.split('/')[1])) - 4,
      proxies: [proxies[i].id],
      requests,
      outcomes,
      latency: h.toJSON(),
      p99: h.quantile(0.99),
      timeoutRate: requests ? outcomes.clientTimeout / requests : NaN,
    };
  });

  const runs = Math.round(n / 25);
  const failedRuns = Math.round(runs * Math.min(1, (shares.clientTimeout + shares.connectFailure) * 12));
  const runDur = lognormalHistogram(r, runs - failedRuns, 60 + 25 * 30 * shares.clientTimeout, 0.4);
  const runSuccess = estimate(runs ? (runs - failedRuns) / runs : NaN, 0.05);
  const runQ = (q: number) => (runs && q * runs <= runs - failedRuns ? runDur.quantile(q) : Infinity);
  const runTime = {
    runP50: estimate(runQ(0.5), 0.05),
    runP90: estimate(runQ(0.9), 0.05),
    runP99: estimate(runQ(0.99), 0.05),
  };
  const failLatency = Object.fromEntries(
    LATENCY_METRICS.map((m) => [
      m,
      estimate(
        failH.count
          ? m === 'mean'
            ? failH.mean
            : m === 'max'
              ? failH.max
              : failH.quantile(m === 'p50' ? 0.5 : m === 'p90' ? 0.9 : m === 'p99' ? 0.99 : 0.999)
          : NaN,
        0.02,
      ),
    ]),
  ) as ScenarioResult['latency'];
  const json = JSON.stringify(scenario);
  return {
    meta: {
      name: o.name,
      description: o.description ?? '',
      file: o.file ?? `scenarios/${o.name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.yaml`,
      hash: createHash('sha256').update(json).digest('hex'),
      seed,
      replications: o.replications ?? 5,
      confidenceLevel: 0.95,
      stopReason: 'fixed',
      warmup: 1800,
      duration,
      nmsimVersion: '0.1.0',
      clientTimeout: 30,
    },
    scenario,
    runs: {
      started: runs,
      ok: runs - failedRuns,
      failed: failedRuns,
      skipped: 0,
      openAtCap: 0,
      success: runSuccess,
      time: runTime,
    },
    populations: [
      {
        client: 'chef-1',
        kind: 'chef',
        started: runs,
        ok: runs - failedRuns,
        failed: failedRuns,
        skipped: 0,
        openAtCap: 0,
        timeToMetadata: runDur.toJSON(),
        configuredAt: runDur.toJSON(),
        duration: runDur.toJSON(),
        requests: {
          count: n,
          outcomes: counts,
          latency: h.toJSON(),
          latencyOk: okH.toJSON(),
          timeToFailure: failH.toJSON(),
        },
        success: runSuccess,
        time: runTime,
        latency,
        outcomeRates,
        timeToFailure: failLatency,
      },
    ],
    drain: { cap: 2432, openRequests: 0, openRuns: 0, longest: 95 },
    latency,
    outcomeRates,
    outcomeCounts: counts,
    stages,
    timeToFailure: failLatency,
    histogram: h.toJSON(),
    components,
    networks: resultNetworks,
    slo: sloOf(slo, latency, outcomeRates),
    requestsSimulated: n,
    events: n * 40,
  };
}

function sloOf(
  slo: { metric: string; threshold: number },
  latency: ScenarioResult['latency'],
  rates: ScenarioResult['outcomeRates'],
): ScenarioResult['slo'] {
  const value =
    slo.metric === 'timeoutRate'
      ? rates.clientTimeout
      : slo.metric === 'failureRate'
        ? estimate(1 - rates.ok.mean, 0.05)
        : latency[slo.metric as keyof typeof latency];
  const verdict = value.hi <= slo.threshold ? 'meets' : value.lo > slo.threshold ? 'fails' : 'uncertain';
  return { ...slo, value, met: value.mean <= slo.threshold, verdict };
}

/** The incident's latency and outcome shape, shared by the hostile-name run. */
const INCIDENT_SHAPE = {
  median: 0.06,
  sigma: 1.1,
  timeoutShare: 0.12,
  synShare: 0.08,
  connectFailureShare: 0.004,
  load: 1.3,
};

/** The incident (eventlet proxy, pool 100, one /22 of 1000 instances) and its fixes. */
export const incident = (name = 'Incident: eventlet proxy, pool 100, 1000 instances on one /22') =>
  makeResult({
    name,
    description:
      'Mitaka 8.1 eventlet proxy capped at 100 green threads; ohai before PR #995 opens a connection per GET.',
    ...INCIDENT_SHAPE,
  });

export const haproxy = (name = 'HAProxy proxy (Pike)') =>
  makeResult({
    name,
    description: 'Pike HAProxy-based proxy, maxconn 1024.',
    proxy: 'haproxy',
    median: 0.03,
    sigma: 0.7,
    timeoutShare: 0.0,
    synShare: 0.0005,
    load: 0.1,
  });

export const split = (name = 'Split into 4 × /24') =>
  makeResult({
    name,
    description: 'Four networks of 250 instances, one router each.',
    networks: [0, 1, 2, 3].map((i) => ({ name: `net-${i}`, cidr: `10.0.${i}.0/24`, instances: 250 })),
    median: 0.04,
    sigma: 0.9,
    timeoutShare: 0.002,
    synShare: 0.004,
    load: 0.6,
  });

/** A point of a load sweep: latency and timeouts grow with instances and shrink with pool size. */
export function sweepPoint(instances: number, poolSize: number, seed = 3): ScenarioResult {
  const load = instances / (poolSize * 8);
  return makeResult({
    name: 'Incident',
    seed,
    poolSize,
    networks: [{ name: 'tenant-net', cidr: '10.0.0.0/21', instances }],
    median: 0.03 * (1 + 2 * load),
    sigma: 0.8 + 0.3 * Math.min(1, load),
    timeoutShare: Math.max(0, Math.min(0.3, 0.25 * (load - 0.8))),
    synShare: Math.max(0, Math.min(0.2, 0.1 * (load - 0.6))),
    load,
    samples: 6000,
  });
}

/**
 * Paired differences of `r` against `base` as `nmsim compare` computes them: the difference of
 * the means with an interval of a fifth of it (narrower than either design's, as common random
 * numbers make it), significant when that excludes 0.
 */
export function pairedAgainst(base: ScenarioResult, r: ScenarioResult): PairedDifference {
  const metrics = Object.fromEntries(
    COMPARED.map((m) => {
      const d = metricEstimate(r, m).mean - metricEstimate(base, m).mean;
      const hw = Math.abs(d) / 5;
      return [m, { mean: d, lo: d - hw, hi: d + hw, halfWidth: hw, n: 5, significant: hw > 0 }];
    }),
  );
  return { scenario: r.meta.name, baseline: base.meta.name, replications: 5, metrics };
}

export const GENERATED_AT = '2026-01-01T00:00:00.000Z';

/** One input per report kind; the hostile name appears as a scenario, network and file name. */
export function reportInputs(): Record<'run' | 'compare' | 'sweep' | 'capacity' | 'robust', ReportInput> {
  const hostileRun = makeResult({
    name: HOSTILE,
    description: `A description with <b>markup</b> & "quotes" and </script><script>alert(2)</script>`,
    networks: [{ name: `${HOSTILE} net`, cidr: '10.0.0.0/22', instances: 1000 }],
    file: `scenarios/${HOSTILE}.yaml`,
    ...INCIDENT_SHAPE,
  });
  const a = incident();
  const b = haproxy();
  const c = split();
  const compared = [a, b, c, makeResult({ name: HOSTILE, median: 0.05, timeoutShare: 0.01, load: 0.9 })];
  const instances = [250, 500, 1000, 2000];
  const pools = [100, 1000];
  const sweepPoints = instances.flatMap((i) =>
    pools.map((p) => ({ values: [i, p], label: `instances=${i}, poolSize=${p}`, result: sweepPoint(i, p) })),
  );
  const capValues = [250, 1000, 500, 750, 625, 688, 656];
  const capResults = capValues.map((v) => sweepPoint(v, 100, 5));
  const capPoints = capValues.map((value, i) => {
    const e = capResults[i].latency.p99;
    const verdict: 'meets' | 'fails' | 'uncertain' = e.hi <= 2 ? 'meets' : e.lo > 2 ? 'fails' : 'uncertain';
    return { value, estimate: e, verdict, replications: 5, result: i };
  });
  const meets = capPoints.filter((p) => p.verdict === 'meets').map((p) => p.value);
  const answer = meets.length ? Math.max(...meets) : null;
  const failing = capPoints
    .filter((p) => p.verdict !== 'meets' && (answer === null || p.value > answer))
    .map((p) => p.value);
  const firstFailing = failing.length ? Math.min(...failing) : null;
  return {
    run: {
      kind: 'run',
      results: [hostileRun],
      generatedAt: GENERATED_AT,
      sourceFiles: [{ path: `scenarios/${HOSTILE}.yaml`, sha256: 'ab'.repeat(32) }],
    },
    compare: {
      kind: 'compare',
      results: compared,
      differences: compared.slice(1).map((r) => pairedAgainst(a, r)),
      generatedAt: GENERATED_AT,
      sourceFiles: [
        { path: 'scenarios/incident.yaml', sha256: '01'.repeat(32) },
        { path: 'scenarios/haproxy.yaml', sha256: '02'.repeat(32) },
      ],
    },
    sweep: {
      kind: 'sweep',
      results: sweepPoints.map((p) => p.result),
      sweep: {
        parameters: [
          { path: 'topology.networks[0].instances', values: instances },
          { path: 'proxy.eventlet.poolSize', values: pools },
        ],
        points: sweepPoints,
      },
      generatedAt: GENERATED_AT,
      sourceFiles: [{ path: 'scenarios/incident.yaml', sha256: '01'.repeat(32) }],
    },
    capacity: {
      kind: 'capacity',
      results: capResults,
      capacity: {
        vary: 'instances',
        slo: { metric: 'p99', threshold: 2 },
        direction: 'largest',
        answer,
        firstFailing,
        bracket: [answer ?? 250, firstFailing ?? 1000],
        range: [250, 1000],
        confidence: `Between ${answer} and ${firstFailing} instances the verdict changes; values closer than 5% are not told apart.`,
        status: 'found',
        points: capPoints,
      },
      generatedAt: GENERATED_AT,
      sourceFiles: [{ path: 'scenarios/incident.yaml', sha256: '01'.repeat(32) }],
    },
    robust: { kind: 'robust', results: [], robust: robustFixture(), generatedAt: GENERATED_AT },
  };
}

/**
 * A robustness study of two designs over 12 worlds: the first fails when the run tail's median
 * is over ~60 s (p99 pinned at the 30 s timeout beyond), the second (named HOSTILE) meets
 * everywhere. Values from a fixed generator, not a simulation.
 */
export function robustFixture(): RobustResult {
  const rng = mulberry32(11);
  const params: RobustResult['parameters'] = [
    {
      path: 'clients[0].restOfRun',
      type: 'dist',
      low: 5,
      high: 600,
      shape: 'log',
      why: 'run tail',
      source: 'schema',
      defaults: [45, 45],
    },
    {
      path: 'neutronServer.rpcWorkers',
      type: 'integer',
      low: 1,
      high: 16,
      shape: 'log',
      why: 'rpc_workers',
      source: 'schema',
      defaults: [4, 4],
    },
    {
      path: 'nova.missTime',
      type: 'dist',
      low: 0.01,
      high: 0.4,
      shape: 'log',
      why: '<b>db</b>',
      source: 'schema',
      defaults: [0.04, 0.04],
    },
  ];
  const at = (p: (typeof params)[number], u: number): number => p.low * Math.pow(p.high / p.low, u);
  const outcome = (p99: number) => ({ metrics: { p99 }, meets: p99 <= 2 });
  const first = (tail: number) => outcome(tail > 60 ? 30 : 0.2 + tail / 40);
  const worlds = Array.from({ length: 12 }, (_, k) => {
    const values = Object.fromEntries(params.map((p) => [p.path, at(p, (k + rng()) / 12)]));
    return { values, outcomes: [first(values['clients[0].restOfRun']), outcome(0.15 + 0.05 * rng())] };
  });
  const meets = worlds.filter((w) => w.outcomes[0].meets).length;
  const tornado = params.map((p, i) => ({
    parameter: p.path,
    low: i === 0 ? first(p.low) : outcome(1.3),
    high: i === 0 ? first(p.high) : outcome(1.5 + i),
    swing: i === 0 ? 29.7 : 0.2 + i,
  }));
  const share = (k: number, n: number) => ({
    k,
    n,
    share: k / n,
    lo: Math.max(0, k / n - 0.25),
    hi: Math.min(1, k / n + 0.25),
  });
  return {
    kind: 'robust',
    slos: [{ metric: 'p99', threshold: 2 }],
    seed: 1,
    samples: 12,
    replications: 2,
    parameters: params,
    designs: [
      {
        label: 'incident',
        baseline: first(45),
        tornado,
        share: share(meets, 12),
        basis: 'verdict',
        drivers: params.map((p, i) => ({
          parameter: p.path,
          rhoVerdict: i === 0 ? -0.9 : 0.05,
          rhoMetric: i === 0 ? 0.95 : 0.1,
          share: i === 0 ? 0.98 : 0.01,
        })),
        decisive: { parameter: params[0].path, failsWhen: 'above', threshold: 60, accuracy: 1 },
      },
      {
        label: 'pool 1000',
        baseline: first(45),
        tornado,
        share: share(meets, 12),
        basis: 'verdict',
        drivers: params.map((p, i) => ({
          parameter: p.path,
          rhoVerdict: i === 0 ? -0.9 : 0.05,
          rhoMetric: i === 0 ? 0.95 : 0.1,
          share: i === 0 ? 0.98 : 0.01,
        })),
        decisive: { parameter: params[0].path, failsWhen: 'above', threshold: 61, accuracy: 1 },
      },
      {
        label: HOSTILE,
        baseline: outcome(0.17),
        tornado: tornado.map((t) => ({ ...t, low: outcome(0.15), high: outcome(0.19), swing: 0.04 })),
        share: share(12, 12),
        basis: 'metric',
        drivers: params.map((p, i) => ({
          parameter: p.path,
          rhoVerdict: null,
          rhoMetric: i === 2 ? 0.7 : 0.1,
          share: i === 2 ? 0.96 : 0.02,
        })),
        decisive: null,
      },
    ],
    pairwise: [{ a: 'incident', b: HOSTILE, aBetter: share(0, 12), bBetter: share(12 - meets, 12), ties: meets }],
    worlds,
  };
}
