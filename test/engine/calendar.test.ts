import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar, Priority } from '../../src/engine/calendar.js';
import { NEAR_CAP } from '../../src/engine/near-queue.js';
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

test('at one instant Urgent events fire before Normal ones, each group in scheduling order', () => {
  const cal = new Calendar();
  const seen: string[] = [];
  cal.scheduleAt(5, () => seen.push('n1'));
  cal.timeout(5, () => seen.push('n2 (timeout)'));
  cal.scheduleAt(5, () => seen.push('u1'), undefined, Priority.Urgent);
  cal.scheduleAt(5, () => seen.push('n3'));
  cal.scheduleAt(5, () => seen.push('u2'), undefined, Priority.Urgent);
  cal.scheduleAt(4, () => seen.push('n0 at 4'));
  cal.run();
  assert.deepEqual(seen, ['n0 at 4', 'u1', 'u2', 'n1', 'n2 (timeout)', 'n3']);
});

test('runUntil(t, Urgent) runs the control events at t and stops before the model events at t', () => {
  const cal = new Calendar();
  const seen: string[] = [];
  cal.scheduleAt(2, () => seen.push('model at 2'));
  cal.scheduleAt(1, () => cal.scheduleAt(2, () => seen.push('sample at 2'), undefined, Priority.Urgent));
  cal.scheduleAt(1.5, () => seen.push('model at 1.5'));
  cal.runUntil(2, Priority.Urgent);
  assert.deepEqual(seen, ['model at 1.5', 'sample at 2']);
  assert.equal(cal.now, 2);
  assert.equal(cal.pending, 1);
  cal.runUntil(2);
  assert.deepEqual(seen, ['model at 1.5', 'sample at 2', 'model at 2']);
});

test('timeouts: same delay in one FIFO lane; a cancelled one never fires and leaves the order intact', () => {
  const cal = new Calendar();
  const seen: string[] = [];
  const a = cal.timeout(10, () => seen.push('a@10'));
  cal.schedule(3, () => {
    seen.push('x@3');
    cal.timeout(10, () => seen.push('c@13'));
    cal.schedule(10, () => seen.push('d@13 (heap, scheduled after c)'));
  });
  const b = cal.timeout(10, () => seen.push('b@10'));
  cal.timeout(7, () => seen.push('e@7'));
  assert.equal(cal.pending, 4);
  assert.equal(cal.cancel(a), true);
  assert.equal(cal.cancel(a), false);
  assert.equal(cal.pending, 3);
  cal.run();
  assert.deepEqual(seen, ['x@3', 'e@7', 'b@10', 'c@13', 'd@13 (heap, scheduled after c)']);
  assert.equal(cal.cancel(b), false, 'fired');
  assert.equal(cal.pending, 0);
  assert.equal(cal.now, 13);
});

test('timeouts: cancelling the head of a lane hands the heap to the next live one, even all of them', () => {
  const cal = new Calendar();
  const fired: number[] = [];
  const hs = [0, 1, 2, 3].map((i) => cal.timeout(5, (x: number) => fired.push(x), i));
  cal.cancel(hs[0]);
  cal.cancel(hs[1]);
  cal.cancel(hs[3]);
  assert.equal(cal.peekTime(), 5);
  cal.run();
  assert.deepEqual(fired, [2]);
  const more = [0, 1].map((i) => cal.timeout(5, (x: number) => fired.push(x), 10 + i));
  for (const h of more) cal.cancel(h);
  assert.equal(cal.peekTime(), Infinity);
  assert.equal(cal.step(), false);
  cal.timeout(5, (x: number) => fired.push(x), 20);
  cal.run();
  assert.deepEqual(fired, [2, 20]);
  assert.equal(cal.now, 10);
});

