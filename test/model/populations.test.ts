/**
 * Per-population reporting: a poller without a timeout beside pre-#995 ohai clients waits as
 * long as the queue makes it, and shows it in its own statistics, while ohai's requests are
 * capped by its 30 s read timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { Scenario } from '../../src/scenario/schema.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';

test('a timeout-less poller beside the incident shows waits past 30 s; ohai stays capped at 30 s', () => {
  // 200 instances on a /24 behind a 20-thread pool: the incident in miniature (every chef run
  // holds ~25 green threads until it ends). 20 of them also poll once a minute (Poisson).
  const s = Scenario.parse({
    name: 'poller beside the incident',
    release: 'mitaka',
    duration: 3600,
    warmup: 1800,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 200 }] },
    proxy: { eventlet: { poolSize: 20 } },
    clients: [
      { kind: 'chef', name: 'chef', ohai: { gcDelay: 'run-end' } },
      { kind: 'periodic', name: 'poller', instances: 20, interval: { kind: 'exponential', mean: 60 }, timeout: 0 },
    ],
  });
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 1800 });
  const [chef, poller] = r.populations;
  const h = (p: typeof chef) => LatencyHistogram.fromJSON(p.requests.latency);
  assert.deepEqual([chef.client, poller.client], ['chef', 'poller']);
  // ohai: no request beyond its 30 s read timeout (plus floating-point residue); most runs fail.
  assert.ok(h(chef).max <= 30 + 1e-6, `chef max ${h(chef).max}`);
  assert.ok(chef.requests.outcomes.clientTimeout > 0 && chef.ok < chef.started / 10);
  // The poller never times out, so it waits: its p99 is well past 30 s, and its runs all succeed.
  assert.equal(poller.requests.outcomes.clientTimeout, 0);
  assert.ok(h(poller).quantile(0.99) > 45, `poller p99 ${h(poller).quantile(0.99)}`);
  assert.equal(poller.ok, poller.started);
  // The two add up to the whole.
  assert.equal(chef.requests.count + poller.requests.count, r.requests.ended);
  assert.equal(r.requests.openAtCap, 0);
});
