/**
 * nmsim against real servers, the quick version run by `npm test` (the full one is
 * `npm run validate`): one load level per proxy kind (eventlet WSGI proxy, HAProxy with
 * Neutron's configuration) and the SYN-retry regime, each measured on loopback with the load
 * generator and compared with a simulation of the same configuration.
 *
 * Tolerances come from sampling: a percentile of one measured window must lie within 3
 * standard deviations of the spread of that percentile over simulated windows of the same
 * length, plus 3 ms and 5% for scheduling jitter and calibration error (compare.ts). A level
 * measured while other processes took most of the machine's CPU is measured once more before
 * its comparison is asserted: a proxy starved of CPU is not the calibrated one.
 *
 * Each level is also replayed (replay.ts): the simulator replays the measured trace itself, and
 * each of p50, p90, p99 must lie within 10% (or 5 ms) of the measurement. The SYN-retry level's
 * replay is a todo: its load is mostly ohai probes, connections without a request that a trace
 * of GETs cannot carry.
 *
 * Skipped only when python3-eventlet (Debian's /usr/bin/python3) or haproxy is missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import {
  compareLevel,
  connectClusters,
  markdownTable,
  measure,
  modelHasHostSynSchedule,
  PERCENTILES,
  simulate,
  type Level,
  type LevelMeasurement,
  type Pct,
  type Row,
} from './compare.js';
import { quickLevels } from './levels.js';
import { replayAvailable, simulateReplay } from './replay.js';
import { kernelSettings, missingPrerequisites, synSchedule } from './testbed.js';

const REPLICATIONS = 10;
/** Replications of a replay: arrivals and service times are the trace's, little varies. */
const REPLAY_REPLICATIONS = 3;
/** The last measurement of each level, replayed after its fresh comparison. */
const measurements = new Map<string, LevelMeasurement>();

/**
 * The replay comparison of a measured level (replay.ts): every percentile within 10% or 5 ms.
 * Skipped, with the reason, when this build has no replay client.
 */
