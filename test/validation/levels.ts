/**
 * The load levels of the validation: testbed configurations and loads, from well under to
 * over capacity, for both proxy kinds, ohai's two connection behaviours and the SYN-retry
 * regime. Service times are short (tens of ms) and pools small so that each level takes
 * seconds of wall time; what is validated is the queueing, not the absolute numbers.
 */
import type { Level } from './compare.js';
import type { LoadSpec } from './loadgen.js';
import { DEFAULT_TESTBED, type ServiceTime, type TestbedConfig } from './testbed.js';

/** Per-request hold beyond the service time assumed for the ρ labels (calibration measures it). */
const HOLD_EXTRA = 0.005;

const exp40: ServiceTime = { kind: 'exponential', mean: 0.04 };
const const20: ServiceTime = { kind: 'constant', mean: 0.02 };

/** eventlet proxy with `pool` green threads in front of a backend that never binds. */
export function eventletTestbed(pool: number, service: ServiceTime, backlog = 128, seed = 1): TestbedConfig {
  return {
    ...DEFAULT_TESTBED,
    proxy: 'eventlet',
    proxyPool: pool,
    proxyBacklog: backlog,
    backendPool: 64,
    service,
    seed,
  };
}

/** HAProxy (Neutron's config) in front of a backend with `pool` green threads: the bottleneck. */
export function haproxyTestbed(pool: number, service: ServiceTime, seed = 1): TestbedConfig {
  return { ...DEFAULT_TESTBED, proxy: 'haproxy', backendPool: pool, backendBacklog: 1024, service, seed };
}

/**
 * The testbed's service times drawn by the load generator (its own stream, seeded from the
 * level's seed) and sent to the backend with each request, so that the level's replay trace
 * knows every request's service time (trace.ts).
 */
function clientDrawn(tb: TestbedConfig, seed: number): NonNullable<LoadSpec['service']> {
  return { kind: tb.service.kind, mean: tb.service.mean, seed: seed + 5000 };
}

/** Capacity in requests per second of the bottleneck pool for single GETs. */
export function capacity(tb: TestbedConfig): number {
  const pool = tb.proxy === 'eventlet' ? tb.proxyPool : tb.backendPool;
  return pool / (tb.service.mean + HOLD_EXTRA);
}

/** Poisson single GETs at `rho` times the testbed's capacity. */
export function poissonLevel(id: string, tb: TestbedConfig, rho: number, duration: number, seed: number): Level {
  const cap = capacity(tb);
  const rate = Math.round(rho * cap);
  const svc = `${tb.service.kind === 'constant' ? 'const' : 'exp'} ${tb.service.mean * 1000} ms`;
  const pool = tb.proxy === 'eventlet' ? `pool ${tb.proxyPool}` : `backend pool ${tb.backendPool}`;
  return {
    id,
    label: `${tb.proxy}, ${pool}, ${svc}, ${rate}/s`,
    rho: rate / cap,
    testbed: tb,
    calibration: { rate: Math.max(15, Math.round(0.2 * cap)), duration: 2.5 },
    load: {
      mode: 'poisson',
      rate,
      duration,
      maxArrivals: Math.ceil(rate * duration * 2) + 20,
      connectTimeout: 10,
      readTimeout: 10,
      // No drainTimeout: the load generator waits for every request started in the window to
      // end (connect + read timeouts + 5 s at most), as nmsim drains its window.
      seed,
      service: clientDrawn(tb, seed),
    },
  };
}

/**
 * ohai sessions: a TCP probe, then K GETs on new connections kept open (pre-995) or on one
 * persistent connection (post-995), held `hold` s after the crawl, as a chef-client run does.
 */
export function ohaiLevel(
  id: string,
  tb: TestbedConfig,
  version: 'pre-995' | 'post-995',
  sessionsPerSecond: number,
  k: number,
  hold: number,
  duration: number,
  seed: number,
  timeouts = { connect: 10, read: 5, probe: 2 },
): Level {
  const threadsPerSession = version === 'pre-995' ? k : 1;
  const holdPerThread = hold + (version === 'pre-995' ? (tb.service.mean * (k + 1)) / 2 : tb.service.mean * k);
  const pool = tb.proxyPool;
  return {
    id,
    label: `eventlet, pool ${pool}, ohai ${version} (${k} GETs, hold ${hold} s), ${sessionsPerSecond} runs/s`,
    // Green threads held over the pool (Little's law), the load that matters here.
    rho: (sessionsPerSecond * threadsPerSession * holdPerThread) / pool,
    testbed: tb,
    calibration: { rate: Math.max(15, Math.round(0.2 * capacity(tb))), duration: 2.5 },
    load: {
      mode: version === 'pre-995' ? 'ohai-pre995' : 'ohai-post995',
      rate: sessionsPerSecond,
      duration,
      maxArrivals: Math.ceil(sessionsPerSecond * duration * 2) + 10,
      requests: k,
      holdTime: hold,
      keepAliveTimeout: 10,
      probe: true,
      probeTimeout: timeouts.probe,
      thinkTime: 0,
      connectTimeout: timeouts.connect,
      readTimeout: timeouts.read,
      seed,
      service: clientDrawn(tb, seed),
    },
  };
}

