/**
 * Instructions per simulated request, this build against others (npm run bench:ir --
 * <checkout>...): the flagship command through each build's CLI under valgrind's cachegrind
 * (`--cache-sim=no`: it only counts instructions), with node --single-threaded so no compiler
 * or GC thread runs beside the model. This VM's speed swings 30-40% within minutes, so CPU-s
 * tell apart only changes of 10% or more. An instruction count is steadier but not exact (V8's
 * GC heuristics and tiering likely read the clock): a 3 h in-process run varies by ~0.7%, and
 * this difference of two runs by up to 6% between rounds, so take the median of 3-5 rounds.
 * It does not see cache misses or stalls: a change that allocates less but runs the same
 * instructions shows only in CPU-s.
 *
 * Each build runs the flagship twice: cut to LONG (default 3h) and to 10m of measurement
 * after the same 30 min warm-up. The difference over the difference in requests is the cost
 * of one more request, without the start-up and warm-up every run pays. ROUNDS (default 3)
 * pairs per build, two valgrind processes at a time (one per core); medians and their ratio.
 * Needs valgrind (Debian: apt-get install valgrind); a 3h pair takes ~1.5 min per build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliOf as cli, FLAGSHIP_SCENARIO, requireBuilt, ROOT as root } from './cli-runs.js';
import { median } from './median.js';

const builds = [root, ...process.argv.slice(2).map((d) => resolve(d))];
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LONG = process.env.LONG ?? '3h';
const SHORT = '10m';
requireBuilt(builds);
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('bench:ir needs valgrind on the PATH (Debian: apt-get install valgrind)');
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), 'nmsim-ir-'));
// The flagship cut to a duration, as a file: older builds have no --set.
const flagship = readFileSync(join(root, FLAGSHIP_SCENARIO), 'utf8');
if (!/^duration: 24h$/m.test(flagship)) throw new Error(`${FLAGSHIP_SCENARIO}: no "duration: 24h" line to cut`);
const cut = (duration: string): string => {
  const file = join(out, `flagship-${duration}.yaml`);
  writeFileSync(file, flagship.replace(/^duration: 24h$/m, `duration: ${duration}`));
  return file;
};
const scenarios = { [LONG]: cut(LONG), [SHORT]: cut(SHORT) };

interface Count {
  instructions: number;
  requests: number;
}

/** One flagship run cut to `duration` under cachegrind: instructions executed and requests simulated. */
function count(build: string, duration: string): Promise<Count> {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    '--single-threaded',
    cli(build),
    'run',
    scenarios[duration],
    '-r',
    '1',
    '-w',
    '1',
    '--no-report',
    '-q',
    '--json',
    '-o',
    out,
  ];
  return new Promise((done, fail) => {
    const p = spawn('valgrind', args, { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    p.on('close', (code) => {
      const ir = /I\s+refs:\s+([\d,]+)/.exec(stderr);
      if (code !== 0 || ir === null)
        return fail(new Error(`${build}: valgrind exited ${code}\n${stderr.slice(-2000)}`));
      const requests = (JSON.parse(stdout) as { requestsSimulated: number }).requestsSimulated;
      done({ instructions: Number(ir[1].replaceAll(',', '')), requests });
    });
  });
}

/** Runs the jobs two at a time, in order. */
async function twoAtATime<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

console.log(`instructions per simulated request (flagship ${LONG} minus ${SHORT}, under cachegrind); builds:`);
builds.forEach((b, i) => console.log(`  ${i + 1}: ${b}`));
// Rounds alternate the builds, as bench:ab does, though instruction counts hardly drift.
const jobs: (() => Promise<Count>)[] = [];
for (let r = 0; r < ROUNDS; r++)
  for (const b of builds)
    jobs.push(
      () => count(b, LONG),
      () => count(b, SHORT),
    );
const counts = await twoAtATime(jobs);
const perRequest = builds.map((): number[] => []);
counts.forEach((c, k) => {
  if (k % 2 === 1) return;
  const short = counts[k + 1];
  perRequest[(k / 2) % builds.length].push((c.instructions - short.instructions) / (c.requests - short.requests));
});
const medians = perRequest.map(median);
perRequest.forEach((xs, i) =>
  console.log(
    `  build ${i + 1}: median ${Math.round(medians[i])} (rounds ${xs.map((x) => Math.round(x)).join(', ')})` +
      `  vs build 1: ${(medians[i] / medians[0]).toFixed(3)}`,
  ),
);
rmSync(out, { recursive: true, force: true });
