/**
 * A replayed Poisson trace is the Poisson client: 20 instances each polling as a Poisson process
 * (mean 10 s) against one agent worker with one green thread (M/G/1 at utilisation about 0.6,
 * so the percentiles depend on the arrivals, not just the service). The periodic client's
 * p50/p90 over 8 replications and those of 8 replayed traces drawn the same way agree within
 * the 99% CI of their difference; a trace at 1.5 times the rate is outside it (the test can fail).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { Scenario } from '../../src/scenario/schema.js';
import { tQuantile } from '../../src/stats/confidence.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import { mulberry32 } from '../support/rng.js';
import { replayScenario } from '../support/replay.js';

const R = 8;
const DURATION = 1200;
const INSTANCES = 20;
const MEAN = 10;
const design = {
  duration: DURATION,
  warmup: 0,
  topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: INSTANCES }] },
  agent: { workers: 1, poolSize: 1, responseTime: { kind: 'lognormal', median: 0.25, p99: 0.8 } },
};

/** One Poisson trace: per instance, exponential gaps of mean MEAN / speed over the window. */
function poissonTrace(seed: number, speed = 1): string {
  const u = mulberry32(seed);
  const rows: [number, number][] = [];
  for (let i = 0; i < INSTANCES; i++)
    for (let t = -Math.log(1 - u()) * (MEAN / speed); t < DURATION - 1; t += -Math.log(1 - u()) * (MEAN / speed))
      rows.push([t, i]);
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return ['time,instance', ...rows.map(([t, i]) => `${t.toFixed(6)},${i}`)].join('\n') + '\n';
}

const quantiles = (r: ReturnType<typeof simulateReplication>) => {
  const h = LatencyHistogram.fromJSON(r.requests.latency);
  return [h.quantile(0.5), h.quantile(0.9)];
};

function poissonRuns(): number[][] {
  const s = Scenario.parse({
    name: 'poisson',
    ...design,
    clients: [{ kind: 'periodic', interval: { kind: 'exponential', mean: MEAN }, timeout: 10 }],
  });
  return Array.from({ length: R }, (_, k) => quantiles(simulateReplication(s, { seed: 1, replication: k, warmup: 0 })));
}

function replayRuns(speed: number): number[][] {
  return Array.from({ length: R }, (_, k) => {
    const { scenario } = loadScenarioFile(replayScenario(poissonTrace(1000 + k, speed), design, { timeOrigin: 0 }));
    return quantiles(simulateReplication(scenario, { seed: 2, replication: k, warmup: 0 }));
  });
}

/** |difference of means| and the 99% CI half-width of the difference (Welch, df 2R - 2). */
function compare(a: number[], b: number[]): { diff: number; half: number } {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const v = (x: number[]) => x.reduce((s, y) => s + (y - mean(x)) ** 2, 0) / (x.length - 1);
  return {
    diff: Math.abs(mean(a) - mean(b)),
    half: tQuantile(2 * R - 2, 0.995) * Math.sqrt(v(a) / R + v(b) / R),
  };
}

test('a replayed Poisson trace matches the Poisson client: p50 and p90 within the 99% CI; 1.5x the rate does not', () => {
  const poisson = poissonRuns();
  const replay = replayRuns(1);
  const faster = replayRuns(1.5);
  for (const [q, name] of [
    [0, 'p50'],
    [1, 'p90'],
  ] as const) {
    const same = compare(
      poisson.map((x) => x[q]),
      replay.map((x) => x[q]),
    );
    console.log(`${name}: |diff| ${same.diff.toFixed(4)} s, 99% CI half-width ${same.half.toFixed(4)} s`);
    assert.ok(same.diff <= same.half, `${name}: |diff| ${same.diff} > CI half-width ${same.half}`);
  }
  const p90 = compare(
    poisson.map((x) => x[1]),
    faster.map((x) => x[1]),
  );
  console.log(`1.5x p90: |diff| ${p90.diff.toFixed(4)} s, half-width ${p90.half.toFixed(4)} s`);
  assert.ok(p90.diff > p90.half, `1.5x rate p90: |diff| ${p90.diff} <= CI half-width ${p90.half}`);
});
