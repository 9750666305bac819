import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLengthWarnings } from '../../src/scenario/run-length.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';

const scenario = (o: Partial<ScenarioInput>): Scenario =>
  Scenario.parse({
    name: 't',
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 10 }] },
    clients: [{ kind: 'chef' }],
    ...o,
  });

test('a chef daemon (30 min + up to 5 min splay) needs 3 x 35 min = 105 min measured', () => {
  assert.deepEqual(runLengthWarnings(scenario({ duration: 6300 })), []);
  assert.equal(runLengthWarnings(scenario({ duration: 6299 })).length, 1);
  const w = runLengthWarnings(scenario({ duration: 6000 }));
  assert.equal(w.length, 1);
  assert.match(w[0], /^clients\[0\] \(chef\): 100 min measured spans fewer than 3 cycles .*measure at least 105 min$/);
  assert.match(runLengthWarnings(scenario({ duration: 1800 }))[0], /30\.0 min measured/);
});

test('chef from cron (every 4 h) needs 12 h measured; cloud-init has no cycle', () => {
  const cron = scenario({ duration: 6 * 3600, clients: [{ kind: 'chef', schedule: 'cron' }] });
  assert.match(runLengthWarnings(cron)[0], /measure at least 12\.0 h$/);
  assert.deepEqual(runLengthWarnings(scenario({ duration: 600, clients: [{ kind: 'cloud-init' }] })), []);
});

test('a warm-up shorter than the mean chef run hold (5 s before ohai + 62.8 s after) is flagged', () => {
  // preOhai uniform 2-8 s: mean 5 s; restOfRun lognormal median 45 s, p99 300 s: mean 45 e^(s^2/2), s = ln(300/45)/2.3263.
  const sigma = Math.log(300 / 45) / 2.3263478740408408;
  const hold = 5 + 45 * Math.exp((sigma * sigma) / 2);
  assert.equal(hold.toFixed(1), '67.8');
  assert.deepEqual(runLengthWarnings(scenario({ warmup: 68 })), []);
  const w = runLengthWarnings(scenario({ warmup: 67 }));
  assert.equal(w.length, 1);
  assert.match(w[0], /warm-up \(67\.0 s\) is shorter than the 67\.8 s a chef run holds/);
  assert.deepEqual(runLengthWarnings(scenario({ warmup: 'auto' })), [], 'auto warm-up is measured, not set');
});
