/**
 * Census of hostile and absurd input (issue 17), for the closing note: how many cases of each
 * adversarial category nmsim refuses (exit 2 with a message), accepts, crashes on or hangs on.
 *
 *   npm run census:hostile [-- --cases 1000 --partials 200 --signals 20 --seed 17]
 *
 * - scenario categories: hostile-cases.ts's mutations of the shipped scenarios, each written to
 *   a file and loaded on a worker thread (a case taking over HANG_MS is a hang; the worker is
 *   ended and replaced);
 * - tampered partials: a real two-shard sweep's first partial with one hostile value put at a
 *   random place, left with its old digest ("edited") or sealed again ("resealed", what someone
 *   who recomputes the checksum would make), through merge's checks and combination;
 * - signals: `nmsim run` sent SIGINT or SIGTERM after a random delay (start-up to the end of the
 *   run): refused = exit 130/143 with nothing written, accepted = finished (exit 0) before it,
 *   crash = any other ending or a file left, hang = still running after HANG_SIGNAL_MS. A signal
 *   that ends the process by its default action within Node's own start-up (measured as the
 *   time `node -e 0` takes), before any script runs, is counted as "signals in Node start-up".
 * Prints one line per category and exits 1 if anything crashed or hung.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { sealPartial } from '../../src/runner/partial-integrity.js';
import { BIN, SMALL, tempDir } from '../cli/helpers.js';
import type { CensusAnswer, CensusTask } from './hostile-census-worker.js';
import { HOSTILE, CATEGORIES, hostileCases, mutate } from './hostile-cases.js';
import { mulberry32 } from './rng.js';

type Outcome = 'refused' | 'accepted' | 'crash' | 'hang';
const HANG_MS = 20_000;
const HANG_SIGNAL_MS = 60_000;

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const counts = new Map<string, Record<Outcome, number>>();
const crashes: string[] = [];
function count(category: string, o: Outcome, detail?: string): void {
  if (!counts.has(category)) counts.set(category, { refused: 0, accepted: 0, crash: 0, hang: 0 });
  counts.get(category)![o]++;
  if ((o === 'crash' || o === 'hang') && crashes.length < 20) crashes.push(`${category}: ${o} ${detail ?? ''}`);
}

/** Runs the tasks on one worker at a time, replacing it after a hang. */
async function onWorkers(tasks: (CensusTask & { category: string })[]): Promise<void> {
  let worker: Worker | undefined;
  for (const t of tasks) {
    worker ??= new Worker(new URL('./hostile-census-worker.js', import.meta.url));
    const w = worker;
    const answer = await new Promise<CensusAnswer | 'hang' | Error>((resolve) => {
      const timer = setTimeout(() => resolve('hang'), HANG_MS);
      const done = (a: CensusAnswer | Error): void => {
        clearTimeout(timer);
        w.off('message', done);
        w.off('error', done);
        resolve(a);
      };
      w.on('message', done);
      w.on('error', done);
      w.postMessage(t);
    });
    if (answer === 'hang' || answer instanceof Error) {
      count(
        t.category,
        answer === 'hang' ? 'hang' : 'crash',
        `${t.file} ${answer instanceof Error ? answer.message : ''}`,
      );
      await w.terminate();
      worker = undefined;
    } else count(t.category, answer.outcome, answer.detail && `${t.file}: ${answer.detail}`);
  }
  await worker?.terminate();
}

function nmsim(args: string[], cwd: string, signal?: { name: NodeJS.Signals; afterMs: number }) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; hung: boolean }>(
    (resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let hung = false;
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const send = signal && setTimeout(() => child.kill(signal.name), signal.afterMs);
      const hang = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, HANG_SIGNAL_MS);
      child.on('close', (code, sig) => {
        if (send) clearTimeout(send);
        clearTimeout(hang);
        resolve({ code, signal: sig, stderr, hung });
      });
    },
  );
}

async function scenarioCases(dir: string, n: number, seed: number): Promise<void> {
  const tasks = hostileCases(n, seed).map((c, id) => {
    const file = join(dir, `case-${id}.json`);
    writeFileSync(file, JSON.stringify(c.data));
    return { id, kind: 'scenario' as const, file, category: c.category };
  });
  await onWorkers(tasks);
}

