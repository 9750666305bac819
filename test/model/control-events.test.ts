/**
 * Control events (warm-up reset, sampling, the end of the run) go before model events at the
 * same instant (issue 18): the measurement window is [warmup, end).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { Scenario } from '../../src/scenario/schema.js';

/** 5 cloud-init instances booting all at `start` seconds after the warm-up, with no boot delay. */
function bootAt(start: number) {
  const s = Scenario.parse({
    name: 'boot at an instant',
    duration: 60,
    warmup: 10,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 5 }] },
    clients: [
      { kind: 'cloud-init', name: 'ci', boot: { start, window: 0 }, bootDelay: { kind: 'constant', value: 0 } },
    ],
  });
  return simulateReplication(s, { seed: 1, replication: 0, warmup: 10 });
}

test('5 boots at exactly t = warmup: the window opens first, so 5 runs and their first GETs count', () => {
  const r = bootAt(0);
  const run = r.populations[0];
  assert.equal(run.started, 5);
  assert.equal(run.ok, 5);
  assert.equal(r.requests.inFlightAtStart, 0);
  assert.ok(r.requests.started > 5, `${r.requests.started} requests started`);
  assert.equal(r.requests.started, r.requests.ended + r.requests.openAtCap);
});

test('5 boots at exactly t = end fall outside the window [warmup, end): no run, no request', () => {
  const r = bootAt(60);
  assert.equal(r.populations[0].started, 0);
  assert.equal(r.requests.started, 0);
  assert.equal(r.requests.openAtCap, 0);
});
