/**
 * The ring-buffer FIFO (fifo.ts) behind the resources' run queues and the listeners' accept
 * queues: order, absolute positions across growth and wrap-around, and tombstones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fifo } from '../../src/engine/fifo.js';

test('items come out in push order while the ring grows and wraps, against a plain array', () => {
  const q = new Fifo<number>();
  const ref: number[] = [];
  let next = 0;
  // Interleave pushes and shifts so the head wraps many times and the ring doubles past 16.
  for (let round = 0; round < 200; round++) {
    const pushes = (round * 7) % 23;
    const shifts = (round * 5) % 19;
    for (let i = 0; i < pushes; i++) {
      q.push(next);
      ref.push(next++);
    }
    for (let i = 0; i < shifts; i++) assert.equal(q.shift(), ref.shift());
    assert.equal(q.length, ref.length);
    for (let i = 0; i < ref.length; i++) assert.equal(q.at(i), ref[i]);
  }
  assert.equal(q.at(-1), undefined);
  assert.equal(q.at(q.length), undefined);
});

test('set() reaches an item by the position push() returned, after growth; not once it has left', () => {
  const q = new Fifo<string | null>();
  const pos: number[] = [];
  for (let i = 0; i < 5; i++) q.push('x');
  for (let i = 0; i < 5; i++) q.shift();
  for (let i = 0; i < 40; i++) pos.push(q.push(`t${i}`)); // grows 16 -> 64 with the head at 5
  assert.deepEqual([pos[0], pos[39]], [5, 44]);
  q.set(pos[3], null);
  q.set(pos[39], null);
  const first = q.shift();
  q.set(pos[0], 'stale'); // already shifted: no effect
  const out = [first];
  while (q.length > 0) out.push(q.shift()!);
  assert.equal(out.length, 40);
  assert.equal(out[0], 't0');
  assert.equal(out[3], null);
  assert.equal(out[39], null);
  assert.equal(out.filter((x) => x === null).length, 2);
});

test('clear() empties the queue; positions keep counting', () => {
  const q = new Fifo<number>();
  q.push(1);
  q.push(2);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
  assert.equal(q.push(3), 2);
  assert.equal(q.shift(), 3);
});

test('positions beyond 2^32 map into the ring (the bitwise mask works modulo 2^32)', () => {
  const q = new Fifo<number>();
  const internal = q as unknown as { head: number; tail: number };
  internal.head = internal.tail = 2 ** 33 - 3;
  for (let i = 0; i < 20; i++) q.push(i);
  for (let i = 0; i < 20; i++) assert.equal(q.shift(), i);
});
