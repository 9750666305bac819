/**
 * Replay mode of the validation: the simulator replays the measured level itself — every GET at
 * its measured start, with the service time the backend took (trace.ts) — through the same
 * design, so what remains between real and simulated latencies is the model of the servers and
 * kernels, not the sampling of arrivals and service times. The rule is tight: each of p50, p90
 * and p99 within 10% of the measured value, or 5 ms (whichever is larger).
 *
 * The replay client (`kind: replay`, src/model/clients/replay.ts) reads the trace CSV; a
 * simulation of this testbed is the fresh scenario (compare.ts) with its clients replaced by one
 * replay population on a network of one instance per trace session. Its per-request timeout is
 * one number for connect and read: the load's read timeout (the one that ends ohai's requests;
 * the single GETs have 10 s for both).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../../src/runner/run-scenario.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { ScenarioResult } from '../../src/stats/results.js';
import { PERCENTILES, scenarioInput, type LevelMeasurement, type Pct } from './compare.js';
import { traceCsv, traceOf } from './trace.js';

/** The replay rule: |real - replay| within this share of the real value ... */
export const REPLAY_REL = 0.1;
/** ... or within this many seconds, whichever is larger. */
export const REPLAY_ABS = 0.005;

/** True when this build has the replay client (branch `replay`, merged). */
export function replayAvailable(): boolean {
  return existsSync(fileURLToPath(new URL('../../src/model/clients/replay.js', import.meta.url)));
}

export interface Replayed {
  /** Mean over replications of each percentile, with the calibrated client offset added. */
  percentiles: Record<Pct, number>;
  outcomeRates: Record<string, number>;
  rows: number;
  /** The trace as measured (service = the drawn service time), and the simulation's input. */
  tracePath: string;
  result: ScenarioResult;
  checks: Record<Pct, { diff: number; tol: number; ok: boolean }>;
  wallSeconds: number;
}

/** Instances of the replay network: one per session, within a /16. */
const MAX_INSTANCES = 60_000;

/**
 * Writes the level's trace (`<dir>/<id>.trace.csv`, as measured) and the replay scenario with its
 * input (`<id>.replay.json`, `<id>.replay.csv`: the service times plus the calibrated hold),
 * simulates it and compares with the measurement.
 */
export async function simulateReplay(
  lm: LevelMeasurement,
  replications: number,
  dir: string,
  opts: { workers?: number } = {},
): Promise<Replayed> {
  const t0 = Date.now();
  const { level, calibration: cal, main } = lm;
  const trace = traceOf(main.loads);
  mkdirSync(dir, { recursive: true });
  const tracePath = join(dir, `${level.id}.trace.csv`);
  writeFileSync(tracePath, traceCsv(trace));
  writeFileSync(join(dir, `${level.id}.replay.csv`), traceCsv(trace, cal.responseExtra));
  const base = scenarioInput(level, cal);
  const instances = Math.min(MAX_INSTANCES, Math.max(1, ...trace.rows.map((r) => r.instance + 1)));
  const input = {
    ...base,
    name: `validation ${level.id} (replay)`,
    topology: { ...base.topology, networks: [{ name: 'replay', cidr: '10.0.0.0/16', instances }] },
    clients: [
      {
        kind: 'replay',
        name: 'main',
        networks: ['replay'],
        instances: 'all',
        file: `${level.id}.replay.csv`,
        format: 'csv',
        start: trace.origin,
        timeout: level.load.readTimeout,
        serviceTimes: true,
      },
    ],
  };
  const scenarioPath = join(dir, `${level.id}.replay.json`);
  writeFileSync(scenarioPath, JSON.stringify(input, null, 1) + '\n');
  const { scenario } = loadScenarioFile(scenarioPath);
  const r = await runScenario(scenario, { replications, workers: opts.workers });
  const percentiles = Object.fromEntries(PERCENTILES.map((p) => [p, r.latency[p].mean + cal.clientOffset])) as Record<
    Pct,
    number
  >;
  const checks = Object.fromEntries(
    PERCENTILES.map((p) => {
      const real = main.percentiles[p];
      const diff = real - percentiles[p];
      const tol = Math.max(REPLAY_REL * real, REPLAY_ABS);
      return [p, { diff, tol, ok: Math.abs(diff) <= tol }];
    }),
  ) as Replayed['checks'];
  return {
    percentiles,
    outcomeRates: Object.fromEntries(Object.entries(r.outcomeRates).map(([k, v]) => [k, v.mean])),
    rows: trace.rows.length,
    tracePath,
    result: r,
    checks,
    wallSeconds: (Date.now() - t0) / 1000,
  };
}
