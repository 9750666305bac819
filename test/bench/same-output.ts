/**
 * Same output as another build (npm run bench:same -- <checkout>): runs every shipped scenario
 * (two replications) and the flagship day cut to 6 h (ohai post- and pre-#995) with this
 * checkout's CLI and with the other checkout's built CLI, from this checkout's root so both read
 * the same scenario files and print the same relative paths, and compares the sha256 of the
 * `--json` output without its event count (printed as a ratio beside the verdict). A speed-up that
 * keeps the event order must print IDENTICAL for every row.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliOf as cli, FLAGSHIP_SCENARIO as flagship, requireBuilt, ROOT as root } from './cli-runs.js';

const others = process.argv.slice(2).map((d) => resolve(d));
if (others.length === 0) {
  console.error('usage: node dist/test/bench/same-output.js <other built checkout>...');
  process.exit(2);
}
requireBuilt(others);

const cases: [string, string[]][] = [
  ...readdirSync(join(root, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f): [string, string[]] => [f, [`scenarios/${f}`, '-r', '2']]),
  ['flagship 6 h, post-#995', [flagship, '-r', '1', '--set', 'duration=6h']],
  ['flagship 6 h, pre-#995', [flagship, '-r', '1', '--set', 'duration=6h', '--set', 'clients[0].ohai.version=pre-995']],
];

const out = mkdtempSync(join(tmpdir(), 'nmsim-same-'));
interface Output {
  /** sha256 of the `--json` output without its `events` count. */
  hash: string;
  /** Events the run executed: an engine that needs fewer for the same results prints fewer. */
  events: number;
}

/** The run's output, or the exit code when the build refuses the scenario. */
const digest = (checkout: string, args: string[]): Output | number => {
  const p = spawnSync(process.execPath, [cli(checkout), 'run', ...args, '--json', '--no-report', '-q', '-o', out], {
    cwd: root,
    maxBuffer: 1 << 30,
  });
  if (p.status !== 0) return p.status ?? -1;
  const json = JSON.parse(p.stdout.toString('utf8')) as { events: number };
  const events = json.events;
  // The event count is how the engine got there, not a result: a pool that needs no event per
  // background call (fcfs-pool.ts) gives the same bytes with fewer events.
  const results = { ...json, events: undefined };
  return { hash: createHash('sha256').update(JSON.stringify(results)).digest('hex'), events };
};

let differ = 0;
for (const [name, args] of cases) {
  const mine = digest(root, args);
  if (typeof mine === 'number') throw new Error(`this build: run ${args.join(' ')} exited with ${mine}`);
  const verdicts = others.map((o) => {
    const theirs = digest(o, args);
    // An older build may not know a newer scenario's fields: refused, so not comparable.
    if (typeof theirs === 'number') {
      differ++;
      return `REFUSED (exit ${theirs})`;
    }
    const events = `events x${(mine.events / theirs.events).toFixed(3)}`;
    if (theirs.hash === mine.hash) return `IDENTICAL (${events})`;
    differ++;
    return `DIFFERENT (${events})`;
  });
  console.log(`${name.padEnd(28)} ${mine.hash.slice(0, 16)} ${verdicts.join(' ')}`);
}
rmSync(out, { recursive: true, force: true });
console.log(differ === 0 ? `all ${cases.length} outputs identical` : `${differ} outputs differ`);
process.exitCode = differ === 0 ? 0 : 1;
