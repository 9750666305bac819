/**
 * Windows that do not censor: every request (and run) that starts in the window is counted
 * once, however long after the window it ends; the drain stops when the last one resolves, or
 * at the cap, and what is open then is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { drainCap, synGiveUp } from '../../src/scenario/drain.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import { runQuantile, runSuccess } from '../../src/stats/run-metrics.js';
import { mulberry32 } from '../support/rng.js';

/** One eventlet proxy with no CPU cost in front of an agent answering in `service`; room for every queued request. */
function queueScenario(over: Partial<ScenarioInput>, pool: number, instances: number): Scenario {
  return Scenario.parse({
    name: 'queue',
    warmup: 0,
    duration: 20,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/22', instances }] },
    kernel: { namespaceSomaxconn: 4096 },
    proxy: { eventlet: { poolSize: pool, backlog: 4096, cpuPerRequest: 0, cpuPerConnection: 0 } },
    agent: { responseTime: 0.1 },
    clients: [{ kind: 'periodic', interval: 0.08, timeout: 0 }],
    ...over,
  });
}

test('D/D/1 at rho 1.25 over a 20 s window: all 250 requests counted, latency 0.1 + 0.02 k s, drained in 5 s', () => {
  // One instance GETs every 80 ms at a random phase p in [0, 0.08); one green thread serves each
  // in 100 ms. Request k starts at p + 0.08 k and, the server never idling after the first,
  // ends at p + 0.1 (k + 1): latency 0.1 + 0.02 k. Starts in [0, 20): k = 0..249.
  const r = simulateReplication(queueScenario({}, 1, 1), { seed: 3, replication: 0, warmup: 0 });
  const q = r.requests;
  assert.deepEqual([q.started, q.ended, q.openAtCap, q.outcomes.ok], [250, 250, 0, 250]);
  const h = LatencyHistogram.fromJSON(q.latency);
  assert.ok(Math.abs(h.max - (0.1 + 0.02 * 249)) < 1e-9, `max ${h.max}`);
  assert.ok(Math.abs(h.mean - (0.1 + 0.02 * 124.5)) < 1e-9, `mean ${h.mean}`);
  // p99: rank ceil(0.99 * 250) = 248, k = 247: 5.04 s, within the histogram's 1%.
  assert.ok(Math.abs(h.quantile(0.99) / 5.04 - 1) < 0.01, `p99 ${h.quantile(0.99)}`);
  // The last request ends at p + 25 s: a drain of 5 s plus the phase; completion-based counting
  // would have kept only the 200 ending by 20 s (k <= 198 plus one), losing the slowest 20%.
  assert.ok(r.drain.took >= 5 && r.drain.took < 5.08, `drain ${r.drain.took}`);
  const p = r.populations[0];
  assert.deepEqual([p.started, p.ok, p.failed, p.skipped, p.openAtCap], [250, 250, 0, 0, 0]);
});

test('a 2 s drain cap leaves the 31 requests ending after 22 s open, and says so', () => {
  // Request k ends at p + 0.1 (k + 1) <= 22 for k <= 218 (p < 0.08): 219 resolved, 31 open.
  const r = simulateReplication(queueScenario({ drain: 2 }, 1, 1), { seed: 3, replication: 0, warmup: 0 });
  assert.deepEqual([r.requests.started, r.requests.ended, r.requests.openAtCap], [250, 219, 31]);
  assert.deepEqual([r.populations[0].started, r.populations[0].ok, r.populations[0].openAtCap], [250, 219, 31]);
  assert.equal(r.drain.took, 2);
});

/** FIFO M/M/c from empty over [0, window): latency of every request started in it. */
function mmcReference(rng: () => number, lambda: number, mean: number, c: number, window: number): number[] {
  const free = new Array<number>(c).fill(0);
  const out: number[] = [];
  for (let t = -Math.log(1 - rng()) / lambda; t < window; t += -Math.log(1 - rng()) / lambda) {
    let s = 0;
    for (let i = 1; i < c; i++) if (free[i] < free[s]) s = i;
    const done = Math.max(t, free[s]) - Math.log(1 - rng()) * mean;
    free[s] = done;
    out.push(done - t);
  }
  return out;
}

