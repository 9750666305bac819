import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Calendar, Priority } from '../../src/engine/calendar.js';
import { Cpu } from '../../src/engine/cpu.js';
import { Resource } from '../../src/engine/resource.js';

test('cpu: bursts run one at a time in arrival order; each continuation fires at its burst end', () => {
  const cal = new Calendar();
  const cpu = new Cpu(cal, 'cpu');
  const log: string[] = [];
  const done = (name: string) => log.push(`${name}@${cal.now}`);
  cpu.hold(2, done, 'a'); // 0-2
  cpu.hold(3, done, 'b'); // queued behind a: 2-5
  cal.schedule(1, () => cpu.hold(0.5, done, 'c')); // asked at 1, behind b: 5-5.5
  cal.schedule(7, () => cpu.hold(1, done, 'd')); // idle again: 7-8
  cal.run();
  assert.deepEqual(log, ['a@2', 'b@5', 'c@5.5', 'd@8']);
  assert.equal(cpu.bursts, 4);
  assert.equal(cpu.workSeconds, 6.5);
  assert.equal(cpu.waitSeconds, 0 + 2 + 4 + 0);
  assert.equal(cpu.busySeconds(10), 6.5);
  assert.equal(cpu.utilisation(10), 0.65);
  assert.throws(() => cpu.hold(-1, done, 'e'), /cpu: CPU burst must be >= 0 s, got -1/);
});

test('cpu: a reading mid-burst counts the part so far; a reset mid-burst counts the rest from the reset', () => {
  const cal = new Calendar();
  const cpu = new Cpu(cal, 'cpu');
  cpu.hold(4, () => {}, null); // busy 0-4
  cpu.hold(2, () => {}, null); // busy 4-6
  const seen: number[] = [];
  cal.scheduleAt(3, () => seen.push(cpu.busySeconds(3)), undefined, Priority.Urgent);
  cal.scheduleAt(5, () => cpu.resetStats(), undefined, Priority.Urgent);
  cal.scheduleAt(8, () => seen.push(cpu.busySeconds(8), cpu.utilisation(8)), undefined, Priority.Urgent);
  cal.run();
  // 3 s of the first burst at t = 3; after the reset at 5, 1 s of the second (5-6) in 3 s.
  assert.deepEqual(seen, [3, 1, 1 / 3]);
});

/**
 * The reference: a FIFO Resource of one server (its hold() queues a ticket, grants it at the
 * previous release, and counts the busy level in a TimeWeighted). The virtual clock must give
 * the same end times and the same busy integral, bit for bit, since results stay byte-identical
 * only if it does.
 */
test('cpu: same end times and the same busy time, to the last bit, as a one-server FIFO Resource', () => {
  const burst = fc.record({
    at: fc.double({ min: 0, max: 50, noNaN: true }),
    seconds: fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constant(0)),
    // A continuation that asks for a further burst at once (the proxy's connect spin does).
    again: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
  });
  fc.assert(
    fc.property(
      fc.array(burst, { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: 0, max: 120, noNaN: true }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 0, max: 60, noNaN: true }),
      (bursts, readings, resetAt) => {
        const run = (kind: 'cpu' | 'resource') => {
          const cal = new Calendar();
          const res = new Resource(cal, 1);
          const cpu = new Cpu(cal, 'cpu');
          const hold = <A>(s: number, then: (a: A) => void, a: A): void =>
            kind === 'cpu' ? cpu.hold(s, then, a) : res.hold(s, then, a);
          const busy = (t: number): number => (kind === 'cpu' ? cpu.busySeconds(t) : res.busy.integral(t));
          const ends: string[] = [];
          const read: number[] = [];
          bursts.forEach((b, i) =>
            cal.scheduleAt(b.at, () =>
              hold(
                b.seconds,
                () => {
                  ends.push(`${i}@${cal.now}`);
                  if (b.again !== null) hold(b.again, () => ends.push(`${i}'@${cal.now}`), null);
                },
                null,
              ),
            ),
          );
          cal.scheduleAt(
            resetAt,
            () => (kind === 'cpu' ? cpu.resetStats() : res.resetStats()),
            undefined,
            Priority.Urgent,
          );
          for (const t of readings) cal.scheduleAt(t, () => read.push(busy(t)), undefined, Priority.Urgent);
          cal.run();
          return { ends: ends.sort(), read: read.map((x) => x.toString()) };
        };
        const cpu = run('cpu');
        const reference = run('resource');
        // Sorted: the order of two ends at the very same instant may differ (see cpu.ts).
        assert.deepEqual(cpu.ends, reference.ends);
        assert.deepEqual(cpu.read, reference.read);
      },
    ),
    { numRuns: 300 },
  );
});
