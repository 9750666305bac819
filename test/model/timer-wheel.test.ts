/**
 * Linux's timer wheel (timer-wheel.ts, kernel/time/timer.c calc_wheel_index): hand-counted
 * expiry times at HZ 250 (4 ms jiffies), and the burst it makes of SYN retransmissions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Conn } from '../../src/model/connection.js';
import { Listener } from '../../src/model/kernel.js';
import { tcpConnect } from '../../src/model/tcp-connect.js';
import { timerFiresAt } from '../../src/model/timer-wheel.js';

test('hz 0 (or absent): timers fire at exactly now + delay', () => {
  assert.equal(timerFiresAt(0.3, 1, 0), 1.3);
  assert.equal(timerFiresAt(0.3, 1, undefined), 1.3);
});

test('HZ 250: a timer fires at the next bucket boundary of its wheel level, never early', () => {
  // 0.2 s = 50 jiffies < 63: level 0 (1 jiffy buckets), one jiffy past its expiry: 51 jiffies.
  assert.equal(timerFiresAt(0, 0.2, 250), 51 / 250);
  // 1 s = 250 jiffies: level 1 (8-jiffy buckets): (floor(250 / 8) + 1) * 8 = 256 jiffies.
  assert.equal(timerFiresAt(0, 1, 250), 256 / 250);
  // Armed at jiffy 125 (0.5 s): expires 375, bucket (46 + 1) * 8 = 376.
  assert.equal(timerFiresAt(0.5, 1, 250), 376 / 250);
  // 2 s = 500 jiffies, still level 1 (< 504): (62 + 1) * 8 = 504.
  assert.equal(timerFiresAt(0, 2, 250), 504 / 250);
  // 4 s = 1000 jiffies: level 2 (64-jiffy buckets): (15 + 1) * 64 = 1024.
  assert.equal(timerFiresAt(0, 4, 250), 1024 / 250);
  // 16 s = 4000 jiffies, level 2 (< 4032): (62 + 1) * 64 = 4032; 17 s = 4250, level 3 (512): 4608.
  assert.equal(timerFiresAt(0, 16, 250), 4032 / 250);
  assert.equal(timerFiresAt(0, 17, 250), 4608 / 250);
});

test('SYNs dropped within the same 8-jiffy bucket are retransmitted together on a 250 Hz client, apart without the wheel', () => {
  const sends = (clientTimerHz: number): number[] => {
    const sim = new Simulation(1);
    const l = new Listener(sim.cal, 'full', 0, 4096, 'drop-syn'); // capacity 1, nobody accepts
    l.offer(new Conn(sim.cal, { index: 99, network: 0 }));
    const at: number[] = [];
    const offer = l.offer.bind(l);
    l.offer = (c) => (at.push(sim.now), offer(c));
    const policy = { synRetries: 1, initialRto: 1, clientTimerHz };
    // Dropped at 4, 12 and 20 ms (jiffies 1, 3, 5): expiries 251, 253, 255, all before bucket 256.
    for (const [i, t] of [0.004, 0.012, 0.02].entries())
      sim.cal.scheduleAt(t, () =>
        tcpConnect(sim.cal, l, new Conn(sim.cal, { index: i, network: 0 }), policy, 0, () => {}),
      );
    sim.cal.runUntil(1.5);
    return at.map((t) => Math.round(t * 1e9) / 1e9);
  };
  assert.deepEqual(sends(250), [0.004, 0.012, 0.02, 1.024, 1.024, 1.024]);
  assert.deepEqual(sends(0), [0.004, 0.012, 0.02, 1.004, 1.012, 1.02]);
});
