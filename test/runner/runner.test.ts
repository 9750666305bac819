import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../../src/runner/run-scenario.js';
import { mser5 } from '../../src/runner/warmup.js';
import { StreamFactory } from '../../src/engine/random.js';
import { Scenario } from '../../src/scenario/schema.js';

const small = (over: Record<string, unknown> = {}) =>
  Scenario.parse({
    name: 'runner',
    duration: 900,
    warmup: 120,
    replications: 4,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 100 }] },
    clients: [{ kind: 'chef', interval: 300, splay: 60, ohai: { version: 'post-995' } }],
    ...over,
  });

test('results are byte-identical with 1 and 2 worker threads, and differ with another seed', async () => {
  const s = small();
  const one = JSON.stringify(await runScenario(s, { workers: 1 }));
  const two = JSON.stringify(await runScenario(s, { workers: 2 }));
  assert.equal(two, one);
  const other = JSON.stringify(await runScenario(s, { workers: 1, seed: 99 }));
  assert.notEqual(other, one);
});

test('the sequential rule stops when the CI is tight enough, or at the cap, and says which', async () => {
  const loose = await runScenario(
    small({ replications: { min: 2, max: 6, relativeHalfWidth: 0.5, metrics: ['p50'] } }),
    { workers: 2 },
  );
  assert.equal(loose.meta.stopReason, 'precision');
  assert.ok(loose.latency.p50.halfWidth <= 0.5 * loose.latency.p50.mean);
  const strict = await runScenario(
    // The mean, not p99: a p99 can sit in the same histogram bucket in every replication
    // (a half-width of 0 meets any target).
    small({ replications: { min: 2, max: 3, relativeHalfWidth: 1e-9, metrics: ['mean'] } }),
    { workers: 2 },
  );
  assert.equal(strict.meta.stopReason, 'max-replications');
  assert.equal(strict.meta.replications, 3);
  // The kept replications do not depend on the worker count.
  const w1 = await runScenario(small({ replications: { min: 2, max: 6, relativeHalfWidth: 0.5, metrics: ['p50'] } }), {
    workers: 1,
  });
  assert.equal(JSON.stringify(w1), JSON.stringify(loose));
});

test('MSER-5 truncates an initial transient and keeps a stationary series whole', () => {
  const rng = new StreamFactory(3).stream('mser');
  const noise = () => rng.next() - 0.5;
  const stationary = Array.from({ length: 2000 }, () => 10 + noise());
  assert.ok(mser5(stationary) <= 100, `stationary cut at ${mser5(stationary)}`);
  // 300 observations decaying from +50 to the steady level.
  const transient = Array.from({ length: 2000 }, (_, i) => 10 + noise() + (i < 300 ? 50 * (1 - i / 300) : 0));
  const cut = mser5(transient);
  assert.ok(cut >= 200 && cut <= 400, `transient cut at ${cut}`);
});

test('warmup "auto" resolves to a number from a pilot run and is recorded', async () => {
  const r = await runScenario(small({ warmup: 'auto', replications: 2 }), { workers: 1 });
  assert.equal(typeof r.meta.warmup, 'number');
  assert.ok(r.meta.warmup >= 0 && r.meta.warmup <= 900);
});
