/**
 * A full Unix backlog at the metadata agent, behind each proxy (proxy-haproxy.ts,
 * proxy-eventlet.ts). The agent has one worker, a pool of 1 and backlog 1: it holds one request
 * in its green thread, one accepted awaiting spawn and two in the accept queue
 * (min(backlog, somaxconn) + 1 = 2); the fifth connect finds the backlog full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventletProxy } from '../../src/model/proxy-eventlet.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { getAt, system } from './harness.js';

const tinyAgent = (responseTime: number): Partial<ScenarioInput> => ({
  agent: { workers: 1, poolSize: 1, backlog: 1, responseTime },
});

test('HAProxy: a full agent backlog gives a 503 at once (4 back-to-back attempts), not after 30 s per attempt', () => {
  const sys = system({ ...tinyAgent(10), proxy: { kind: 'haproxy' } }, 5);
  const got = [0, 1, 2, 3, 4].map((i) => getAt(sys, i, 0));
  sys.sim.cal.runUntil(100);
  assert.deepEqual(
    got.map((g) => [g[0].status, g[0].latency]),
    [
      [200, 10],
      [200, 20],
      [200, 30],
      [504, 32], // fourth in line at the agent: past timeout server (32 s)
      [503, 0],
    ],
  );
  assert.equal(sys.topo.agents[0].server.listener.unixRefused, 4);
});

test('eventlet: a full agent backlog makes the green connect spin on the proxy CPU until room appears', () => {
  // Responses of 10.1 s; each try costs 0.25 s of proxy CPU. Tries at 0, 0.25, ..., 10.0 s fail
  // (41 spins); at 10.1 s the agent takes the next connection, so the try at 10.25 s succeeds;
  // the request is then fifth in line: served 40.4-50.5 s.
  const sys = system({ ...tinyAgent(10.1), proxy: { eventlet: { connectSpinCpu: 0.25 } } }, 5);
  const got = [0, 1, 2, 3, 4].map((i) => getAt(sys, i, 0));
  sys.sim.cal.runUntil(100);
  const proxy = sys.topo.proxies[0] as EventletProxy;
  assert.equal(proxy.connectSpins, 41);
  assert.ok(Math.abs(got[4][0].latency - 50.5) < 1e-9, `latency ${got[4][0].latency}`);
  assert.ok(Math.abs(proxy.server.workers[0].cpu.busySeconds(100) - 41 * 0.25) < 1e-9);
});
