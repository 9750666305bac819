/**
 * Ctrl-C: the run stops, exits with 130 and leaves no file (not even a temporary) in the output
 * folder. The signal is sent when nmsim reports over an IPC channel that its replications are
 * starting (signalRunning in src/cli/common.ts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listDir, nmsim, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
after(tmp.cleanup);

const chefScenario = (name: string, duration: string, replications: number): string =>
  `name: ${name}\nduration: ${duration}\nwarmup: 0\nreplications: ${replications}\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/22, instances: 1000 }\nclients:\n  - kind: chef\n`;

/** Runs `name`.yaml with `workers`, sends SIGINT `delayMs` after nmsim says it is running, checks the exit. */
async function interrupted(name: string, yaml: string, workers: number, delayMs: number): Promise<void> {
  writeFiles(tmp.dir, { [`${name}.yaml`]: yaml });
  const out = join(tmp.dir, `out-${name}`);
  const started = Date.now();
  let ready = false;
  const r = await nmsim(['run', `${name}.yaml`, '--workers', String(workers), '--out', out], {
    cwd: tmp.dir,
    // Interrupt when nmsim says the replications are starting, not after a guessed delay.
    onMessage: (m, child) => {
      if ((m as { nmsim?: string }).nmsim !== 'running') return;
      ready = true;
      setTimeout(() => child.kill('SIGINT'), delayMs);
    },
  });
  assert.ok(ready, 'nmsim signalled that it was running');
  assert.equal(r.code, 130, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
  assert.match(r.stderr, /interrupted/);
  assert.equal(r.stdout, '');
  assert.deepEqual(listDir(out), []);
  assert.ok(Date.now() - started < 30_000, 'stops long before the replications could end');
}

test('SIGINT during a run on worker threads: exit 130, nothing written', async () => {
  // Six 48 h replications: still simulating when interrupted.
  await interrupted('long', chefScenario('long', '48h', 6), 2, 0);
});

test('SIGINT during a single replication on the main thread (--workers 1): exit 130, nothing written', async () => {
  // One 60-day replication: minutes of CPU if run to its end, so only a run that takes the
  // signal between slices of the replication stops within the time limit. The signal comes a
  // moment into the replication, so it arrives while it simulates.
  await interrupted('one', chefScenario('one', '1440h', 1), 1, 500);
});
