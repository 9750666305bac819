/**
 * The accept queue full when the handshake's last ACK arrives (kernel.ts, tcp_abort_on_overflow
 * 0). A listener of capacity 1 (backlog 0), a handshake round trip of 0.25 s (binary-exact times), SYN-ACK resends
 * 1, 2, 4, 8, 16 s apart (tcp_synack_retries 5).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Conn, Req } from '../../src/model/connection.js';
import { Listener, tcpConnect } from '../../src/model/kernel.js';

const POLICY = { synRetries: 6, initialRto: 1, handshakeRtt: 0.25, synackRetries: 5 };

function setup() {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'proxy', 0, 4096, 'drop-syn');
  const events: [string, number][] = [];
  l.onArrival = () => events.push(['queued', sim.now]);
  const connect = (i: number, at: number, instance = i): Conn => {
    const conn = new Conn(sim.cal, { index: instance, network: 0 });
    sim.cal.scheduleAt(at, () =>
      tcpConnect(sim.cal, l, conn, POLICY, 0, (ok) => {
        events.push([`connected ${i} ${ok}`, sim.now]);
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
  sim.cal.scheduleAt(2, () => l.take()); // the server accepts conn 0 at 2 s
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
