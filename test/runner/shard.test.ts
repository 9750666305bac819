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
  // A missing shard is named by its index (an array job's task id) with the command to rerun it.
  assert.throws(
    () => mergePartials(points, [a]),
    (e: Error) =>
      e instanceof ShardError &&
      e.message ===
        'merge: shard 1 of 2 is missing (the task failed or its partial file was not given); rerun it with --shard 1/2',
  );
  assert.throws(() => mergePartials(points, [a, b, b]), /appears twice/);
  assert.throws(() => mergePartials([point(6)], [a, b]), /do not match this study/);
  assert.doesNotThrow(() => mergePartials(points, [b, a]));
});

test('merge names at most 10 missing shards, and checks partials cut differently task by task', async () => {
  const points = [point(5)];
  // Shard 0 of 1000 holds replication 0; the other 999 shards (2 of them with tasks) are missing.
  const a = await runShard(points, { index: 0, count: 1000 }, { workers: 1 });
  assert.throws(
    () => mergePartials(points, [a]),
    /^ShardError: merge: shards 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 989 more of 1000 are missing .*rerun each with --shard i\/1000$/,
  );
  // Shard 1 of 2 holds replication 1 and shard 0 of 3 replication 0: replication 2 is missing.
  const b = await runShard(points, { index: 1, count: 2 }, { workers: 1 });
  const c = await runShard(points, { index: 0, count: 3 }, { workers: 1 });
  assert.throws(() => mergePartials(points, [b, c]), /merge: proxy.eventlet.poolSize=5 replication 2 is missing/);
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
