import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Req, StageId } from '../../src/model/connection.js';
import { STAGES } from '../../src/stats/results.js';

test('stage ids: each is its stage position in STAGES, so stage times land in the right column', () => {
  assert.deepEqual(Object.keys(StageId), [...STAGES]);
  STAGES.forEach((s, i) => assert.equal(StageId[s], i, s));
});

test('stage clock: the times of the stages entered add up to the latency, each in its own slot', () => {
  const sim = new Simulation(1);
  const req = new Req(sim.cal, { index: 0, network: 0 }, 0, 'n', false);
  const path: [number, StageId][] = [
    [0.5, StageId.listenQueue],
    [0.75, StageId.proxyCpu],
    [2, StageId.agent],
    [2.25, StageId.nova],
    [3, StageId.agent],
  ];
  for (const [at, stage] of path) sim.cal.scheduleAt(at, () => req.enter(stage));
  sim.cal.scheduleAt(3.5, () => req.finish());
  sim.cal.run();
  // synRetry (the first stage) until 0.5, listenQueue 0.25, proxyCpu 1.25, agent 0.25 + 0.5, nova 0.75.
  assert.deepEqual(req.stages, [0.5, 0.25, 0, 1.25, 0.75, 0, 0.75]);
  assert.equal(
    req.stages.reduce((a, b) => a + b, 0),
    3.5,
  );
});
