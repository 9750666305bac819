/**
 * Ctrl-C: the run stops between replications, exits with 130 and leaves no file (not even a
 * temporary) in the output folder. The signal is sent when nmsim reports over an IPC channel
 * that its replications are starting (signalRunning in src/cli/common.ts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listDir, nmsim, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
after(tmp.cleanup);

test('SIGINT during a run: exit 130, nothing written', async () => {
  // Long enough that it is still simulating when interrupted.
  writeFiles(tmp.dir, {
    'long.yaml':
      'name: long\nduration: 48h\nwarmup: 0\nreplications: 6\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/22, instances: 1000 }\nclients:\n  - kind: chef\n',
  });
  const out = join(tmp.dir, 'out');
  const started = Date.now();
  let ready = false;
  const r = await nmsim(['run', 'long.yaml', '--workers', '2', '--out', out], {
    cwd: tmp.dir,
    // Interrupt when nmsim says the replications are starting, not after a guessed delay.
    onMessage: (m, child) => {
      if ((m as { nmsim?: string }).nmsim !== 'running') return;
      ready = true;
      child.kill('SIGINT');
    },
  });
  assert.ok(ready, 'nmsim signalled that it was running');
  assert.equal(r.code, 130, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
  assert.match(r.stderr, /interrupted/);
  assert.equal(r.stdout, '');
  assert.deepEqual(listDir(out), []);
  assert.ok(Date.now() - started < 30_000, 'stops promptly');
});
