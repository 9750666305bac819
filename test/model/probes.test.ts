import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probesFor } from '../../src/model/probes.js';
import { getAt, system } from './harness.js';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);
const series = { t0: 0, dt: 1, pool: [], queue: [] };

test('probes list proxies, agents, Nova, neutron RPC and API, each with its own id, kind and host', () => {
  const sys = system({
    topology: {
      metadataPath: 'isolated',
      dhcpAgents: 2,
      dhcpAgentsPerNetwork: 2,
      networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 4 }],
    },
  });
  const got = probesFor(sys.topo).map((p) => p.stats(0, series));
  assert.deepEqual(
    got.map((s) => `${s.kind} ${s.id} on ${s.host}`),
    [
      'proxy-eventlet qdhcp-n@dhcp-0 on dhcp-node-0',
      'proxy-eventlet qdhcp-n@dhcp-1 on dhcp-node-1',
      'agent metadata-agent@dhcp-node-0 on dhcp-node-0',
      'agent metadata-agent@dhcp-node-1 on dhcp-node-1',
      'nova nova-metadata-api on controller',
      'neutron-rpc neutron-server-rpc on controller',
      'neutron-api neutron-server-api on controller',
    ],
  );
});

test('eventlet proxy probe: a kept-alive connection holds 1 of 1 green threads 5.1 s, a second one 0.1 s: pool mean 0.052 over 100 s', () => {
  const sys = system({ proxy: { eventlet: { poolSize: 1, clientSocketTimeout: 5 } } });
  getAt(sys, 0, 0, { keep: true });
  getAt(sys, 1, 1);
  const probe = sys.topo.proxies[0].probe();
  sys.sim.cal.runUntil(2);
  assert.equal(probe.pool(), 1);
  assert.equal(probe.queue(), 0, 'the second connection is accepted, held beyond the pool');
  sys.sim.cal.runUntil(100);
  const s = probe.stats(100, series);
  assert.equal(s.capacity, 1);
  assert.equal(s.connectionsAccepted, 2);
  near(s.poolMean, 5.2 / 100);
  assert.equal(s.poolMax, 1);
  probe.reset();
  assert.equal(probe.stats(100, series).connectionsAccepted, 0);
});

test('HAProxy probe: 3 requests through a server maxconn of 1 hold 3 connections, 2 of them queued on the server line', () => {
  const sys = system({
    proxy: { kind: 'haproxy', haproxy: { serverMaxconn: 1, timeoutQueue: 10, maxconn: 50 } },
    agent: { responseTime: 5 },
  });
  for (let i = 0; i < 3; i++) getAt(sys, i, 0);
  const probe = sys.topo.proxies[0].probe();
  sys.sim.cal.runUntil(1);
  assert.equal(probe.pool(), 3);
  assert.equal(probe.queue(), 2);
  sys.sim.cal.runUntil(100);
  const s = probe.stats(100, series);
  assert.equal(s.kind, 'proxy-haproxy');
  assert.equal(s.capacity, 50);
  // Each connection passes through the kernel queue for an instant (max 1) before HAProxy
  // accepts it; the server line holds 2.
  assert.equal(s.queueMax, 1 + 2);
  // Queued 5 s (second) and 10 s (third, served at 10 s): 15 queue-seconds over 100 s.
  near(s.queueMean, 15 / 100);
  assert.equal(s.poolMax, 3);
});

test('neutron-server probes count calls and show the workers as the pool: 1 RPC worker per controller', () => {
  const sys = system({});
  getAt(sys, 0, 0);
  sys.sim.cal.runUntil(100);
  const [rpc, api] = probesFor(sys.topo).slice(-2);
  const r = rpc.stats(100, series);
  assert.equal(r.acceptQueueCapacity, 0);
  assert.equal(r.capacity, sys.topo.rpc.servers.capacity);
  assert.equal(r.connectionsAccepted, sys.topo.rpc.calls);
  assert.equal(api.stats(100, series).connectionsAccepted, sys.topo.neutronApi.calls);
});
