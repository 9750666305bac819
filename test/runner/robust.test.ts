import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRobust, robustSetup, runRobust, runRobustShard, type RobustPartial } from '../../src/runner/robust.js';
import { decisiveThreshold, sloHolds } from '../../src/runner/robust-analysis.js';
import { atFraction, planRobust } from '../../src/runner/robust-plan.js';
import { Scenario } from '../../src/scenario/schema.js';

/**
 * A design whose verdict provably depends on one parameter: at 10 requests/s on a pool of 400
 * agent green threads nothing queues, so a request's latency is the agent's measured response
 * time R plus a few milliseconds of proxy CPU. The SLO p50 < 1 s therefore fails exactly when
 * R > 1 s minus those milliseconds (0.2% of 1 s). kernel.initialRto has no effect at all: no
 * SYN is ever dropped at this load.
 */
const synthetic = (name = 'synthetic') =>
  Scenario.parse({
    name,
    duration: 300,
    warmup: 30,
    replications: 2,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 50 }] },
    agent: { responseTime: { kind: 'constant', value: 0.5 } },
    clients: [{ kind: 'periodic', interval: { kind: 'exponential', mean: 5 }, timeout: 10 }],
    slo: { metric: 'p50', threshold: 1 },
    ranges: {
      'agent.responseTime': { low: 0.25, high: 4, shape: 'log' },
      'kernel.initialRto': { low: 1, high: 3 },
    },
  });

const SLO = [{ metric: 'p50', threshold: 1 }];
const SAMPLES = 32;

test('robust finds the one parameter that decides the verdict first, its threshold within 10%, and a no-effect parameter near 0', async () => {
  const r = await runRobust([{ label: 'A', scenario: synthetic() }], { slos: SLO, samples: SAMPLES, workers: 2 });
  const d = r.designs[0];
  assert.equal(d.basis, 'verdict');
  assert.equal(d.drivers[0].parameter, 'agent.responseTime');
  assert.ok(d.drivers[0].share > 0.8, `share ${d.drivers[0].share}`);
  assert.equal(d.decisive?.parameter, 'agent.responseTime');
  assert.equal(d.decisive?.failsWhen, 'above');
  assert.equal(d.decisive?.accuracy, 1);
  // True threshold: 1 s minus a few ms of proxy CPU. One stratum of the log range is a factor
  // 16^(1/32) = 1.09, so the cut (a geometric midpoint) is within 4.4% of it.
  assert.ok(Math.abs(d.decisive!.threshold - 1) < 0.1, `threshold ${d.decisive!.threshold}`);
  // No effect: its rank correlation is noise, |rho| < 2.58/sqrt(n-1) = 0.46 at 99% under no effect.
  const rto = d.drivers.find((x) => x.parameter === 'kernel.initialRto')!;
  assert.ok(Math.abs(rto.rhoVerdict!) < 2.58 / Math.sqrt(SAMPLES - 1), `rho ${rto.rhoVerdict}`);
  assert.ok(rto.share < 0.1, `share ${rto.share}`);
  // Half the log range [0.25, 4] lies below 1 s: exactly 16 strata of 32 (the one straddling
  // 0.998 s meets unless its draw falls in the top 2% of the stratum).
  assert.equal(d.share.k, 16);
  assert.equal(d.share.n, SAMPLES);
  // Tornado: the response time swings p50 from ~0.25 s to ~4 s; initialRto not at all.
  assert.equal(d.tornado[0].parameter, 'agent.responseTime');
  assert.equal(d.tornado[0].low.meets, true);
  assert.equal(d.tornado[0].high.meets, false);
  assert.equal(d.tornado.find((t) => t.parameter === 'kernel.initialRto')!.swing, 0);
});

test('two designs run in the same worlds with the same streams: identical designs get identical outcomes and tie everywhere', async () => {
  const r = await runRobust(
    [
      { label: 'A', scenario: synthetic('A') },
      { label: 'B', scenario: synthetic('B') },
    ],
    { slos: SLO, samples: 8, workers: 1, oat: false },
  );
  for (const w of r.worlds) assert.deepEqual(w.outcomes[1], w.outcomes[0]);
  assert.deepEqual(
    { a: r.pairwise[0].aBetter.k, b: r.pairwise[0].bBetter.k, ties: r.pairwise[0].ties },
    { a: 0, b: 0, ties: 8 },
  );
});

