/**
 * A replication run in steps of a few events (the main thread's way with one worker,
 * src/runner/worker-pool.ts) gives the same result, to the byte, as one run; each step fires at
 * most its budget of events, however the work is spread over simulated time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareReplication, simulateReplication } from '../../src/model/simulate.js';
import { Scenario } from '../../src/scenario/schema.js';

// A boot storm: all of its work in the first few minutes of a 10-hour window, so slices of
// simulated time would put nearly every event into the first of them.
const storm = Scenario.parse({
  name: 'storm then quiet',
  duration: '10h',
  warmup: 0,
  topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 200 }] },
  clients: [{ kind: 'cloud-init', boot: { window: 60 } }],
});

test('a boot storm stepped 5,000 events at a time: the same bytes as one run, no step over budget', () => {
  const opts = { seed: 4, replication: 0, warmup: 0 };
  const whole = simulateReplication(storm, opts);
  const run = prepareReplication(storm, opts);
  const budget = 5000;
  let steps = 0;
  let progress = 0;
  for (let over = false; !over; steps++) {
    const before = run.events;
    over = run.advance(budget);
    assert.ok(run.events - before <= budget, `step ${steps}: ${run.events - before} events`);
    assert.ok(run.progress() >= progress && run.progress() <= 1, `progress ${run.progress()}`);
    progress = run.progress();
  }
  assert.ok(whole.events > 4 * budget, `${whole.events} events: enough for several steps`);
  assert.ok(steps >= whole.events / budget, `${steps} steps for ${whole.events} events`);
  assert.equal(JSON.stringify(run.result()), JSON.stringify(whole));
});