test('overloaded M/M/4 (rho 1.25, 20 s from empty): drained p90/p99 match a direct FIFO computation within 5%', () => {
  // 100 instances polling as Poisson streams (125/s in all), 4 green threads, exponential 40 ms
  // service, room in the accept queue for every waiting request (K beyond reach in 20 s).
  const s = queueScenario(
    {
      agent: { responseTime: { kind: 'exponential', mean: 0.04 } },
      clients: [{ kind: 'periodic', interval: { kind: 'exponential', mean: 0.8 }, timeout: 0 }],
    },
    4,
    100,
  );
  const reps = 30;
  const sim = { p90: 0, p99: 0, censoredP99: 0 };
  for (let i = 0; i < reps; i++) {
    const r = simulateReplication(s, { seed: 5, replication: i, warmup: 0 });
    const q = r.requests;
    assert.equal(q.started, q.ended + q.openAtCap, 'every started request counted once');
    assert.equal(q.openAtCap, 0, 'no client timeout: the drain resolves them all');
    assert.equal(q.ended, r.populations[0].requests.count);
    const h = LatencyHistogram.fromJSON(q.latency);
    sim.p90 += h.quantile(0.9) / reps;
    sim.p99 += h.quantile(0.99) / reps;
  }
  const ref = { p90: 0, p99: 0, censoredP99: 0 };
  const rng = mulberry32(17);
  const refReps = 400;
  for (let i = 0; i < refReps; i++) {
    const xs = mmcReference(rng, 125, 0.04, 4, 20);
    const h = new LatencyHistogram();
    xs.forEach((x) => h.record(x));
    ref.p90 += h.quantile(0.9) / refReps;
    ref.p99 += h.quantile(0.99) / refReps;
  }
  // By 20 s about 500 requests wait (25/s excess); the queue's tail grows through the window.
  assert.ok(ref.p99 > 3, `reference p99 ${ref.p99}`);
  for (const m of ['p90', 'p99'] as const)
    assert.ok(Math.abs(sim[m] / ref[m] - 1) < 0.05, `${m}: simulated ${sim[m]} vs reference ${ref[m]}`);
});

test('drain: auto covers the slowest run: ohai pre-995 is 2 s probe + 27 GETs x (60 s connect + 30 s read)', () => {
  const base = { name: 'x', topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 1 }] } };
  assert.equal(synGiveUp({ synRetries: 6, synLinearTimeouts: 0, initialRto: 1 }), 127);
  assert.equal(synGiveUp({ synRetries: 6, synLinearTimeouts: 4, initialRto: 1 }), 131);
  assert.equal(drainCap(Scenario.parse({ ...base, clients: [{ kind: 'chef' }] })), 2 + 27 * 90);
  // A poller with a 5 s timeout and 3 GETs: 3 x (5 + 5) s.
  assert.equal(
    drainCap(Scenario.parse({ ...base, clients: [{ kind: 'periodic', interval: 60, requests: 3, timeout: 5 }] })),
    30,
  );
  assert.equal(drainCap(Scenario.parse({ ...base, drain: '10m', clients: [{ kind: 'chef' }] })), 600);
  assert.throws(() => Scenario.parse({ ...base, drain: '8d', clients: [{ kind: 'chef' }] }), /at most 604800/);
});

test('periodic start/stop: sessions only between 10 s and 15 s after warm-up', () => {
  const s = queueScenario(
    { clients: [{ kind: 'periodic', interval: 1, start: 10, stop: 15, timeout: 0 }], agent: { responseTime: 0.01 } },
    10,
    4,
  );
  const r = simulateReplication(s, { seed: 2, replication: 0, warmup: 0 });
  // 4 instances, one session a second each from a phase in [10, 11) until 15: 5 sessions each.
  assert.equal(r.populations[0].started, 20);
  const t = r.latencyTrace.t;
  assert.ok(Math.min(...t) >= 10 && Math.max(...t) < 15, `sessions from ${Math.min(...t)} to ${Math.max(...t)}`);
});

test('run metrics: a run without metadata counts as never in the time-to-metadata percentiles', () => {
  const h = new LatencyHistogram();
  for (const v of [1, 2, 3]) h.record(v);
  const pop = { client: 'c', kind: 'chef' as const, started: 4, ok: 3, failed: 1, skipped: 0, openAtCap: 0 };
  const stats = [
    { ...pop, timeToMetadata: h.toJSON(), configuredAt: h.toJSON(), duration: h.toJSON(), requests: null as never },
  ];
  assert.equal(runSuccess(stats), 0.75);
  // Ranks: p50 -> 2nd of 4 = 2 s; p75 -> 3rd = 3 s; p99 -> 4th, the failed run: never.
  assert.ok(Math.abs(runQuantile(stats, 0.5) / 2 - 1) < 0.01);
  assert.ok(Math.abs(runQuantile(stats, 0.75) / 3 - 1) < 0.01);
  assert.equal(runQuantile(stats, 0.99), Infinity);
});