test('lane stress: timeouts of 3 delays, events and cancels fire exactly as a sorted reference', () => {
  const rng = new StreamFactory(9).stream('lanes');
  const cal = new Calendar();
  const fired: number[] = [];
  const expected: [number, number][] = [];
  const handles = new Map<number, number>();
  const cancelled = new Set<number>();
  let id = 0;
  // Each firing schedules up to two more: a timeout of 1, 2.5 or 900 s, or an event of a random
  // delay, and sometimes cancels a random pending one; the reference is (time, scheduling order).
  const onFire = (me: number): void => {
    fired.push(me);
    handles.delete(me);
    if (id >= 20_000) return;
    for (let k = 0; k < 2; k++) {
      const n = id++;
      const r = rng.next();
      const delay = r < 0.6 ? [1, 2.5, 900][Math.floor(rng.next() * 3)] : Math.floor(rng.next() * 40) / 4;
      const h = r < 0.6 ? cal.timeout(delay, onFire, n) : cal.schedule(delay, onFire, n);
      handles.set(n, h);
      expected.push([cal.now + delay, n]);
    }
    const victim = Math.floor(rng.next() * id);
    if (handles.has(victim)) {
      assert.ok(cal.cancel(handles.get(victim)!));
      handles.delete(victim);
      cancelled.add(victim);
    }
  };
  for (let i = 0; i < 50; i++) {
    const n = id++;
    handles.set(n, cal.timeout(1, onFire, n));
    expected.push([1, n]);
  }
  cal.run();
  const ref = expected
    .filter(([, n]) => !cancelled.has(n))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, n]) => n);
  assert.ok(cancelled.size > 1000, `${cancelled.size} cancelled`);
  assert.equal(fired.length, ref.length);
  assert.deepEqual(fired, ref);
});

test('timeouts: a stale handle of a cancelled timeout cannot cancel the event reusing its slot', () => {
  const cal = new Calendar();
  const h = cal.timeout(1, () => {});
  cal.cancel(h);
  cal.run(); // the lane drops the cancelled timeout and frees its slot
  let fired = false;
  cal.timeout(1, () => (fired = true)); // reuses the slot
  assert.equal(cal.cancel(h), false);
  cal.run();
  assert.ok(fired);
});

/**
 * A calendar checked against its contract: events scheduled with `add` record when they fire
 * and then call `next`; `cancelOne` cancels a pending one; `reference()` is the order the
 * contract gives the ones not cancelled: (time, priority, sequence).
 */
function contractCheck(next: () => void): {
  cal: Calendar;
  fired: number[];
  cancelled: Set<number>;
  count: () => number;
  add: (time: number, priority: Priority) => void;
  cancelOne: (victim: number) => void;
  reference: () => number[];
} {
  const cal = new Calendar();
  const fired: number[] = [];
  const expected: [number, number, number][] = []; // time, priority, id (= scheduling order)
  const handles = new Map<number, number>();
  const cancelled = new Set<number>();
  const onFire = (me: number): void => {
    fired.push(me);
    handles.delete(me);
    next();
  };
  return {
    cal,
    fired,
    cancelled,
    count: () => expected.length,
    add: (time, priority) => {
      const n = expected.length;
      handles.set(n, cal.scheduleAt(time, onFire, n, priority));
      expected.push([time, priority, n]);
    },
    cancelOne: (victim) => {
      if (!handles.has(victim)) return;
      assert.ok(cal.cancel(handles.get(victim)!));
      handles.delete(victim);
      cancelled.add(victim);
    },
    reference: () =>
      expected
        .filter(([, , n]) => !cancelled.has(n))
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
        .map(([, , n]) => n),
  };
}

