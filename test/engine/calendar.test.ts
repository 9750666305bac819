import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar } from '../../src/engine/calendar.js';
import { StreamFactory } from '../../src/engine/random.js';

test('events fire in time order, and FIFO among equal times', () => {
  const cal = new Calendar();
  const seen: string[] = [];
  cal.schedule(2, () => seen.push('b'));
  cal.schedule(1, () => seen.push('a1'));
  cal.schedule(1, () => seen.push('a2'));
  cal.schedule(0, () => cal.schedule(1, () => seen.push('a3'))); // scheduled later, same time
  cal.run();
  assert.deepEqual(seen, ['a1', 'a2', 'a3', 'b']);
  assert.equal(cal.now, 2);
});

test('cancel: a cancelled event never fires; cancel returns true once, false after firing', () => {
  const cal = new Calendar();
  let fired = 0;
  const h = cal.schedule(1, () => fired++);
  const k = cal.schedule(2, () => fired++);
  assert.equal(cal.pending, 2);
  assert.equal(cal.cancel(h), true);
  assert.equal(cal.cancel(h), false);
  assert.equal(cal.pending, 1);
  cal.run();
  assert.equal(fired, 1);
  assert.equal(cal.cancel(k), false);
});

test('a stale handle cannot cancel the event now using its reused slot', () => {
  const cal = new Calendar();
  const h = cal.schedule(1, () => {});
  cal.run();
  let fired = false;
  cal.schedule(1, () => (fired = true)); // reuses the slot
  assert.equal(cal.cancel(h), false);
  cal.run();
  assert.ok(fired);
});

test('runUntil is inclusive and advances now; scheduling in the past throws', () => {
  const cal = new Calendar();
  const seen: number[] = [];
  for (const t of [1, 2, 3]) cal.scheduleAt(t, () => seen.push(t));
  cal.runUntil(2);
  assert.deepEqual(seen, [1, 2]);
  assert.equal(cal.now, 2);
  cal.runUntil(2.5);
  assert.equal(cal.now, 2.5);
  assert.throws(() => cal.scheduleAt(1, () => {}), RangeError);
  assert.throws(() => cal.schedule(-1, () => {}), RangeError);
  assert.throws(() => cal.schedule(NaN, () => {}), RangeError);
});

test('heap stress: random schedules and cancels match a sorted reference', () => {
  const rng = new StreamFactory(5).stream('stress');
  const cal = new Calendar();
  const expected: [number, number][] = [];
  const fired: number[] = [];
  const handles: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = Math.floor(rng.next() * 1000) / 10; // many ties
    handles.push(cal.scheduleAt(t, (id: number) => fired.push(id), i));
    expected.push([t, i]);
  }
  const cancelled = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const id = Math.floor(rng.next() * 20_000);
    if (!cancelled.has(id)) {
      assert.ok(cal.cancel(handles[id]));
      cancelled.add(id);
    }
  }
  cal.run();
  const ref = expected
    .filter(([, i]) => !cancelled.has(i))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
  assert.deepEqual(fired, ref);
});
