import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../../src/runner/run-scenario.js';
import { mergePartials, resolveShard, runShard, ShardError, type StudyPoint } from '../../src/runner/shard.js';
import { Scenario } from '../../src/scenario/schema.js';

const point = (poolSize: number): StudyPoint => ({
  label: `proxy.eventlet.poolSize=${poolSize}`,
  scenario: Scenario.parse({
    name: `pool ${poolSize}`,
    duration: 900,
    warmup: 120,
    replications: 3,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 120 }] },
    proxy: { eventlet: { poolSize } },
    clients: [{ kind: 'chef', interval: 300, splay: 60 }],
  }),
});

test('sharded == unsharded: three shards merged give byte-identical results', async () => {
  const points = [point(5), point(50)];
  const partials = [];
  for (let i = 0; i < 3; i++) partials.push(await runShard(points, { index: i, count: 3 }, { workers: 1 }));
  // Partials travel as files: round-trip them through JSON like the CLI does.
  const merged = mergePartials(
    points,
    partials.map((p) => JSON.parse(JSON.stringify(p))),
  );
  for (let i = 0; i < points.length; i++) {
    const direct = await runScenario(points[i].scenario, { workers: 1 });
    assert.equal(JSON.stringify(merged[i]), JSON.stringify(direct), `point ${i}`);
  }
});

test('merge refuses missing, duplicated and foreign shards', async () => {
  const points = [point(5)];
  const a = await runShard(points, { index: 0, count: 2 }, { workers: 1 });
  const b = await runShard(points, { index: 1, count: 2 }, { workers: 1 });
  assert.throws(() => mergePartials(points, [a]), /replication 1 is missing/);
  assert.throws(() => mergePartials(points, [a, b, b]), /appears twice/);
  assert.throws(() => mergePartials([point(6)], [a, b]), /do not match this study/);
  assert.doesNotThrow(() => mergePartials(points, [b, a]));
});

test('the shard index comes from the argument or from Kubernetes / Slurm array variables', () => {
  assert.deepEqual(resolveShard('2/5', {}), { index: 2, count: 5 });
  assert.deepEqual(resolveShard('auto/4', { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
  assert.deepEqual(resolveShard('/4', { SLURM_ARRAY_TASK_ID: '1' }), { index: 1, count: 4 });
  assert.deepEqual(resolveShard('auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' }), {
    index: 0,
    count: 2,
  });
  assert.throws(() => resolveShard('5/5', {}), ShardError);
  assert.throws(() => resolveShard('auto/4', {}), /JOB_COMPLETION_INDEX/);
  assert.throws(() => resolveShard('x', {}), ShardError);
});