/**
 * The SYN-retry regime: 4 green threads, backlog 2 (the kernel admits 3 to the accept queue),
 * and clients that hold connections: ohai pre-995 runs of one GET whose connection stays open
 * `hold` s after the response. The proxy holds at most 4 + 1 connections and the queue 3;
 * further SYNs are dropped and retransmitted by the kernel. Single GETs (Poisson) arrive
 * meanwhile and see the retransmissions in their latency.
 */
export function synLevel(duration = 8, seed = 3, holders = 3, hold = 4, gets = 6): Level {
  const tb = eventletTestbed(4, const20, 2, seed);
  const holderLoad = ohaiLevel('syn-holders', tb, 'pre-995', holders, 1, hold, duration, seed + 100, {
    connect: 10,
    read: 10,
    probe: 10,
  }).load;
  const main = poissonLevel('syn-retry', tb, 0.1, duration, seed);
  return {
    ...main,
    label: `eventlet, pool 4, backlog 2: ${gets} GETs/s + ${holders} runs/s holding a connection ${hold} s (SYN retries)`,
    rho: (holders * (hold + 0.025) + gets * 0.025) / 4,
    load: { ...main.load, rate: gets, maxArrivals: Math.ceil(gets * duration * 2) + 20 },
    background: holderLoad,
  };
}

/**
 * Over capacity with a small backlog and a short window, measured with drained semantics on both
 * sides (every request started in the window counted, however late it ends): the level at
 * which counting requests when they end loses the slowest fifth and with them p90/p99.
 * p90 and p99 must also agree within 25%.
 */
export function overCapacityLevel(duration = 20, seed = 30): Level {
  const level = poissonLevel('eventlet-over-drained', eventletTestbed(4, exp40, 32, seed), 1.25, duration, seed);
  return {
    ...level,
    label: `${level.label}, backlog 32, drained`,
    within: 0.25,
  };
}

/** The window of the long level near saturation (s). */
export const LONG_SECONDS = 300;

/** Every level of the long validation (npm run validate). */
export function allLevels(duration = 10): Level[] {
  const levels: Level[] = [];
  let seed = 10;
  for (const rho of [0.3, 0.6, 0.8, 0.9, 1.2])
    levels.push(poissonLevel(`eventlet-${rho}`, eventletTestbed(4, exp40, 128, seed), rho, duration, seed++));
  levels.push(
    poissonLevel(
      'eventlet-const-0.8',
      eventletTestbed(4, { kind: 'constant', mean: 0.04 }, 128, seed),
      0.8,
      duration,
      seed++,
    ),
  );
  for (const rho of [0.3, 0.6, 0.8, 0.9, 1.2])
    levels.push(poissonLevel(`haproxy-${rho}`, haproxyTestbed(4, exp40, seed), rho, duration, seed++));
  const ohaiTb = eventletTestbed(16, const20, 128, seed);
  // Held connections fill the pool over tens of seconds before it tips into read timeouts:
  // a 10 s window sees only the transient, 40 s both the collapse and its failure share.
  levels.push(ohaiLevel('ohai-pre995', ohaiTb, 'pre-995', 2.5, 5, 1, 4 * duration, seed++));
  levels.push(ohaiLevel('ohai-post995', ohaiTb, 'post-995', 2.5, 5, 1, duration, seed++));
  levels.push(synLevel(duration, seed++));
  levels.push(overCapacityLevel(2 * duration, seed++));
  // Near saturation for five minutes: long enough for the queue's slow excursions to show in
  // p99, where a fresh 10 s window mostly samples a lucky or unlucky stretch.
  levels.push(poissonLevel('eventlet-0.95-long', eventletTestbed(4, exp40, 128, seed), 0.95, LONG_SECONDS, seed++));
  return levels;
}

/** The quick levels of the CI test: one per proxy kind, and the SYN-retry regime. */
export function quickLevels(): Level[] {
  return [
    poissonLevel('eventlet-ci', eventletTestbed(4, exp40, 128, 21), 0.6, 6, 21),
    poissonLevel('haproxy-ci', haproxyTestbed(4, exp40, 22), 0.6, 6, 22),
    synLevel(8, 23),
  ];
}
