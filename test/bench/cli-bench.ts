/**
 * Whole-command benchmark (npm run bench): the flagship day through the CLI
 * (`nmsim run test/bench/flagship-day.yaml -r 1 -w 1 --no-report`, target <= 3 CPU-s: start,
 * worker and simulation included) and a capacity search over [1, 20000] instances (HAProxy on
 * a /16, p99 < 2 s; target under 5 minutes). CPU seconds are the child's, all its threads; wall
 * seconds beside them say how loaded the machine was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childCpu } from './child-cpu.js';
import { cliOf, FLAGSHIP_RUN, ROOT as root } from './cli-runs.js';

const main = cliOf(root);
const out = mkdtempSync(join(tmpdir(), 'nmsim-bench-'));

function timed(name: string, args: string[]): void {
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  const p = spawnSync(process.execPath, [main, ...args, '--no-report', '-q', '-o', out], {
    cwd: root,
    stdio: 'ignore',
  });
  if (p.status !== 0) throw new Error(`nmsim ${args.join(' ')} exited with ${p.status}`);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name.padEnd(58)} ${(childCpu() - c0).toFixed(1).padStart(7)} ${wall.toFixed(1).padStart(8)}`);
}

console.log('\ncommand                                                      CPU s   wall s');
for (let i = 0; i < 2; i++) timed('run flagship-day.yaml -r 1 -w 1 (1000 inst x 24 h)', [...FLAGSHIP_RUN]);
if (!process.argv.includes('--no-capacity')) {
  timed('capacity haproxy.yaml, /16, p99<2s, [1, 20000]', [
    'capacity',
    'scenarios/haproxy.yaml',
    '--set',
    'topology.networks[0].cidr=10.0.0.0/16',
    '--slo',
    'p99<2s',
    '--lo',
    '1',
    '--hi',
    '20000',
  ]);
  // The answer beside its cost: a faster search must still find the same boundary.
  const file = readdirSync(out).find((f) => f.endsWith('-capacity.json'));
  if (file === undefined) throw new Error(`capacity wrote no <name>-capacity.json in ${out}`);
  const c = JSON.parse(readFileSync(join(out, file), 'utf8')) as {
    answer: number | null;
    firstFailing?: number | null;
    status: string;
    points: { replications?: number }[];
  };
  const reps = c.points.reduce((s, p) => s + (p.replications ?? 0), 0);
  console.log(
    `  answer ${c.answer} instances (first failing ${c.firstFailing ?? '-'}, ${c.status}), ${c.points.length} values, ${reps} replications`,
  );
}
rmSync(out, { recursive: true, force: true });
