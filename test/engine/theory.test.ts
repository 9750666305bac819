/**
 * The engine against queueing theory. Each check runs independent replications and requires
 * the theoretical value to lie inside the 99% Student-t confidence interval of the replication
 * values: the tolerance comes from the simulation's own variability, not from a guess. Where a
 * value is read from the histogram (a quantile), the histogram's documented worst-case
 * relative error is added, since it is a bias the CI cannot see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HISTOGRAM_RELATIVE_ERROR } from '../../src/stats/histogram.js';
import {
  erlangB,
  erlangC,
  md1MeanWait,
  mm1SojournQuantile,
  mmckBlocking,
  mmcMeanWait,
  mmcWaitTail,
} from '../../src/stats/queueing-theory.js';
import { ci99, simulateQueue } from './queue-harness.js';

const R = 12;

function inCI(name: string, values: number[], theory: number, extra = 0): void {
  const c = ci99(values);
  const tol = c.halfWidth + extra;
  assert.ok(
    Math.abs(c.mean - theory) <= tol,
    `${name}: theory ${theory.toPrecision(5)} outside ${c.mean.toPrecision(5)} ± ${tol.toPrecision(3)} (99% CI over ${values.length} replications)`,
  );
}

function outsideCI(values: number[], wrong: number): boolean {
  const c = ci99(values);
  return Math.abs(c.mean - wrong) > c.halfWidth;
}

function reps(o: Omit<Parameters<typeof simulateQueue>[0], 'replication' | 'seed'>, seed = 'theory') {
  return Array.from({ length: R }, (_, r) => simulateQueue({ ...o, seed, replication: r }));
}

test('M/M/1 (rho 0.8): mean sojourn 1/(mu-lambda) and the p99 of the exponential sojourn', () => {
  const lambda = 0.8;
  const runs = reps({ servers: 1, lambda, service: { kind: 'exponential', mean: 1 }, customers: 60_000, warmup: 2000 });
  inCI(
    'mean sojourn',
    runs.map((r) => r.meanSojourn),
    1 / (1 - lambda),
  );
  const p99 = mm1SojournQuantile(lambda, 1, 0.99);
  inCI(
    'p99 sojourn',
    runs.map((r) => r.sojourns.quantile(0.99)),
    p99,
    HISTOGRAM_RELATIVE_ERROR * p99,
  );
  // The check can fail: a value 20% off is rejected.
  assert.ok(
    outsideCI(
      runs.map((r) => r.meanSojourn),
      1.2 / (1 - lambda),
    ),
  );
});

test('M/M/100 at rho 0.9: Erlang C wait probability, mean wait and P(W > t)', () => {
  const c = 100;
  const lambda = 90;
  const runs = reps({ servers: c, lambda, service: { kind: 'exponential', mean: 1 }, customers: 60_000, warmup: 5000 });
  const pw = runs.map((r) => r.waits.filter((w) => w > 0).length / r.waits.length);
  inCI('P(wait)', pw, erlangC(c, lambda));
  inCI(
    'mean wait',
    runs.map((r) => r.waits.reduce((a, b) => a + b, 0) / r.waits.length),
    mmcMeanWait(c, lambda, 1),
  );
  for (const t of [0.02, 0.05, 0.1]) {
    inCI(
      `P(W>${t})`,
      runs.map((r) => r.waits.filter((w) => w > t).length / r.waits.length),
      mmcWaitTail(c, lambda, 1, t),
    );
  }
  assert.ok(outsideCI(pw, 1.2 * erlangC(c, lambda)));
});

test('Erlang B: M/M/10/10 blocking', () => {
  const runs = reps({
    servers: 10,
    queueCapacity: 0,
    lambda: 8,
    service: { kind: 'exponential', mean: 1 },
    customers: 40_000,
    warmup: 1000,
  });
  inCI(
    'blocking',
    runs.map((r) => r.blocked / r.arrivals),
    erlangB(10, 8),
  );
});

test('M/M/3/6 blocking probability', () => {
  const runs = reps({
    servers: 3,
    queueCapacity: 3,
    lambda: 2.5,
    service: { kind: 'exponential', mean: 1 },
    customers: 40_000,
    warmup: 1000,
  });
  inCI(
    'blocking',
    runs.map((r) => r.blocked / r.arrivals),
    mmckBlocking(3, 6, 2.5, 1),
  );
});

test('M/D/1 (rho 0.7): Pollaczek-Khinchine mean wait', () => {
  const runs = reps({
    servers: 1,
    lambda: 0.7,
    service: { kind: 'constant', value: 1 },
    customers: 60_000,
    warmup: 2000,
  });
  const w = runs.map((r) => r.waits.reduce((a, b) => a + b, 0) / r.waits.length);
  inCI('mean wait', w, md1MeanWait(0.7, 1));
  // M/M/1 at the same load waits twice as long: the deterministic case must be told apart.
  assert.ok(outsideCI(w, 2 * md1MeanWait(0.7, 1)));
});

test("Little's law: time-averaged number in system = measured arrival rate x mean sojourn", () => {
  // M/G/4 with gamma service: no closed form needed, L (time average of the Resource's busy and
  // queue levels) must equal lambda W (per-customer statistics). The window's edges bias the
  // paired difference by O(1/T), so L's own CI is the yardstick.
  const runs = reps({
    servers: 4,
    lambda: 3.2,
    service: { kind: 'gamma', mean: 1, cv: 0.5 },
    customers: 40_000,
    warmup: 1000,
  });
  const lw = runs.map((r) => r.lambdaHat * r.meanSojourn);
  inCI(
    'L',
    runs.map((r) => r.L),
    lw.reduce((a, b) => a + b, 0) / lw.length,
  );
  assert.ok(
    outsideCI(
      runs.map((r) => r.L),
      1.05 * (lw.reduce((a, b) => a + b, 0) / lw.length),
    ),
  );
});

test('same seed, same bytes; another seed, other bytes', () => {
  const run = (seed: string) =>
    JSON.stringify(
      [0, 1].map((r) => {
        const q = simulateQueue({
          servers: 2,
          lambda: 1.5,
          service: { kind: 'exponential', mean: 1 },
          customers: 5000,
          warmup: 0,
          seed,
          replication: r,
        });
        return { w: q.waits, h: q.sojourns.toJSON() };
      }),
    );
  assert.equal(run('a'), run('a'));
  assert.notEqual(run('a'), run('b'));
});