async function partialCases(dir: string, n: number, seed: number): Promise<void> {
  writeFileSync(join(dir, 'small.yaml'), SMALL);
  for (const i of [0, 1]) {
    const r = await nmsim(
      [
        'sweep',
        'small.yaml',
        '--set',
        'proxy.eventlet.poolSize=50,100',
        '-r',
        '2',
        '--shard',
        `${i}/2`,
        '-q',
        '--out',
        'parts',
      ],
      dir,
    );
    if (r.code !== 0) throw new Error(`making the partials failed: ${r.stderr}`);
  }
  const [first, other] = readdirSync(join(dir, 'parts'))
    .sort()
    .map((f) => join(dir, 'parts', f));
  const base = JSON.parse(readFileSync(first, 'utf8')) as Record<string, unknown>;
  const picks = fc.sample(
    fc.record({
      category: fc.constantFrom(...CATEGORIES),
      valueIndex: fc.nat(20),
      pathIndex: fc.nat(1e9),
      addKey: fc.boolean(),
      reseal: fc.boolean(),
    }),
    { numRuns: n, seed },
  );
  const tasks = picks.map((m, id) => {
    const values = HOSTILE[m.category];
    const edited = mutate(base, values[m.valueIndex % values.length], m) as Record<string, unknown>;
    const { digest: _d, ...rest } = edited;
    const file = join(dir, `partial-${id}.json`);
    writeFileSync(file, JSON.stringify(m.reseal ? sealPartial(rest) : edited));
    // A value put where the same value was (a 0 over a 0) changes nothing: counted apart.
    const same = JSON.stringify(edited) === JSON.stringify(base);
    const category = same ? 'partial unchanged' : `partial ${m.reseal ? 'resealed' : 'edited'}`;
    return { id, kind: 'partial' as const, file, other, category };
  });
  await onWorkers(tasks);
}

/** Wall time of `node -e 0`, the slowest of three: Node's own start-up, before any script runs. */
async function nodeStartupMs(): Promise<number> {
  let worst = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('close', r));
    worst = Math.max(worst, performance.now() - t0);
  }
  return worst;
}

async function signalCases(dir: string, n: number, seed: number): Promise<void> {
  if (n === 0) return;
  writeFileSync(join(dir, 'sig.yaml'), SMALL);
  // A signal before Node runs any script ends it with the default action, whatever nmsim does:
  // such endings are counted apart, so a regression in nmsim's own handlers is not hidden in them.
  const startup = await nodeStartupMs();
  const rnd = mulberry32(seed);
  for (let i = 0; i < n; i++) {
    const name: NodeJS.Signals = rnd() < 0.5 ? 'SIGINT' : 'SIGTERM';
    const afterMs = Math.floor(rnd() * 2500);
    const out = join(dir, `sig-out-${i}`);
    mkdirSync(out);
    const r = await nmsim(['run', 'sig.yaml', '-q', '--out', out], dir, { name, afterMs });
    const files = readdirSync(out);
    const expected = name === 'SIGINT' ? 130 : 143;
    const what = `${name} after ${afterMs} ms: exit ${String(r.code)} signal ${String(r.signal)}, ${files.length} files`;
    if (r.hung) count('signals', 'hang', what);
    else if (r.signal === name && r.stderr === '' && files.length === 0 && afterMs <= startup)
      count('signals in Node start-up', 'crash', `${what} (node -e 0 takes ${startup.toFixed(0)} ms here)`);
    else if (r.code === 0 && files.length === 3) count('signals', 'accepted');
    else if (r.code === expected && files.length === 0 && !/\n\s+at /.test(r.stderr)) count('signals', 'refused');
    else count('signals', 'crash', `${what} ${r.stderr.slice(0, 200)}`);
  }
}

const tmp = tempDir('nmsim-census-');
const started = Date.now();
try {
  const seed = arg('seed', 17);
  await scenarioCases(tmp.dir, arg('cases', 1000), seed);
  await partialCases(tmp.dir, arg('partials', 200), seed);
  await signalCases(tmp.dir, arg('signals', 20), seed);
} finally {
  tmp.cleanup();
}
const pad = (s: string | number, w: number): string => String(s).padStart(w);
console.log(`hostile-input census (seed ${arg('seed', 17)}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${'category'.padEnd(22)}${pad('refused', 9)}${pad('accepted', 9)}${pad('crash', 7)}${pad('hang', 6)}`);
const total: Record<Outcome, number> = { refused: 0, accepted: 0, crash: 0, hang: 0 };
for (const [c, o] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`${c.padEnd(22)}${pad(o.refused, 9)}${pad(o.accepted, 9)}${pad(o.crash, 7)}${pad(o.hang, 6)}`);
  for (const k of Object.keys(total) as Outcome[]) total[k] += o[k];
}
console.log(
  `${'total'.padEnd(22)}${pad(total.refused, 9)}${pad(total.accepted, 9)}${pad(total.crash, 7)}${pad(total.hang, 6)}`,
);
for (const c of crashes) console.log(c);
if (existsSync(tmp.dir)) tmp.cleanup();
process.exitCode = total.crash + total.hang > 0 ? 1 : 0;