test('near and far heaps: ties across both, both priorities, cancels and runUntil pauses keep (time, priority, sequence) order', () => {
  // Sleepers 30 min ahead (far heap) share exact times with short chains of millisecond work
  // (near queue) and with Urgent control events; some of each are cancelled; the run pauses at
  // those shared instants. The reference is the single sorted order of the calendar's contract.
  const rng = new StreamFactory(13).stream('near-far');
  const ties = [1800, 1800.5, 3600, 3600.001];
  const c = contractCheck(() => {
    if (c.count() >= 30_000) return;
    const now = c.cal.now;
    const r = rng.next();
    if (r < 0.3) c.add(ties[Math.floor(rng.next() * ties.length)] + 1800 * Math.floor(now / 1800), Priority.Normal);
    else if (r < 0.4) c.add(now + 1800, r < 0.35 ? Priority.Urgent : Priority.Normal);
    else c.add(now + Math.floor(rng.next() * 8) / 1000, Priority.Normal);
    if (rng.next() < 0.2) c.add(now, Priority.Normal); // same instant, fires after me
    c.cancelOne(Math.floor(rng.next() * c.count()));
  });
  for (let i = 0; i < 1000; i++) c.add(ties[i % ties.length], i % 7 === 0 ? Priority.Urgent : Priority.Normal);
  for (let i = 0; i < 50; i++) c.add(Math.floor(rng.next() * 100) / 1000, Priority.Normal);
  for (let t = 1800; c.cal.pending > 0; t += 1800) {
    c.cal.runUntil(t, Priority.Urgent); // pause between an instant's control and model events
    c.cal.runUntil(t);
  }
  const ref = c.reference();
  assert.ok(c.cancelled.size > 1000, `${c.cancelled.size} cancelled`);
  assert.equal(c.fired.length, ref.length);
  assert.deepEqual(c.fired, ref);
});

test('near queue past its cap: thousands of events inside the horizon, cancels and ties with spilled ones keep (time, priority, sequence) order', () => {
  // One event at 0 schedules 5,000 more inside the first horizon (the first refill puts it 1 s
  // ahead), far more than the near queue holds (NEAR_CAP), so its latest half is handed back to
  // the far heap again and again; times on a 1 ms grid tie across the spills, and the events
  // add more at their own instant and a few ms on, and Urgent ones among the Normal.
  assert.ok(NEAR_CAP < 5000);
  const rng = new StreamFactory(21).stream('spill');
  const c = contractCheck(() => {
    if (c.count() >= 20_000) return;
    const now = c.cal.now;
    if (rng.next() < 0.3) c.add(now, Priority.Normal); // same instant, fires after me
    // An Urgent one only ahead: one for this instant could not pass events already fired.
    if (rng.next() < 0.5)
      c.add(now + (1 + Math.floor(rng.next() * 5)) / 1000, rng.next() < 0.2 ? Priority.Urgent : Priority.Normal);
    const victim = Math.floor(rng.next() * c.count());
    if (rng.next() < 0.3) c.cancelOne(victim);
  });
  c.cal.scheduleAt(0, () => {
    for (let i = 0; i < 5000; i++)
      c.add(Math.floor(rng.next() * 900) / 1000, rng.next() < 0.1 ? Priority.Urgent : Priority.Normal);
  });
  c.cal.run();
  assert.ok(c.cancelled.size > 100, `${c.cancelled.size} cancelled`);
  assert.deepEqual(c.fired, c.reference());
});

test('runUntil with a budget: at most that many events a call, false until it gets there, the same order as one call', () => {
  const build = (): { cal: Calendar; seen: number[] } => {
    const cal = new Calendar();
    const seen: number[] = [];
    const rng = new StreamFactory('budget').stream('t');
    // Events that schedule more, ties included, and a few cancelled.
    for (let i = 0; i < 200; i++) {
      const id = i;
      const h = cal.schedule(Math.floor(rng.next() * 20), () => {
        seen.push(id);
        if (id % 3 === 0) cal.schedule(Math.floor(rng.next() * 5), () => seen.push(1000 + id));
      });
      if (id % 17 === 0) cal.cancel(h);
    }
    return { cal, seen };
  };
  const whole = build();
  assert.equal(whole.cal.runUntil(15), true);
  const stepped = build();
  let calls = 0;
  for (;;) {
    const before = stepped.seen.length;
    const done = stepped.cal.runUntil(15, Priority.Normal, 7);
    calls++;
    assert.ok(stepped.seen.length - before <= 7, `call ${calls} fired ${stepped.seen.length - before}`);
    if (done) break;
    assert.ok(stepped.cal.now <= 15);
  }
  assert.ok(calls > whole.seen.length / 7, `${calls} calls`);
  assert.deepEqual(stepped.seen, whole.seen);
  assert.equal(stepped.cal.now, 15);
  assert.equal(stepped.cal.executed, whole.cal.executed);
});
