/**
 * This build against others, alternated (npm run bench:ab -- <checkout>...): the flagship day
 * through each build's CLI (`run test/bench/flagship-day.yaml -r 1 -w 1 --no-report`) and
 * `--help` / `validate` beside `node -e 0`, one build after the other in every round, so a VM
 * whose speed drifts by 10-30% over minutes slows every build alike. Prints each round and the
 * medians; the README's before/after tables come from it. ROUNDS (default 3) and START_ROUNDS
 * (default 20) set the counts. CPU is the children's, all threads (child-cpu.ts, Linux).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childCpu } from './child-cpu.js';
import { cliOf as cli, FLAGSHIP_RUN, requireBuilt, ROOT as root } from './cli-runs.js';
import { median } from './median.js';

const builds = [root, ...process.argv.slice(2).map((d) => resolve(d))];
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const START_ROUNDS = Number(process.env.START_ROUNDS ?? 20);
requireBuilt(builds);
const out = mkdtempSync(join(tmpdir(), 'nmsim-ab-'));

/** CPU-s and wall-s of one child run from this checkout's root (same scenario files for all). */
function measure(args: string[]): [number, number] {
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  const p = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (p.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${p.status}`);
  return [childCpu() - c0, Number(process.hrtime.bigint() - t0) / 1e9];
}

console.log(`flagship day through the CLI, CPU-s / wall-s per round; builds: ${builds.join(' | ')}`);
const flag = builds.map((): number[] => []);
for (let r = 0; r < ROUNDS; r++) {
  const row = builds.map((b, i) => {
    const [cpu, wall] = measure([cli(b), ...FLAGSHIP_RUN, '--no-report', '-q', '-o', out]);
    flag[i].push(cpu);
    return `${cpu.toFixed(2)} / ${wall.toFixed(1)}`;
  });
  console.log(`  round ${r + 1}: ${row.join(' | ')}`);
}
console.log(`  median CPU-s: ${flag.map((f) => median(f).toFixed(2)).join(' | ')}`);
console.log(`  vs the first build: ${flag.map((f) => (median(f) / median(flag[0])).toFixed(2)).join(' | ')}`);

// Start: a process is a few clock ticks, so CPU is summed over the rounds (as start-bench does).
const starts: [string, (b: string) => string[]][] = [
  ['--help', (b) => [cli(b), '--help']],
  ['validate incident.yaml', (b) => [cli(b), 'validate', 'scenarios/incident.yaml']],
];
let bareCpu = 0;
const sums = starts.map(() => builds.map(() => 0));
for (let r = 0; r < START_ROUNDS; r++) {
  bareCpu += measure(['-e', '0'])[0];
  starts.forEach(([, args], s) => builds.forEach((b, i) => (sums[s][i] += measure(args(b))[0])));
}
console.log(`\nstart, CPU vs node -e 0 (${START_ROUNDS} alternated rounds); builds as above`);
starts.forEach(([name], s) =>
  console.log(`  ${name.padEnd(24)} ${sums[s].map((c) => (c / bareCpu).toFixed(2) + 'x').join(' | ')}`),
);
rmSync(out, { recursive: true, force: true });