test('same seed, same bytes: 1 worker, 2 workers and three shards merged', async () => {
  const designs = [{ label: 'A', scenario: synthetic() }];
  const opts = { slos: SLO, samples: 6 };
  const one = JSON.stringify(await runRobust(designs, { ...opts, workers: 1 }));
  const two = JSON.stringify(await runRobust(designs, { ...opts, workers: 2 }));
  assert.equal(two, one);
  const setup = robustSetup(designs, opts);
  const parts: RobustPartial[] = [];
  for (let i = 0; i < 3; i++)
    parts.push(
      JSON.parse(JSON.stringify(await runRobustShard(setup, { index: i, count: 3 }, { ...opts, workers: 1 }))),
    );
  assert.equal(JSON.stringify(mergeRobust(parts)), one);
  assert.throws(() => mergeRobust(parts.slice(1)), /missing/);
  const other = JSON.stringify(await runRobust(designs, { ...opts, workers: 1, seed: 7 }));
  assert.notEqual(other, one);
});

test('Latin hypercube: each parameter uses each of the n strata exactly once', () => {
  const plan = planRobust([{ label: 'A', scenario: synthetic() }], { samples: 10, seed: 1, oat: true });
  // the default world + low/high of each parameter the design uses + 10 samples
  assert.equal(plan.worlds.length, 1 + 2 * plan.parameters.length + 10);
  const rt = plan.parameters.find((p) => p.path === 'agent.responseTime')!;
  const strata = plan.worlds
    .filter((w) => w.kind === 'sample')
    .map((w) => Math.floor(10 * (Math.log(w.values[rt.path] / 0.25) / Math.log(16))))
    .sort((a, b) => a - b);
  assert.deepEqual(strata, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('atFraction: uniform and log-uniform ranges, integers rounded', () => {
  assert.equal(atFraction({ low: 1, high: 3, shape: 'uniform', type: 'number' }, 0.25), 1.5);
  assert.equal(atFraction({ low: 1, high: 100, shape: 'log', type: 'number' }, 0.5), 10);
  assert.equal(atFraction({ low: 1, high: 16, shape: 'log', type: 'integer' }, 0.5), 4);
});

test('decisiveThreshold: the cut between the last meeting and the first failing world', () => {
  const xs = [1, 2, 3, 4, 5, 6];
  const meets = [true, true, true, false, false, false];
  assert.deepEqual(decisiveThreshold({ path: 'x', shape: 'uniform' }, xs, meets), {
    parameter: 'x',
    failsWhen: 'above',
    threshold: 3.5,
    accuracy: 1,
  });
  assert.equal(decisiveThreshold({ path: 'x', shape: 'log' }, xs, meets)!.threshold, Math.sqrt(12));
  const below = decisiveThreshold({ path: 'x', shape: 'uniform' }, xs, [false, false, true, true, true, false])!;
  assert.deepEqual([below.failsWhen, below.threshold, below.accuracy], ['below', 2.5, 5 / 6]);
  assert.equal(
    decisiveThreshold(
      { path: 'x', shape: 'uniform' },
      xs,
      xs.map(() => true),
    ),
    null,
  );
});

test('sloHolds: runSuccess >= 99% holds at 0.995 and 0.99, fails at 0.985; p99 < 2 s holds at 2 and fails at 2.01', () => {
  const run = { metric: 'runSuccess', threshold: 0.99 };
  assert.deepEqual(
    [0.995, 0.99, 0.985, NaN].map((v) => sloHolds(v, run)),
    [true, true, false, false],
  );
  const p99 = { metric: 'p99', threshold: 2 };
  assert.deepEqual(
    [1.5, 2, 2.01].map((v) => sloHolds(v, p99)),
    [true, true, false],
  );
});
