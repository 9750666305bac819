/**
 * Replay benchmark (npm run bench): a 1,000,000-row trace replayed through a design, against the
 * equivalent Poisson scenario (1000 instances each polling with exponential gaps of mean 3.6 s
 * for an hour: about the same million requests), each in a child process so its peak RSS is its
 * own. The trace streams (one row read ahead), so the ratio of peak RSS should stay near 1;
 * the replay's load-time scan of the file is in its wall time.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateReplication } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { Scenario } from '../../src/scenario/schema.js';
import { mulberry32 } from '../support/rng.js';

const ROWS = 1_000_000;
const INSTANCES = 1000;
const DURATION = 3600;
const MEAN = (INSTANCES * DURATION) / ROWS;

const design = {
  name: 'replay bench',
  duration: DURATION + 60,
  warmup: 0,
  replications: 1,
  topology: { networks: [{ name: 'n', cidr: '10.0.0.0/22', instances: INSTANCES }] },
};

/** ROWS Poisson arrivals over INSTANCES (one merged stream, instances drawn uniformly), in chunks. */
function writeTrace(path: string): void {
  const u = mulberry32(11);
  const fd = openSync(path, 'w');
  let chunk = ['time,instance'];
  let t = 0;
  for (let i = 0; i < ROWS; i++) {
    t += -Math.log(1 - u()) * (DURATION / ROWS);
    chunk.push(`${t.toFixed(6)},${Math.floor(u() * INSTANCES)}`);
    if (chunk.length === 10_000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  writeSync(fd, chunk.join('\n') + (chunk.length > 0 ? '\n' : ''));
  closeSync(fd);
}

function child(kind: string, scenarioPath: string): void {
  const t0 = process.hrtime.bigint();
  const s =
    kind === 'replay'
      ? loadScenarioFile(scenarioPath).scenario
      : Scenario.parse({
          ...design,
          clients: [{ kind: 'periodic', interval: { kind: 'exponential', mean: MEAN } }],
        });
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 0 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ wall, rssMb: process.resourceUsage().maxRSS / 1024, requests: r.requests.started }));
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-replay-bench-'));
  try {
    const trace = join(dir, 'trace.csv');
    writeTrace(trace);
    const scenario = join(dir, 'replay.json');
    writeFileSync(scenario, JSON.stringify({ ...design, clients: [{ kind: 'replay', file: 'trace.csv' }] }));
    const self = fileURLToPath(import.meta.url);
    const run = (kind: string) => {
      const c = spawnSync(process.execPath, [self, '--child', kind, scenario], { encoding: 'utf8' });
      if (c.status !== 0) throw new Error(`${kind} child failed: ${c.stderr}`);
      return JSON.parse(c.stdout) as { wall: number; rssMb: number; requests: number };
    };
    const poisson = run('poisson');
    const replay = run('replay');
    const mb = (statSync(trace).size / 1024 ** 2).toFixed(0);
    console.log(`replay bench: ${ROWS} rows (${mb} MiB CSV) over ${INSTANCES} instances, ${DURATION} s`);
    for (const [name, x] of [
      ['poisson', poisson],
      ['replay ', replay],
    ] as const)
      console.log(`  ${name}: ${x.requests} requests, ${x.wall.toFixed(1)} s wall, peak RSS ${x.rssMb.toFixed(0)} MB`);
    console.log(`  peak RSS replay / poisson: ${(replay.rssMb / poisson.rssMb).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4]);
else main();
