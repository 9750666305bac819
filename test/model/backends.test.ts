import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAt, system } from './harness.js';

function lookups(cacheTtl: number, gaps: number[], novaWorkers = 1) {
  const sys = system(
    { agent: { workers: 1, cacheTtl, cpuPerRequest: 0, responseTime: undefined }, nova: { workers: novaWorkers } },
    2,
  );
  let t = 0;
  for (const g of gaps) getAt(sys, 0, (t += g));
  sys.sim.cal.runUntil(1000);
  return { rpc: sys.topo.rpc.calls, nova: sys.topo.nova };
}

test('metadata agent: a router proxy request costs two RPCs, cached per worker for cacheTtl', () => {
  assert.equal(lookups(5, [0]).rpc, 2);
  assert.equal(lookups(5, [0, 1, 1]).rpc, 2); // within 5 s: all hits
  assert.equal(lookups(5, [0, 10]).rpc, 4); // expired
  assert.equal(lookups(0, [0, 1, 1]).rpc, 6); // Queens: no cache
});

test("Nova caches an instance's metadata for metadata_cache_expiration, per worker", () => {
  const r = lookups(5, [0, 1, 20]);
  assert.equal(r.nova.cacheMisses, 2);
  assert.equal(r.nova.cacheHits, 1);
  // With many workers each has its own cache: 20 requests inside 15 s miss more than once.
  const many = lookups(5, Array(20).fill(0.5), 8);
  assert.ok(many.nova.cacheMisses > 1 && many.nova.cacheMisses <= 8, `misses ${many.nova.cacheMisses}`);
});

test('an RPC timeout fails the request with a 500', () => {
  const sys = system({
    agent: { responseTime: undefined, rpcTimeout: 1, rpcLatency: 3, cpuPerRequest: 0 },
  });
  const r = getAt(sys, 0, 0);
  sys.sim.cal.runUntil(100);
  assert.equal(r[0].status, 500);
  assert.equal(r[0].outcome, 'http5xx');
  assert.ok(Math.abs(r[0].latency - 1) < 1e-9);
});

test('cloud-init EC2 datasource waits for the service before crawling, then gives up at maxWait', async () => {
  const { simulateReplication } = await import('../../src/model/simulate.js');
  const { Scenario } = await import('../../src/scenario/schema.js');
  const run = (responseTime: number) =>
    simulateReplication(
      Scenario.parse({
        name: 'ec2',
        duration: 600,
        warmup: 0,
        topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 1 }] },
        agent: { responseTime },
        clients: [
          { kind: 'cloud-init', datasource: 'ec2', boot: { window: 0 }, bootDelay: 0, requests: 3, timeout: 5 },
        ],
      }),
      { seed: 1, replication: 0, warmup: 0 },
    );
  const fast = run(0.01);
  assert.deepEqual([fast.populations[0].ok, fast.populations[0].failed], [1, 0]);
  assert.equal(fast.requests.ended, 1 + 3); // the wait-for-service probe, then the crawl
  // A service slower than every try: 50 s + 1 s + 50 s + 1 s + 18 s = 120 s of trying, then failure.
  const slow = run(60);
  assert.deepEqual([slow.populations[0].ok, slow.populations[0].failed], [0, 1]);
  assert.equal(slow.requests.outcomes.clientTimeout, 3);
  const d = slow.populations[0].duration;
  assert.ok(Math.abs(d.max - 120) < 0.5, `gave up after ${d.max} s`);
});
