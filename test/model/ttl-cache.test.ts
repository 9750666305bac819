import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar } from '../../src/engine/calendar.js';
import { TtlCache } from '../../src/model/ttl-cache.js';

/** Whether `key` is fresh at each of `times`, after storing it at `storedAt`. */
function freshAt(ttl: number, storedAt: number, times: number[]): boolean[] {
  const cal = new Calendar();
  const cache = new TtlCache<number>(cal, ttl);
  const out: boolean[] = [];
  cal.scheduleAt(storedAt, () => cache.store(7));
  for (const t of times) cal.scheduleAt(t, () => out.push(cache.fresh(7)));
  cal.run();
  return out;
}

test('a 5 s TTL entry stored at 10 s is fresh at 10 and 14.999 s and stale from 15 s', () => {
  assert.deepEqual(freshAt(5, 10, [9, 10, 14.999, 15, 20]), [false, true, true, false, false]);
});

test('a TTL of 0 caches nothing: never fresh, even at the instant it was stored', () => {
  assert.deepEqual(freshAt(0, 10, [10, 11]), [false, false]);
});

test('storing again restarts the TTL; keys are independent', () => {
  const cal = new Calendar();
  const cache = new TtlCache<string>(cal, 5);
  const seen: [number, boolean, boolean][] = [];
  cal.scheduleAt(0, () => cache.store('r1'));
  cal.scheduleAt(4, () => cache.store('r1'));
  for (const t of [6, 9]) cal.scheduleAt(t, () => seen.push([t, cache.fresh('r1'), cache.fresh('r2')]));
  cal.run();
  assert.deepEqual(seen, [
    [6, true, false],
    [9, false, false],
  ]);
});
