/**
 * `npm run validate`: nmsim against real servers, at every load level of levels.ts.
 *
 * Measures every level on the testbed first (nothing else of ours runs meanwhile: the
 * simulations would take CPU from the servers), then simulates each with the calibration
 * measured just before it, and writes:
 * - test/validation/RESULTS.md: the comparison table (also printed);
 * - test/validation/RESULTS.svg: the chart (shown in the README);
 * - test/validation/results.json: measured and simulated results per level;
 * - reports/validation.html: measured vs simulated percentiles, an inline SVG chart;
 * - reports/validation-traces/: each level's measured trace (<id>.trace.csv) and its replay
 *   scenario (<id>.replay.json, <id>.replay.csv).
 *
 * Every level is compared twice: replayed (the simulator replays the measured trace; each
 * percentile within 10% or 5 ms) and fresh (new random arrivals and service times; within the
 * sampling tolerance).
 *
 * Options: --duration S (seconds per level, default 10), --replications R (default 20),
 * --only PREFIX (levels whose id starts with it), --out DIR (default: the source tree).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compareLevel,
  connectClusters,
  htmlReport,
  markdownTable,
  measure,
  modelHasHostSynSchedule,
  rowJson,
  simulate,
  validationSvg,
  type LevelMeasurement,
  type Row,
} from './compare.js';
import { allLevels } from './levels.js';
import { replayAvailable, simulateReplay } from './replay.js';
import { kernelSettings, missingPrerequisites, PYTHON, synSchedule } from './testbed.js';

/** Replications of a replay: its arrivals and service times are fixed, little varies between them. */
const REPLAY_REPLICATIONS = 5;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function versions(): { eventlet: string; haproxy: string; python: string } {
  const run = (cmd: string, args: string[]) =>
    (spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 }).stdout ?? '').split('\n')[0].trim();
  return {
    eventlet: run(PYTHON, ['-c', 'import eventlet; print(eventlet.__version__)']),
    haproxy: run('haproxy', ['-v']),
    python: run(PYTHON, ['-c', 'import sys; print(sys.version.split()[0])']),
  };
}

/** The environment and the findings that do not fit the table. */
function environmentNotes(rows: Row[]): string {
  const k = kernelSettings();
  const v = versions();
  const sched = synSchedule(k, 20);
  const lines = [
    `Testbed: Linux ${release()}, ${availableParallelism()} CPUs, net.core.somaxconn ${k.somaxconn}, tcp_syn_retries ${k.synRetries}, tcp_syn_linear_timeouts ${k.synLinearTimeouts}, tcp_abort_on_overflow ${k.abortOnOverflow}, tcp_syncookies ${k.syncookies}, tcp_synack_retries ${k.synackRetries}, CONFIG_HZ ${k.timerHz} (${k.timerHzSource === 'config' ? 'from the kernel config' : k.timerHzSource === 'measured' ? 'measured from the jiffies counter' : 'unknown'}; the model's kernel.timerHz and clientTimerHz); Python ${v.python}, eventlet ${v.eventlet}; ${v.haproxy}.`,
    `SYN retransmissions on this kernel at ${sched.filter((t) => t > 0).join(', ')} s after the first SYN${k.synLinearTimeouts > 0 ? ` (tcp_syn_linear_timeouts = ${k.synLinearTimeouts}: the first ${k.synLinearTimeouts + 1} waits stay at 1 s, then double; connect() still gives up after ${Math.pow(2, k.synRetries + 1) - 1} s)` : ''}.${modelHasHostSynSchedule(k) ? '' : ' nmsim models the classic doubling (1, 3, 7, 15 s), so percentiles made of retransmissions beyond the first differ by design on this host.'}`,
  ];
  for (const r of rows) {
    const all = [...r.measured.connects, ...r.measured.probeConnects];
    const cl = connectClusters(all);
    if (cl.clusters.some((c) => c.at > 0))
      lines.push(
        `${r.level.label}: connect() times of requests and probes: ${cl.clusters.map((c) => `${c.count} at ${c.at} s`).join(', ')}${cl.other ? `, ${cl.other} elsewhere` : ''}.`,
      );
  }
  return lines.join('\n\n');
}

async function main(): Promise<void> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(`validate: cannot run the testbed, missing: ${missing.join('; ')}\n`);
    process.exit(2);
  }
  const duration = Number(arg('duration') ?? 10);
  const replications = Number(arg('replications') ?? 20);
  const only = arg('only');
  const outDir = arg('out') ?? join(ROOT, 'test/validation');
  if (!(duration > 0 && duration <= 60) || !(replications >= 2 && replications <= 200))
    throw new Error('--duration must be in (0, 60] and --replications in [2, 200]');
  const levels = allLevels(duration).filter((l) => only === undefined || l.id.startsWith(only));
  const t0 = Date.now();

  const measured: LevelMeasurement[] = [];
  for (const [i, l] of levels.entries()) {
    process.stderr.write(`[${i + 1}/${levels.length}] measuring ${l.id} ... `);
    const m = await measure(l);
    measured.push(m);
    process.stderr.write(
      `${m.main.latencies.length} requests, p50 ${(m.main.percentiles.p50 * 1000).toFixed(1)} ms, p99 ${(m.main.percentiles.p99 * 1000).toFixed(1)} ms (${m.wallSeconds.toFixed(1)} s, other CPU ${(m.main.othersShare * 100).toFixed(0)}%)\n`,
    );
  }
  const rows: Row[] = [];
  const traces = join(ROOT, 'reports', 'validation-traces');
  if (!replayAvailable()) process.stderr.write('validate: this build has no replay client: replay columns are n/a\n');
  for (const [i, m] of measured.entries()) {
    process.stderr.write(`[${i + 1}/${measured.length}] simulating ${m.level.id} ... `);
    const s = await simulate(m.level, m.calibration, replications);
    const row = compareLevel(m, s);
    if (replayAvailable()) row.replay = await simulateReplay(m, REPLAY_REPLICATIONS, traces);
    rows.push(row);
    process.stderr.write(
      `${s.wallSeconds.toFixed(1)} s${row.replay ? `; replay of ${row.replay.rows} rows ${row.replay.wallSeconds.toFixed(1)} s` : ''}\n`,
    );
  }

  const table = markdownTable(rows);
  const notes = environmentNotes(rows);
  const md = `# nmsim against real servers\n\nGenerated by \`npm run validate\` (test/validation/validate.ts) on ${new Date().toISOString().slice(0, 10)}; ${((Date.now() - t0) / 1000).toFixed(0)} s.\n\n${table}\n\n${notes}\n`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'RESULTS.md'), md);
  writeFileSync(join(outDir, 'RESULTS.svg'), validationSvg(rows) + '\n');
  writeFileSync(
    join(outDir, 'results.json'),
    JSON.stringify(
      { generated: new Date().toISOString(), kernel: kernelSettings(), levels: rows.map(rowJson) },
      null,
      1,
    ) + '\n',
  );
  const reports = join(ROOT, 'reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'validation.html'), htmlReport(rows, md));
  process.stdout.write(md);
  process.stderr.write(
    `wrote ${join(outDir, 'RESULTS.md')}, ${join(outDir, 'RESULTS.svg')}, ${join(outDir, 'results.json')}, ${join(reports, 'validation.html')}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`validate: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
