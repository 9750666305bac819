/**
 * The server's idle timer on a connection (connection.ts) is armed lazily: one timer stays
 * pending across waits and re-arms itself for the current wait's deadline. What a server sees
 * must be what a timer armed and cancelled per wait gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar } from '../../src/engine/calendar.js';
import { Conn, Req, type ServerEvent } from '../../src/model/connection.js';

const caller = { index: 0, network: 0 };

/** A server that waits with `idle` after each request; the events it sees, with their times. */
function serve(cal: Calendar, conn: Conn, idle: (n: number) => number): string[] {
  const seen: string[] = [];
  let n = 0;
  const on = (e: ServerEvent): void => {
    seen.push(`${typeof e === 'string' ? e : 'req'}@${cal.now}`);
    if (typeof e !== 'string') conn.next(idle(++n), on, null);
  };
  conn.next(idle(0), on, null);
  return seen;
}

const send = (cal: Calendar, conn: Conn, at: number): void => {
  cal.scheduleAt(at, () => conn.send(new Req(cal, caller, at, 'r', false)));
};

test('idle 900 s: requests at 100 and 950 s keep the connection; it times out at 1850 s, 900 s after the last', () => {
  const cal = new Calendar();
  const conn = new Conn(cal, caller);
  const seen = serve(cal, conn, () => 900);
  send(cal, conn, 100);
  send(cal, conn, 950);
  cal.run();
  assert.deepEqual(seen, ['req@100', 'req@950', 'idle-timeout@1850']);
});

test('a shorter timeout after a longer one (30 s first, then 10 s) fires at its own deadline: 15 s, not 30 s', () => {
  const cal = new Calendar();
  const conn = new Conn(cal, caller);
  const seen = serve(cal, conn, (n) => (n === 0 ? 30 : 10));
  send(cal, conn, 5);
  cal.run();
  assert.deepEqual(seen, ['req@5', 'idle-timeout@15']);
});

test('a wait without a timeout after a timed one never times out; a client close ends it', () => {
  const cal = new Calendar();
  const conn = new Conn(cal, caller);
  const seen = serve(cal, conn, (n) => (n === 0 ? 30 : Infinity));
  send(cal, conn, 5);
  cal.scheduleAt(500, () => conn.close());
  cal.run();
  assert.deepEqual(seen, ['req@5', 'closed@500']);
  assert.equal(cal.pending, 0);
});
