/**
 * The accept queue full when the handshake's last ACK arrives (kernel.ts, tcp_abort_on_overflow
 * 0). A listener of capacity 2 (backlog 1) already holding one established connection, a
 * handshake round trip of 0.25 s (binary-exact times), SYN-ACK resends
 * 1, 2, 4, 8, 16 s apart (tcp_synack_retries 5); where the client's data retransmissions are
 * modelled, rtoMin 0.25 s: the first after rtt + rtoMin = 0.5 s, then 1, 2, 4 s apart. SYN
 * cookies (tcp_conn_request's want_cookie) with the same listener, empty at first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Conn, Req } from '../../src/model/connection.js';
import { Listener } from '../../src/model/kernel.js';
import { tcpConnect, type SynPolicy } from '../../src/model/tcp-connect.js';

const POLICY = { synRetries: 6, initialRto: 1, handshakeRtt: 0.25, synackRetries: 5 };

function setup(policy: SynPolicy = POLICY, prefill = 1) {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'proxy', 1, 4096, 'drop-syn');
  // Established connections already waiting for accept(): they take room in the accept queue
  // but are not handshakes in flight (so not in the SYN queue).
  for (let i = 0; i < prefill; i++) l.offer(new Conn(sim.cal, { index: 100 + i, network: 0 }));
  const events: [string, number][] = [];
  l.onArrival = () => events.push(['queued', sim.now]);
  const connect = (i: number, at: number, instance = i, send = true): Conn => {
    const conn = new Conn(sim.cal, { index: instance, network: 0 });
    sim.cal.scheduleAt(at, () =>
      tcpConnect(sim.cal, l, conn, policy, 0, (ok) => {
        events.push([`connected ${i} ${ok}`, sim.now]);
        if (!send) return;
        // The client sends its request at once; a reset answers it with status 0.
        const req = new Req(sim.cal, conn.caller, sim.now, 'r', true);
        req.client = { onReply: (status) => events.push([`reply ${i} ${status}`, sim.now]) };
        conn.send(req);
      }),
    );
    return conn;
  };
  return { sim, l, events, connect };
}

test('a SYN within one round trip of the last admission: connected at once, queued at the SYN-ACK resend after accept() (3.125 s)', () => {
  const { sim, l, events, connect } = setup();
  connect(0, 0); // admitted: the queue is full
  connect(1, 0.125); // passes the SYN check (conn 0 still mid-handshake); its ACK finds the queue full
  sim.cal.scheduleAt(2, () => l.take()); // the server accepts (the first connection) at 2 s
  sim.cal.runUntil(100);
  assert.deepEqual(events, [
    ['queued', 0],
    ['connected 0 true', 0],
    ['connected 1 true', 0.125],
    // Resends at 1.125 s (no room) and 3.125 s (room since 2 s).
    ['queued', 3.125],
  ]);
  assert.equal(l.ackOverflows, 1);
  assert.equal(l.synDrops, 0);
});

test('a SYN one round trip later is dropped instead (the SYN-drop path)', () => {
  const { sim, l, connect } = setup();
  connect(0, 0);
  connect(1, 0.5);
  sim.cal.runUntil(0.5);
  assert.equal(l.ackOverflows, 0);
  assert.equal(l.synDrops, 1);
});

test("the same instance's next SYN within the round trip is dropped: it follows its own handshake's ACK", () => {
  // ohai's probe, then its first GET at the same instant: the probe's ACK reaches the server first.
  const { sim, l, connect } = setup();
  connect(0, 0, 7);
  connect(1, 0, 7);
  sim.cal.runUntil(0.5);
  assert.equal(l.ackOverflows, 0);
  assert.equal(l.synDrops, 1);
});

test('never accepted: the half-open connection is reset 63 s after the SYN, failing its request', () => {
  const { sim, events, connect } = setup();
  connect(0, 0);
  connect(1, 0.125);
  sim.cal.runUntil(200);
  assert.deepEqual(events.slice(2), [
    ['connected 1 true', 0.125],
    ['reply 1 0', 63.125],
  ]);
});

test("the client's data retransmission completes the handshake before the next SYN-ACK resend (queued at 1.625 s, not 3.125 s)", () => {
  const { sim, l, events, connect } = setup({ ...POLICY, rtoMin: 0.25 });
  connect(0, 0);
  connect(1, 0.125); // ACK overflow: data retransmissions at 0.625, 1.625, 3.625 s; SYN-ACKs at 1.125, 3.125 s
  sim.cal.scheduleAt(1.25, () => l.take()); // room from 1.25 s
  sim.cal.runUntil(100);
  assert.deepEqual(
    events.filter(([e]) => e === 'queued'),
    [
      ['queued', 0],
      ['queued', 1.625],
    ],
  );
});

test('a client that has sent nothing has nothing to retransmit: only the SYN-ACK resend at 3.125 s admits it', () => {
  const { sim, l, events, connect } = setup({ ...POLICY, rtoMin: 0.25 });
  connect(0, 0);
  connect(1, 0.125, 1, false);
  sim.cal.scheduleAt(1.25, () => l.take());
  sim.cal.runUntil(100);
  assert.deepEqual(
    events.filter(([e]) => e === 'queued'),
    [
      ['queued', 0],
      ['queued', 3.125],
    ],
  );
});

test('SYN queue full: the SYN gets a cookie, no SYN-ACK resends, only data retransmissions complete it; with tcp_syncookies 0 it is dropped', () => {
  // Capacity 2 (backlog 1). conn 0 at 0 and conn 1 at 0.375 s fill the accept queue. conn 2 at
  // 0.5 s: conn 1 is still in flight, so the accept check passes (2 - 1 < 2) and the SYN queue
  // (0 pending + 1 in flight) has room: a request sock, ACK overflow. conn 3 at 0.5625 s: the
  // SYN queue holds conn 2's request and conn 1's handshake, 2 > backlog 1: full.
  const run = (synCookies: number) => {
    const { sim, l, events, connect } = setup({ ...POLICY, rtoMin: 0.25, synCookies }, 0);
    connect(0, 0);
    connect(1, 0.375);
    connect(2, 0.5);
    connect(3, 0.5625);
    sim.cal.scheduleAt(1.25, () => l.take());
    sim.cal.scheduleAt(2.5, () => l.take());
    sim.cal.runUntil(200);
    return { l, queued: events.filter(([e]) => e === 'queued').map(([, t]) => t), events };
  };
  // Cookies: room at 1.25 s goes to conn 2's SYN-ACK resend at 1.5 s (its data retransmissions
  // are at 1, 2, 4 s); conn 3's cookie has data retransmissions at 1.0625, 2.0625, 4.0625 s
  // only, and the room from 2.5 s is its at 4.0625 s.
  const c = run(1);
  assert.deepEqual(c.queued, [0, 0.375, 1.5, 4.0625]);
  assert.equal(c.l.ackOverflows, 2);
  assert.equal(c.l.cookieOverflows, 1);
  assert.equal(c.l.pendingRequests, 0);
  // No state, no reset at 63 s: conn 3's request was not failed.
  assert.ok(!c.events.some(([e]) => e === 'reply 3 0'));
  // tcp_syncookies 0: conn 3's SYN is dropped; its retransmission at 1.5625 s finds the queue
  // full again (conn 2 took the room at 1.5 s), the next at 3.5625 s finds room (since 2.5 s).
  const d = run(0);
  assert.deepEqual(d.queued, [0, 0.375, 1.5, 3.5625]);
  assert.equal(d.l.cookieOverflows, 0);
  assert.equal(d.l.synDrops, 2);
});

test('a request sock that is never completed is reset 63 s after its SYN even with data retransmissions; a cookie one is not', () => {
  const { sim, events, connect } = setup({ ...POLICY, rtoMin: 0.25, synCookies: 1 }, 0);
  connect(0, 0);
  connect(1, 0.375);
  connect(2, 0.5);
  connect(3, 0.5625);
  sim.cal.runUntil(200);
  assert.deepEqual(
    events.filter(([e]) => e.startsWith('reply')),
    [['reply 2 0', 63.5]],
  );
});

test('a connection a SYN-ACK resend completes is accepted at 1.125 s but its request reaches the server with the client retransmission at 1.625 s', () => {
  const { sim, l, connect } = setup({ ...POLICY, rtoMin: 0.25 });
  connect(0, 0);
  const c1 = connect(1, 0.125); // data retransmissions at 0.625, 1.625 s; SYN-ACK resend at 1.125 s
  sim.cal.scheduleAt(1, () => l.take()); // room from 1 s: the SYN-ACK resend's bare ACK gets in
  const seen: [string, number][] = [];
  sim.cal.scheduleAt(1.2, () => {
    l.take(); // conn 0
    const c = l.take()!; // conn 1, accepted at 1.2 s
    assert.equal(c, c1);
    c.next(Infinity, (ev) => seen.push([typeof ev === 'string' ? ev : 'request', sim.now]), null);
  });
  sim.cal.runUntil(10);
  assert.deepEqual(seen, [['request', 1.625]]);
});

test('without data retransmissions modelled (rtoMin 0) the SYN-ACK resend brings the request with it', () => {
  const { sim, l, connect } = setup();
  connect(0, 0);
  connect(1, 0.125);
  sim.cal.scheduleAt(1, () => l.take());
  const seen: number[] = [];
  sim.cal.scheduleAt(1.2, () => {
    l.take();
    l.take()!.next(Infinity, () => seen.push(sim.now), null);
  });
  sim.cal.runUntil(10);
  assert.deepEqual(seen, [1.2]);
});