async function replayAndAssert(t: TestContext, row: Row, log: (s: string) => void): Promise<void> {
  if (!replayAvailable()) {
    t.skip('the replay client (kind: replay, branch replay) is not in this build');
    return;
  }
  const m = measurements.get(row.level.id)!;
  const rep = await simulateReplay(m, REPLAY_REPLICATIONS, mkdtempSync(join(tmpdir(), 'nmsim-replay-')), {
    workers: 1,
  });
  row.replay = rep;
  const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`;
  log(
    `${row.level.id} replay of ${rep.rows} rows: ${PERCENTILES.map((p) => `${p} real ${ms(m.main.percentiles[p])} replay ${ms(rep.percentiles[p])} (tol ${ms(rep.checks[p].tol)})`).join('; ')}`,
  );
  for (const p of PERCENTILES)
    assert.ok(
      rep.checks[p].ok,
      `${row.level.label}, replayed: ${p} measured ${ms(m.main.percentiles[p])}, replayed ${ms(rep.percentiles[p])}, |diff| ${ms(Math.abs(rep.checks[p].diff))} > ${ms(rep.checks[p].tol)}`,
    );
}
/** Above this share of the machine's CPU used by others, a failed comparison is re-measured. */
const CONTENDED = 0.5;

async function measureAndCompare(level: Level, asserted: Pct[], log: (s: string) => void): Promise<Row> {
  let row: Row | null = null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const m = await measure(level);
    measurements.set(level.id, m);
    // One worker: starting worker threads costs more than these short replications.
    const s = await simulate(level, m.calibration, REPLICATIONS, { workers: 1 });
    row = compareLevel(m, s);
    const ok = asserted.every((p) => row!.checks[p].ok);
    log(
      `${level.id} attempt ${attempt}: ${asserted.map((p) => `${p} real ${(row!.measured.percentiles[p] * 1000).toFixed(1)} ms sim ${(row!.simulated.percentiles[p].mean * 1000).toFixed(1)} ms tol ${(row!.checks[p].tol * 1000).toFixed(1)} ms`).join('; ')}; other CPU ${(m.main.othersShare * 100).toFixed(0)}%`,
    );
    if (ok || !(m.main.othersShare > CONTENDED || m.calibrationRun.othersShare > CONTENDED)) break;
  }
  return row!;
}

function assertAgree(row: Row, asserted: Pct[]): void {
  for (const p of asserted) {
    const c = row.checks[p];
    assert.ok(
      c.ok,
      `${row.level.label}: ${p} measured ${(row.measured.percentiles[p] * 1000).toFixed(1)} ms, simulated ${(row.simulated.percentiles[p].mean * 1000).toFixed(1)} ms, |diff| ${(Math.abs(c.diff) * 1000).toFixed(1)} ms > tolerance ${(c.tol * 1000).toFixed(1)} ms (z = ${c.z.toFixed(2)}, other CPU ${(row.measured.othersShare * 100).toFixed(0)}%)`,
    );
  }
}

test('nmsim agrees with real servers (eventlet proxy, HAProxy, SYN retries)', { timeout: 180_000 }, async (t) => {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    t.skip(`validation against real servers needs ${missing.join(' and ')}; .ci/run installs them`);
    return;
  }
  const [eventlet, haproxy, syn] = quickLevels();
  const log = (s: string) => t.diagnostic(s);
  const rows: Row[] = [];

  let eventletRow: Row | undefined;
  await t.test('eventlet WSGI proxy, Poisson GETs at 60% of the pool: p50 and p99', async () => {
    const row = await measureAndCompare(eventlet, ['p50', 'p99'], log);
    rows.push(row);
    eventletRow = row;
    assertAgree(row, ['p50', 'p99']);
  });
  await t.test('eventlet WSGI proxy, the measured trace replayed: p50, p90, p99 within 10% or 5 ms', async (st) => {
    if (eventletRow) await replayAndAssert(st, eventletRow, log);
  });

  let haproxyRow: Row | undefined;
  await t.test("HAProxy with Neutron's configuration, Poisson GETs at 60% of the backend: p50 and p99", async () => {
    const row = await measureAndCompare(haproxy, ['p50', 'p99'], log);
    rows.push(row);
    haproxyRow = row;
    assertAgree(row, ['p50', 'p99']);
  });
  await t.test('HAProxy, the measured trace replayed: p50, p90, p99 within 10% or 5 ms', async (st) => {
    if (haproxyRow) await replayAndAssert(st, haproxyRow, log);
  });

  const k = kernelSettings();
  // Percentiles made of later retransmissions only match where the model has this kernel's schedule.
  const synTail = modelHasHostSynSchedule(k);
  let synRow: Row | undefined;
  await t.test('accept queue overflow: connects at the kernel SYN retransmission times, as simulated', async () => {
    const row = await measureAndCompare(syn, synTail ? ['p50', 'p99'] : ['p50'], log);
    rows.push(row);
    synRow = row;
    const m = row.measured;

    // The kernel: connect() completes at 0 or at a SYN retransmission (1 s, then 2 or 3 s, ...).
    const schedule = synSchedule(k);
    const connects = [...m.connects, ...m.probeConnects];
    const { clusters, other } = connectClusters(connects, schedule);
    log(
      `kernel: tcp_syn_retries ${k.synRetries}, tcp_syn_linear_timeouts ${k.synLinearTimeouts}, somaxconn ${k.somaxconn}; SYNs at ${schedule.slice(0, 8).join(', ')} s`,
    );
    log(`connect() times: ${clusters.map((c) => `${c.count} at ${c.at} s`).join(', ')}; ${other} elsewhere`);
    assert.ok(other <= 0.05 * connects.length, `${other} of ${connects.length} connects away from ${schedule} s`);
    // Which retransmission a held-off client gets through on depends on when holders let go,
    // so the split over attempts varies from run to run (and with the host's linear timeouts);
    // what the kernel guarantees is that held-off connects land on its retransmission times.
    const retried = clusters.filter((c) => c.at > 0);
    const seen = clusters.map((c) => `${c.count} at ${c.at} s`).join(', ');
    assert.ok(
      retried.reduce((a, c) => a + c.count, 0) >= 3,
      `expected >= 3 connects at SYN retransmissions (${schedule.slice(1, 5).join(', ')} s), got ${seen}`,
    );
    assert.ok(retried.length >= 2, `expected connects at two or more retransmission times, got ${seen}`);

    // The simulation drops SYNs too, and delays about the same share of requests by >= 1 s.
    assert.ok(row.simulated.synDrops > 0, 'the simulation dropped no SYN');
    const n = m.latencies.length;
    const real = m.latencies.filter((x) => x >= 0.9).length / n;
    const sim = LatencyHistogram.fromJSON(row.simulated.result.histogram).fractionAbove(0.9);
    const tol = 3 * Math.sqrt((sim * (1 - sim)) / n) + 0.05;
    log(`requests delayed >= 0.9 s: real ${(real * 100).toFixed(1)}% of ${n}, simulated ${(sim * 100).toFixed(1)}%`);
    assert.ok(
      Math.abs(real - sim) <= tol,
      `delayed share: real ${real.toFixed(3)} vs simulated ${sim.toFixed(3)} (tolerance ${tol.toFixed(3)})`,
    );
    assertAgree(row, ['p50']);
  });

  // Both sides count every request started in the window and drain it to its end, so the
  // slowest requests behind a full accept queue are measured. The model's kernel has what makes
  // that tail (kernel.ts: timer-wheel bursts of retransmitted SYNs, ACKs dropped on a full queue
  // completed by the client's data retransmissions, SYN cookies once the SYN queue is full).
  await t.test('accept queue overflow: p99 of requests drained to their end, as simulated', () => {
    if (synRow !== undefined && synTail) assertAgree(synRow, ['p99']);
  });
  // The holders' TCP probes are connections without a request (ohai's can_metadata_connect?):
  // they hold most of the proxy's green threads here, and a trace has no row for them (the
  // replay client sends GETs only; trace.ts), so the replay sees a proxy they do not load.
  await t.test(
    'accept queue overflow, the measured trace replayed: p50, p90, p99 within 10% or 5 ms',
    { todo: "the trace cannot carry ohai's probes (connections held without a request) that load this level" },
    async (st) => {
      if (synRow) await replayAndAssert(st, synRow, log);
    },
  );

  if (rows.length > 0) for (const line of markdownTable(rows).split('\n')) t.diagnostic(line);
});
