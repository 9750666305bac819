import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEAR_CAP, NearQueue } from '../../src/engine/near-queue.js';
import { StreamFactory } from '../../src/engine/random.js';

/** Takes every entry, next first, as "time/key". */
const drain = (q: NearQueue): string[] => {
  const out: string[] = [];
  while (q.size > 0) {
    out.push(`${q.times[q.top]}/${q.keys[q.top]}`);
    q.pop();
  }
  return out;
};

test('near queue: random pushes with tied times come out in (time, key) order, past its initial size', () => {
  const rng = new StreamFactory(3).stream('near');
  const q = new NearQueue();
  const ref: [number, number][] = [];
  for (let key = 0; key < 3 * NEAR_CAP; key++) {
    const time = Math.floor(rng.next() * 50) / 10; // ~6 entries per time
    q.push(time, key, key);
    ref.push([time, key]);
  }
  ref.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(
    drain(q),
    ref.map(([t, k]) => `${t}/${k}`),
  );
});

test('near queue: an appended batch is taken in the order given; spill hands back the latest and returns the earliest of them', () => {
  const q = new NearQueue();
  for (let i = 0; i < 10; i++) q.append(i, 100 + i, i);
  q.endAppend();
  assert.equal(q.slots[q.top], 0);
  const spilled: number[] = [];
  const horizon = q.spill(4, 99, (t) => spilled.push(t));
  assert.deepEqual(spilled, [9, 8, 7, 6]);
  assert.equal(horizon, 6);
  assert.deepEqual(drain(q), ['0/100', '1/101', '2/102', '3/103', '4/104', '5/105']);
});

test('near queue: a spill takes the entries tied with its earliest too, and none if that would be all', () => {
  const q = new NearQueue();
  for (const [t, k] of [
    [1, 0],
    [2, 1],
    [2, 2],
    [2, 3],
    [3, 4],
  ])
    q.push(t, k, k);
  const spilled: number[] = [];
  // Asked for the latest two (3 and one 2): the other 2s go as well, so 1 is all that is left.
  assert.equal(
    q.spill(2, 99, (_t, k) => spilled.push(k)),
    2,
  );
  assert.deepEqual(spilled, [4, 3, 2, 1]);
  assert.deepEqual(drain(q), ['1/0']);
  for (const k of [5, 6, 7]) q.push(4, k, k);
  assert.equal(
    q.spill(1, 99, () => assert.fail('nothing may move')),
    99,
  );
  assert.equal(q.size, 3);
});
