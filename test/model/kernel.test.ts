import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Conn } from '../../src/model/connection.js';
import { EventletServer } from '../../src/model/eventlet-server.js';
import { Listener } from '../../src/model/kernel.js';
import { tcpConnect } from '../../src/model/tcp-connect.js';

const SYN = { synRetries: 6, initialRto: 1 };

test('a listener admits min(backlog, somaxconn) + 1 connections, as sk_acceptq_is_full does', () => {
  const sim = new Simulation(1);
  assert.equal(new Listener(sim.cal, 'a', 4096, 128, 'drop-syn').capacity, 129);
  assert.equal(new Listener(sim.cal, 'b', 1, 4096, 'drop-syn').capacity, 2);
});

test('pool 2, backlog 1, 8 simultaneous connects: exact SYN-retry delays appear', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'proxy', 1, 4096, 'drop-syn');
  const srv = new EventletServer(sim, 'proxy', l, 1, 2, sim.streams.stream('pick'));
  srv.setHandler((w) => sim.cal.schedule(10, () => srv.threadEnded(w)));
  const elapsed: number[] = [];
  for (let i = 0; i < 8; i++) {
    const c = new Conn(sim.cal, { index: i, network: 0 });
    tcpConnect(sim.cal, l, c, SYN, 0, (ok, e) => {
      assert.ok(ok);
      elapsed[i] = e;
    });
  }
  sim.cal.run();
  // 2 in the pool, 1 accepted awaiting spawn, 2 in the accept queue; the other three SYNs are
  // dropped and retried at 1, 3, 7, 15 s; at 10 s the pool drains by two, so at 15 s two get
  // in, and the last waits for its retry at 31 s.
  assert.deepEqual(elapsed, [0, 0, 0, 0, 0, 15, 15, 31]);
  assert.equal(l.synDrops, 3 * 4 + 1);
});

test('connect() fails after the last retransmission (127 s) or at the client timeout', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'full', 0, 4096, 'drop-syn'); // capacity 1, nobody accepts
  tcpConnect(sim.cal, l, new Conn(sim.cal, { index: 0, network: 0 }), SYN, 0, () => {});
  const res: Record<string, [boolean, number]> = {};
  for (const [name, timeout] of [
    ['none', 0],
    ['probe', 2],
    ['ohai', 60],
  ] as const)
    tcpConnect(sim.cal, l, new Conn(sim.cal, { index: 1, network: 0 }), SYN, timeout, (ok, e) => (res[name] = [ok, e]));
  sim.cal.run();
  assert.deepEqual(res.none, [false, 127]);
  assert.deepEqual(res.probe, [false, 2]);
  assert.deepEqual(res.ohai, [false, 60]);
});

test('tcp_syn_linear_timeouts 4 (Linux 6.5+): SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, failure at 131 s', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'full', 0, 4096, 'drop-syn'); // capacity 1, nobody accepts
  tcpConnect(sim.cal, l, new Conn(sim.cal, { index: 0, network: 0 }), SYN, 0, () => {});
  const sends: number[] = [];
  const offer = l.offer.bind(l);
  l.offer = (c) => (sends.push(sim.now), offer(c));
  let result: [boolean, number] | undefined;
  const linear = { ...SYN, synLinearTimeouts: 4 };
  tcpConnect(sim.cal, l, new Conn(sim.cal, { index: 1, network: 0 }), linear, 0, (ok, e) => (result = [ok, e]));
  sim.cal.run();
  // tcp_write_timeout allows synRetries + linear retransmissions; the RTO stays at 1 s for the
  // first linear + 1 waits, then doubles (the last wait, 64 s, ends in failure).
  assert.deepEqual(sends, [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67]);
  assert.deepEqual(result, [false, 131]);
  // Room from 3.5 s: the linear schedule's next SYN (4 s) gets in, the classic one's only at 7 s.
  const at = (linearTimeouts: number, open: number): number => {
    const s2 = new Simulation(1);
    const l2 = new Listener(s2.cal, 'q', 0, 4096, 'drop-syn');
    l2.offer(new Conn(s2.cal, { index: 0, network: 0 }));
    s2.cal.scheduleAt(open, () => l2.take());
    let e = NaN;
    tcpConnect(
      s2.cal,
      l2,
      new Conn(s2.cal, { index: 1, network: 0 }),
      { ...SYN, synLinearTimeouts: linearTimeouts },
      0,
      (ok, el) => {
        assert.ok(ok);
        e = el;
      },
    );
    s2.cal.run();
    return e;
  };
  assert.equal(at(4, 3.5), 4);
  assert.equal(at(0, 3.5), 7);
});

test('a non-blocking Unix-socket connect to a full backlog fails at once (EAGAIN) and succeeds once accept() frees room', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'agent.sock', 0, 4096, 'unix'); // capacity 1
  const conn = (i: number) => new Conn(sim.cal, { index: i, network: 0 });
  assert.equal(l.connectUnix(conn(0)), true);
  assert.equal(l.connectUnix(conn(1)), false);
  assert.equal(l.connectUnix(conn(2)), false);
  assert.equal(l.unixRefused, 2);
  l.take();
  assert.equal(l.connectUnix(conn(3)), true);
  assert.equal(l.queued, 1);
});
