/**
 * CLI start benchmark (npm run bench): CPU time of `nmsim --help` and `nmsim validate` as a
 * ratio to a bare `node -e 0`, run alternately in child processes (target <= 2.5x). CPU is
 * read from /proc/self/stat (the children's user + system time, in clock ticks), so it needs
 * Linux; wall time is printed beside it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childCpu } from './child-cpu.js';
import { cliOf, ROOT } from './cli-runs.js';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const main = cliOf(ROOT);
const scenario = fileURLToPath(new URL('../../../scenarios/incident.yaml', import.meta.url));

const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['nmsim --help', [main, '--help']],
  ['nmsim validate incident.yaml', [main, 'validate', scenario]],
];
const cpu = commands.map(() => 0);
const wall = commands.map(() => 0);
for (let r = 0; r < ROUNDS; r++) {
  commands.forEach(([, args], i) => {
    const c0 = childCpu();
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (p.status !== 0) throw new Error(`${args.join(' ')} exited with ${p.status}`);
    wall[i] += Number(process.hrtime.bigint() - t0) / 1e9;
    cpu[i] += childCpu() - c0;
  });
}
console.log('\ncommand                          CPU s   wall s   CPU vs node -e 0');
commands.forEach(([name], i) => {
  console.log(
    `${name.padEnd(30)} ${(cpu[i] / ROUNDS).toFixed(3).padStart(7)} ${(wall[i] / ROUNDS).toFixed(3).padStart(8)} ${(cpu[i] / cpu[0]).toFixed(2).padStart(10)}`,
  );
});
