/**
 * A lazily armed timeout (lazy-deadline.ts): a chef-client's read timer across its sequential
 * GETs, and a connection's idle timer (test/model/idle-timer.test.ts). Each GET must still time
 * out at exactly its send time + the read timeout, and a GET answered in time must never see a
 * timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar } from '../../src/engine/calendar.js';
import { LazyDeadline } from '../../src/engine/lazy-deadline.js';

interface Waiter {
  readTimedOut(): void;
}
const readTimer = (cal: Calendar): LazyDeadline<Waiter> => new LazyDeadline<Waiter>(cal, (w) => w.readTimedOut());

/** GETs sent at `sends[i]`, answered after `answers[i]` seconds (Infinity: never); what happened when. */
function crawl(sends: number[], answers: number[], timeout: number): { seen: string[]; cal: Calendar } {
  const cal = new Calendar();
  const timer = readTimer(cal);
  const seen: string[] = [];
  sends.forEach((at, i) => {
    const get = { done: false, readTimedOut: () => seen.push(`timeout ${i}@${cal.now}`) };
    cal.scheduleAt(at, () => {
      timer.arm(timeout, get);
      if (answers[i] !== Infinity)
        cal.schedule(answers[i], () => {
          timer.disarm();
          seen.push(`reply ${i}@${cal.now}`);
        });
    });
  });
  cal.run();
  return { seen, cal };
}

test('sequential GETs answered in time never time out, and the timer leaves nothing pending', () => {
  const sends = Array.from({ length: 30 }, (_, i) => i * 5); // 150 s of GETs, past two 60 s periods
  const { seen, cal } = crawl(
    sends,
    sends.map(() => 1),
    60,
  );
  assert.equal(seen.filter((s) => s.startsWith('timeout')).length, 0);
  assert.equal(seen.length, 30);
  assert.equal(cal.pending, 0);
});

test("a GET late in a crawl times out at its own send + 60 s, not at the first GET's timer", () => {
  // GETs at 0, 10, 20 answered; the one sent at 30 never is: its timeout is at 90.
  const { seen } = crawl([0, 10, 20, 30], [1, 1, 1, Infinity], 60);
  assert.deepEqual(seen.at(-1), 'timeout 3@90');
  assert.equal(seen.length, 4);
});

test('the first GET unanswered times out at 60 s exactly; a GET after that gets a fresh timer', () => {
  const { seen } = crawl([0, 100], [Infinity, Infinity], 60);
  assert.deepEqual(seen, ['timeout 0@60', 'timeout 1@160']);
});

test('a shorter timeout after a longer one fires at its own deadline', () => {
  const cal = new Calendar();
  const timer = readTimer(cal);
  const seen: number[] = [];
  const get = { readTimedOut: () => seen.push(cal.now) };
  timer.arm(60, get);
  cal.scheduleAt(1, () => timer.disarm());
  cal.scheduleAt(2, () => timer.arm(5, get));
  cal.run();
  assert.deepEqual(seen, [7]);
});
