import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAt, system } from './harness.js';
import type { EventletProxy } from '../../src/model/proxy-eventlet.js';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

test('eventlet keep-alive: an idle connection holds its green thread until client_socket_timeout', () => {
  const sys = system({ proxy: { eventlet: { poolSize: 1, clientSocketTimeout: 5 } } });
  const a = getAt(sys, 0, 0, { keep: true }); // never closes
  const b = getAt(sys, 1, 1);
  sys.sim.cal.runUntil(100);
  near(a[0].latency, 0.1);
  // b is accepted at once (the accept loop takes one beyond the pool) but waits for the green
  // thread until a's idle timeout: 0.1 + 5 s.
  near(b[0].latency, 5.1 - 1 + 0.1);
  const proxy = sys.topo.proxies[0] as EventletProxy;
  // a holds a thread 5.1 s; b holds one for its 0.1 s request, then closes.
  near(proxy.server.poolBusy.integral(100), 5.1 + 0.1);
});

test('eventlet without keep-alive releases the green thread after each response', () => {
  const sys = system({ proxy: { eventlet: { poolSize: 1, keepAlive: false } } });
  const a = getAt(sys, 0, 0, { keep: true });
  const b = getAt(sys, 1, 1);
  sys.sim.cal.runUntil(100);
  near(a[0].latency, 0.1);
  near(b[0].latency, 0.1);
});

test('a client close frees the green thread at once', () => {
  const sys = system({ proxy: { eventlet: { poolSize: 1 } } });
  const a = getAt(sys, 0, 0, { keep: true });
  sys.sim.cal.scheduleAt(2, () => a[0].conn!.close());
  const b = getAt(sys, 1, 1);
  sys.sim.cal.runUntil(100);
  near(b[0].latency, 2 - 1 + 0.1);
});

test('HAProxy over maxconn: connections wait in the kernel queue until a slot frees', () => {
  const sys = system({
    proxy: { kind: 'haproxy', haproxy: { maxconn: 1, timeoutHttpKeepAlive: 3 } },
    agent: { responseTime: 5 },
  });
  const a = getAt(sys, 0, 0, { keep: true });
  const b = getAt(sys, 1, 0);
  sys.sim.cal.runUntil(100);
  near(a[0].latency, 5);
  // a stays open idle for http-keep-alive (3 s), then HAProxy closes it and accepts b.
  near(b[0].latency, 5 + 3 + 5);
  assert.equal(b[0].status, 200);
});

test('HAProxy with a server maxconn queues requests itself and answers 503 past timeout queue', () => {
  const sys = system({
    proxy: { kind: 'haproxy', haproxy: { serverMaxconn: 1, timeoutQueue: 2 } },
    agent: { responseTime: 5 },
  });
  const r = [getAt(sys, 0, 0), getAt(sys, 1, 0), getAt(sys, 2, 0)];
  sys.sim.cal.runUntil(100);
  assert.deepEqual(
    r.map((x) => [x[0].status, x[0].outcome, x[0].latency]),
    [
      [200, 'ok', 5],
      [503, 'http5xx', 2],
      [503, 'http5xx', 2],
    ],
  );
});

test('HAProxy answers 504 when the agent is slower than timeout server', () => {
  const sys = system({ proxy: { kind: 'haproxy' }, agent: { responseTime: 40 } });
  const r = getAt(sys, 0, 0);
  sys.sim.cal.runUntil(100);
  assert.equal(r[0].status, 504);
  near(r[0].latency, 32);
});

test('client read timeout: the request ends as clientTimeout at the timeout, the server still works', () => {
  const sys = system({ agent: { responseTime: 20 } });
  const r = getAt(sys, 0, 0, { timeout: 10 });
  sys.sim.cal.runUntil(100);
  assert.equal(r[0].outcome, 'clientTimeout');
  near(r[0].latency, 10);
  assert.equal(sys.topo.agents[0].server.poolBusy.integral(100), 20);
});
