import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Calendar, Priority } from '../../src/engine/calendar.js';
import { compile } from '../../src/engine/distributions.js';
import { FcfsPool } from '../../src/engine/fcfs-pool.js';
import { Resource } from '../../src/engine/resource.js';
import { StreamFactory } from '../../src/engine/random.js';

const constant = (value: number) => compile({ kind: 'constant', value }, { name: 'unused', next: () => 0.5 });

test('fcfs pool: 2 servers, customers at 0, 0, 1, 1.5 for 3, 2, 2, 1 s end at 3, 2, 4, 5; waits 0, 0, 1, 1.5', () => {
  const cal = new Calendar();
  const pool = new FcfsPool(cal, 2, 'pool');
  const ends: string[] = [];
  const done = (name: string) => ends.push(`${name}@${cal.now}`);
  const levels: string[] = [];
  const read = (t: number) =>
    cal.scheduleAt(
      t,
      () => levels.push(`${t}: ${pool.inService} busy ${pool.queued} queued`),
      undefined,
      Priority.Urgent,
    );
  pool.hold(3, done, 'a'); // 0-3
  pool.hold(2, done, 'b'); // 0-2
  cal.schedule(1, () => pool.hold(2, done, 'c')); // waits for b: 2-4
  cal.schedule(1.5, () => pool.hold(1, done, 'd')); // waits for a: 3-4... a ends at 3: 3-4
  for (const t of [0.5, 1.75, 2.5, 3.5, 6]) read(t);
  cal.run();
  assert.deepEqual(ends, ['b@2', 'a@3', 'c@4', 'd@4']);
  assert.deepEqual(levels, [
    '0.5: 2 busy 0 queued',
    '1.75: 2 busy 2 queued',
    '2.5: 2 busy 1 queued',
    '3.5: 2 busy 0 queued',
    '6: 0 busy 0 queued',
  ]);
  assert.equal(pool.arrivals, 4);
  assert.equal(pool.waitSeconds, 0 + 0 + 1 + 1.5);
  // Busy 2 servers over 0-4: 8 server-seconds; waiting 1-2 (c), 1.5-3 (d): 2.5 customer-seconds.
  assert.equal(pool.busy.integral(6), 8);
  assert.equal(pool.busy.max, 2);
  assert.equal(pool.queueLength.integral(6), 2.5);
  assert.equal(pool.queueLength.max, 2);
  assert.throws(() => pool.hold(-1, done, 'e'), /pool: service time must be >= 0 s, got -1/);
});

test('fcfs pool: a customer served in no time shows in the busy maximum but not in the level', () => {
  const cal = new Calendar();
  const pool = new FcfsPool(cal, 3, 'pool');
  let ended = -1;
  pool.hold(0, () => (ended = cal.now), null);
  cal.runUntil(1);
  assert.equal(ended, 0);
  assert.equal(pool.inService, 0);
  assert.equal(pool.busy.max, 1);
  assert.equal(pool.busy.integral(1), 0);
});

/**
 * The reference: a FIFO Resource of c servers (hold() queues a ticket, grants it at a release,
 * counts both levels in TimeWeighted). The virtual clock must give the same end times and the
 * same time-weighted statistics, bit for bit, since results stay byte-identical only if it does.
 * Cases where an arrival falls at the very instant of an end are left out: there only the order
 * of the two events decides whether the customer waits for no time (fcfs-pool.ts).
 */
test('fcfs pool: same ends, busy and queue statistics to the last bit as a FIFO Resource of c servers', () => {
  const customer = fc.record({
    gap: fc.double({ min: 0.001, max: 3, noNaN: true }),
    seconds: fc.double({ min: 0.001, max: 8, noNaN: true }),
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.array(customer, { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: 0, max: 150, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 0, max: 60, noNaN: true }),
      (c, customers, readings, resetAt) => {
        const run = (kind: 'pool' | 'resource') => {
          const cal = new Calendar();
          const res = new Resource(cal, c);
          const pool = new FcfsPool(cal, c, 'pool');
          const ends: string[] = [];
          const read: string[] = [];
          let at = 0;
          customers.forEach((x, i) => {
            at += x.gap;
            const then = () => ends.push(`${i}@${cal.now}`);
            cal.scheduleAt(at, () =>
              kind === 'pool' ? pool.hold(x.seconds, then, null) : res.hold(x.seconds, then, null),
            );
          });
          const reset = () => (kind === 'pool' ? pool.resetStats() : res.resetStats());
          cal.scheduleAt(resetAt, reset, undefined, Priority.Urgent);
          for (const t of readings)
            cal.scheduleAt(
              t,
              () => {
                const busy = kind === 'pool' ? pool.busy : res.busy;
                const queue = kind === 'pool' ? pool.queueLength : res.queueLength;
                const levels = kind === 'pool' ? [pool.inService, pool.queued] : [res.inService, res.queued];
                read.push([busy.mean(t), busy.max, queue.integral(t), queue.max, ...levels].join(' '));
              },
              undefined,
              Priority.Urgent,
            );
          cal.run();
          return { ends, read, endTimes: ends.map((e) => Number(e.split('@')[1])) };
        };
        const pool = run('pool');
        // An arrival at the very instant of an end is the one case the order may differ in.
        let at = 0;
        const arrivals = new Set(customers.map((x) => (at += x.gap)));
        fc.pre(pool.endTimes.every((t) => !arrivals.has(t)));
        const reference = run('resource');
        assert.deepEqual(pool.ends.sort(), reference.ends.sort());
        assert.deepEqual(pool.read, reference.read);
      },
    ),
    { numRuns: 300 },
  );
});

test('fcfs pool: a lazy Poisson load draws the arrivals and service times an event per arrival would', () => {
  const rate = 20;
  const service = 0.01;
  // The reference: one event per arrival, drawing its gap from the same stream.
  const ref = (() => {
    const cal = new Calendar();
    const res = new Resource(cal, 1);
    const arrivals = new StreamFactory(7).stream('bg');
    let n = 0;
    const arrive = (): void => {
      n++;
      res.hold(service, () => {}, null);
      cal.schedule(-Math.log(1 - arrivals.next()) / rate, arrive);
    };
    cal.schedule(-Math.log(1 - arrivals.next()) / rate, arrive);
    cal.runUntil(500);
    return { n, busy: res.busy.integral(500), max: res.queueLength.max };
  })();
  const cal = new Calendar();
  const pool = new FcfsPool(cal, 1, 'pool');
  pool.addPoissonLoad(rate, new StreamFactory(7).stream('bg'), constant(service));
  cal.runUntil(500);
  assert.equal(cal.executed, 0); // not one event
  assert.equal(pool.loadArrivalsSinceReset, ref.n);
  assert.equal(pool.busy.integral(500), ref.busy);
  assert.equal(pool.queueLength.max, ref.max);
  // Poisson count over 500 s at 20/s: 10,000 +- 4 sd (sd = 100).
  assert.ok(Math.abs(ref.n - 10_000) < 400, `${ref.n} arrivals`);
  assert.throws(
    () => pool.addPoissonLoad(1, new StreamFactory(7).stream('x'), constant(1)),
    /one Poisson load per pool/,
  );
});
