/**
 * The boot-storm curve (issue 12) against what a uniform storm must give: with boots spread
 * uniformly over a window W and a near-constant boot-to-configured time T, the time by which a
 * share q of the booted instances have their metadata is T + qW, up to the q-quantile's sampling
 * spread over n boots and the histogram's resolution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { Scenario } from '../../src/scenario/schema.js';
import { bootCurve } from '../../src/stats/boot-curve.js';
import { HISTOGRAM_RELATIVE_ERROR, LatencyHistogram } from '../../src/stats/histogram.js';

const N = 400;
const W = 200;

function storm(agentResponse: unknown, client: Record<string, unknown> = {}) {
  const s = Scenario.parse({
    name: 'boot storm',
    duration: 1200,
    warmup: 0,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/22', instances: N }] },
    proxy: { eventlet: { cpuPerRequest: 0, cpuPerConnection: 0 } },
    agent: { responseTime: agentResponse },
    clients: [
      {
        kind: 'cloud-init',
        boot: { start: 0, window: W },
        bootDelay: 10,
        thinkTime: 0,
        requests: 10,
        ...client,
      },
    ],
  });
  return simulateReplication(s, { seed: 3, replication: 0, warmup: 0 }).populations[0];
}

test('a uniform storm with no queueing: reach(q) = T + qW within the sampling spread of n boots', () => {
  const p = storm(0.05);
  assert.equal(p.started, N);
  assert.equal(p.ok, N);
  const ttm = LatencyHistogram.fromJSON(p.timeToMetadata);
  // Boot delay 10 s + 10 GETs of 50 ms: T is about 10.5 s, and nearly the same for every boot.
  const spreadT = ttm.quantile(1) - ttm.quantile(0);
  assert.ok(Math.abs(ttm.quantile(0.5) - 10.5) < 0.1, `T = ${ttm.quantile(0.5)}`);
  assert.ok(spreadT < 0.2, `T spread ${spreadT}`);
  const curve = bootCurve(p);
  for (const q of [0.1, 0.5, 0.9, 0.99]) {
    const expected = ttm.quantile(0.5) + q * W;
    // Standard deviation of the q-quantile of N uniform boot times, 4 of them, plus T's spread
    // and the histogram's resolution at the expected value.
    const tol = 4 * W * Math.sqrt((q * (1 - q)) / N) + spreadT + 2 * HISTOGRAM_RELATIVE_ERROR * expected;
    const got = curve.reach(q);
    assert.ok(Math.abs(got - expected) <= tol, `reach(${q}) = ${got}, expected ${expected} ± ${tol}`);
  }
  // The curve is a cumulative share: it never falls and ends at every boot configured.
  const shares = curve.points.map(([, y]) => y);
  for (let i = 1; i < shares.length; i++) assert.ok(shares[i] >= shares[i - 1]);
  assert.equal(shares.at(-1), 1);
});

test('a storm where some boots never get their metadata: the curve stops at ok/started and reach beyond it is never', () => {
  // A response slower than the client's 1 s timeout for about 11% of requests (lognormal, median
  // 0.3 s, p99 3 s), no retries, 10 GETs: about 0.89^10 = 31% of crawls meet no timeout.
  const p = storm({ kind: 'lognormal', median: 0.3, p99: 3 }, { timeout: 1, retries: 0 });
  assert.equal(p.started, N);
  assert.equal(p.ok + p.failed + p.openAtCap, N);
  assert.ok(p.ok > 0 && p.ok < N, `${p.ok} of ${N} configured`);
  const curve = bootCurve(p);
  const last = curve.points.at(-1)![1];
  assert.equal(last, p.ok / p.started);
  assert.equal(curve.reach(Math.min(1, p.ok / p.started + 1 / N)), Infinity);
  assert.ok(Number.isFinite(curve.reach(p.ok / p.started)));
});

test('no boots in the window: the curve has no points and reach is undefined (NaN), not 0', () => {
  const p = storm(0.05, { boot: { start: 5000, window: 0 } });
  assert.equal(p.started, 0);
  const curve = bootCurve(p);
  assert.deepEqual(curve.points, []);
  assert.ok(Number.isNaN(curve.reach(0.5)));
});
