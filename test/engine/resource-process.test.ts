import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar } from '../../src/engine/calendar.js';
import { Grant, Resource } from '../../src/engine/resource.js';
import { Signal, TIMEOUT } from '../../src/engine/process.js';
import { Simulation } from '../../src/engine/simulation.js';

test('resource: immediate grant, FIFO waiters, rejection over the queue capacity', () => {
  const cal = new Calendar();
  const r = new Resource(cal, 1, { queueCapacity: 2 });
  const log: string[] = [];
  const ask = (name: string) => r.request((g, w) => log.push(`${name}:${g}:${w}`));
  ask('a');
  ask('b');
  ask('c');
  ask('d'); // queue full
  cal.schedule(1, () => r.release());
  cal.schedule(3, () => r.release());
  cal.run();
  assert.deepEqual(log, [
    `a:${Grant.Granted}:0`,
    `d:${Grant.Rejected}:0`,
    `b:${Grant.Granted}:1`,
    `c:${Grant.Granted}:3`,
  ]);
  assert.equal(r.rejected, 1);
  assert.throws(() => {
    r.release();
    r.release();
    r.release();
  }, /no server in use/);
});

test('resource: a waiter times out at exactly its timeout and leaves the queue; cancel works', () => {
  const cal = new Calendar();
  const r = new Resource(cal, 1);
  const log: [string, number, number][] = [];
  r.request(() => {});
  r.request((g, w) => log.push(['t', g, w]), 2);
  const c = r.request((g, w) => log.push(['c', g, w]));
  const d = r.request((g, w) => log.push(['d', g, w]));
  assert.equal(r.cancel(c), true);
  assert.equal(r.cancel(c), false);
  cal.schedule(5, () => r.release());
  cal.run();
  assert.deepEqual(log, [
    ['t', Grant.TimedOut, 2],
    ['d', Grant.Granted, 5],
  ]);
  assert.equal(r.timedOut, 1);
  assert.equal(r.cancelled, 1);
  void d;
});

test('resource: time-weighted busy and queue means on a hand-computed schedule', () => {
  const cal = new Calendar();
  const r = new Resource(cal, 2, { recordWaits: true });
  // t=0: 3 arrive (2 busy, 1 waits); t=4: one leaves (the waiter starts); t=6: both leave.
  for (let i = 0; i < 3; i++) r.request(() => {});
  cal.scheduleAt(4, () => r.release());
  cal.scheduleAt(6, () => {
    r.release();
    r.release();
  });
  cal.runUntil(10);
  assert.equal(r.busy.mean(10), (2 * 6) / 10);
  assert.equal(r.queueLength.mean(10), 4 / 10);
  assert.equal(r.waits.mean, 4 / 3);
});

test('resource: hold() serves FIFO, holds, releases, then calls back with its argument', () => {
  const cal = new Calendar();
  const r = new Resource(cal, 1, { recordWaits: true });
  const log: string[] = [];
  const done = (name: string): void => {
    log.push(`${name}@${cal.now}`);
    // A burst started from a completion queues behind the ones already waiting.
    if (name === 'a') r.hold(1, done, 'd');
  };
  r.hold(2, done, 'a');
  r.hold(3, done, 'b');
  cal.schedule(1, () => r.hold(0.5, done, 'c'));
  cal.run();
  assert.deepEqual(log, ['a@2', 'b@5', 'c@5.5', 'd@6.5']);
  // Waits as recorded for granted customers: a 0, b 2, c 4 (arrived 1, served 5), d 3.5.
  assert.equal(r.waits.count, 4);
  assert.equal(r.waits.sum, 0 + 2 + 4 + 3.5);
  assert.equal(r.waitSeconds, r.waits.sum);
  assert.equal(r.busy.mean(6.5), 1);
  assert.equal(r.inService, 0);
  // Recycled tickets start afresh: a second round sees the same schedule shifted.
  const again: string[] = [];
  r.hold(1, (x: string) => again.push(`${x}@${cal.now}`), 'e');
  r.hold(1, (x: string) => again.push(`${x}@${cal.now}`), 'f');
  cal.run();
  assert.deepEqual(again, ['e@7.5', 'f@8.5']);
  assert.throws(() => new Resource(cal, 1, { queueCapacity: 3 }).hold(1, () => {}, 0), /unbounded queue/);
});

test('processes: sleep, acquire with timeout, use(), and kill runs finally blocks', () => {
  const sim = new Simulation(1);
  const r = new Resource(sim.cal, 1);
  const log: string[] = [];
  sim.spawn(function* (p) {
    yield p.use(r, 5);
    log.push(`a done ${p.now}`);
  });
  sim.spawn(function* (p) {
    const g: number = yield p.acquire(r, 2);
    log.push(`b ${g} ${p.now}`);
  });
  const k = sim.spawn(function* (p) {
    try {
      yield p.sleep(100);
      log.push('never');
    } finally {
      log.push(`killed ${p.now}`);
    }
  });
  sim.cal.scheduleAt(3, () => k.kill());
  sim.cal.run();
  assert.deepEqual(log, [`b ${Grant.TimedOut} 2`, 'killed 3', 'a done 5']);
  assert.equal(sim.cal.pending, 0);
});

test('processes: synchronous grants do not recurse (10,000 immediate acquisitions)', () => {
  const sim = new Simulation(1);
  const r = new Resource(sim.cal, 1);
  let n = 0;
  sim.spawn(function* (p) {
    for (let i = 0; i < 10_000; i++) {
      yield p.acquire(r);
      r.release();
      n++;
    }
  });
  assert.equal(n, 10_000);
});

test('signals: value before timeout, timeout before value, and a second fire is ignored', () => {
  const sim = new Simulation(1);
  const s1 = new Signal<number>(sim.cal);
  const s2 = new Signal<number>(sim.cal);
  const got: unknown[] = [];
  sim.spawn(function* (_p) {
    got.push(yield s1.wait(5));
    got.push(yield s2.wait(1));
  });
  sim.cal.scheduleAt(2, () => {
    s1.fire(7);
    s1.fire(8);
  });
  sim.cal.scheduleAt(10, () => s2.fire(9));
  sim.cal.run();
  assert.deepEqual(got, [7, TIMEOUT]);
});

test('resource: waits are a histogram only on request; the total waited is always kept', () => {
  const cal = new Calendar();
  const r = new Resource(cal, 1, { name: 'cpu' });
  r.hold(2, () => {}, null);
  r.hold(1, () => {}, null);
  cal.run();
  assert.equal(r.waitSeconds, 2);
  assert.throws(() => r.waits, /cpu: waits are recorded only with \{ recordWaits: true \}/);
});
