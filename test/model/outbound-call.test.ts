import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Conn, Req } from '../../src/model/connection.js';
import { EventletServer } from '../../src/model/eventlet-server.js';
import { Listener } from '../../src/model/kernel.js';
import { OutboundCall } from '../../src/model/outbound-call.js';

const SYN = { synRetries: 6, initialRto: 1 };
const caller = { index: 0, network: 0 };

/** A server that answers every request with `status` after `delay` seconds. */
function slowServer(sim: Simulation, l: Listener, delay: number, status: number): void {
  const srv = new EventletServer(sim, 'up', l, 1, 10, sim.streams.stream('pick'));
  srv.setHandler((w, conn) =>
    conn.next(
      Infinity,
      (ev) => {
        if (typeof ev === 'string') return srv.threadEnded(w);
        sim.cal.schedule(delay, () => {
          conn.reply(status);
          conn.closeByServer();
          srv.threadEnded(w);
        });
      },
      undefined,
    ),
  );
}

test('outbound call: the status arrives; a timeout armed later than it never fires', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'up', 128, 4096, 'drop-syn');
  slowServer(sim, l, 2, 200);
  const got: [number, number, string][] = [];
  const c = new OutboundCall(sim.cal, new Req(sim.cal, caller, 0, 'n', false), 'owner', (status, call) =>
    got.push([status, sim.now, call.owner]),
  );
  c.arm(5, 504);
  c.connectTcp(l, SYN);
  sim.cal.run();
  assert.deepEqual(got, [[200, 2, 'owner']]);
});

test('outbound call: the timeout wins over a slow server, and the late status is ignored', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'up', 128, 4096, 'unix');
  slowServer(sim, l, 3, 200);
  const got: [number, number][] = [];
  const c = new OutboundCall(sim.cal, new Req(sim.cal, caller, 0, 'n', false), null, (status) =>
    got.push([status, sim.now]),
  );
  assert.equal(c.connectUnix(l), true);
  c.arm(1, 504);
  sim.cal.run();
  assert.deepEqual(got, [[504, 1]]);
});

test('outbound call: a TCP connect that gives up settles with 500 once', () => {
  const sim = new Simulation(1);
  const l = new Listener(sim.cal, 'full', 0, 4096, 'drop-syn'); // backlog 0 -> capacity 1; nobody accepts
  assert.ok(l.offer(new Conn(sim.cal, caller))); // fills the queue
  const got: [number, number][] = [];
  new OutboundCall(sim.cal, new Req(sim.cal, caller, 0, 'n', false), null, (status) =>
    got.push([status, sim.now]),
  ).connectTcp(l, SYN);
  sim.cal.run();
  // SYNs at 0, 1, 3, 7, 15, 31, 63 s all dropped; connect() fails after the last wait, at 127 s.
  assert.deepEqual(got, [[500, 127]]);
});
