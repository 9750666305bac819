/**
 * Real signals in the phases that used to hide them: a shard's `warmup: auto` pilot, the module
 * loading before a command starts, and the HTML rendering after the simulation. Each signal is
 * sent when the child says (over IPC, or through the module-loading gate of
 * test/support/load-gate.ts) that it is in that phase, never after a guessed delay.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { listDir, nmsim, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir('nmsim-signal-phases-');
const children = new Set<ChildProcess>();
after(() => {
  // A child left behind by a failed (timed-out) test would run on for minutes.
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

// The pilot of this scenario simulates 30 days of 1000 instances: about 3 minutes of CPU, far
// longer than the test's timeout, so a pilot that held the signal fails the test instead of
// passing late.
const PILOT =
  'name: pilot\nduration: 30d\nwarmup: auto\nreplications: 1\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/22, instances: 1000 }\nclients:\n  - kind: chef\n';

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  test(
    `${signal} during a shard's warmup: auto pilot: exit ${code} at once, nothing written`,
    { timeout: 60_000 },
    async () => {
      writeFiles(tmp.dir, { 'pilot.yaml': PILOT });
      const out = join(tmp.dir, `pilot-${signal}`);
      let ready = false;
      const r = await nmsim(
        [
          'sweep',
          'pilot.yaml',
          '--set',
          'proxy.eventlet.poolSize=100',
          '--shard',
          '0/1',
          '--allow-large',
          '--out',
          out,
        ],
        {
          cwd: tmp.dir,
          onSpawn: (c) => children.add(c),
          // 'running' is sent just before the shard's pilot starts.
          onMessage: (m, child) => {
            if ((m as { nmsim?: string }).nmsim !== 'running') return;
            ready = true;
            child.kill(signal);
          },
        },
      );
      assert.ok(ready, 'nmsim signalled that it was running');
      assert.equal(r.code, code, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
      assert.match(r.stderr, /stopping \(no files written\)/);
      assert.deepEqual(listDir(out), []);
    },
  );
