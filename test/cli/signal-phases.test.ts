/**
 * Real signals in the phases that used to hide them: a shard's `warmup: auto` pilot, the module
 * loading before a command starts, and the HTML rendering after the simulation. Each signal is
 * sent when the child says (over IPC, or through the module-loading gate of
 * test/support/load-gate.ts) that it is in that phase, never after a guessed delay.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

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

const GATE = fileURLToPath(new URL('../support/load-gate.js', import.meta.url));

/**
 * Runs nmsim with its load of the first module whose URL contains `match` held (load-gate.ts):
 * `onHeld` is called once the load is held; `release()` lets it go on.
 */
/**
 * The file of the bundled CLI (dist/bundle, scripts/bundle.mjs) that holds `source`: the CLI
 * runs as a bundle, so a module is loaded as part of the chunk esbuild put it in. Read from the
 * chunks' source maps, so content hashes in the names do not matter.
 */
function chunkOf(source: string): string {
  const dir = join(fileURLToPath(new URL('../../..', import.meta.url)), 'dist', 'bundle');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js.map'))) {
    const map = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: string[] };
    if (map.sources.some((s) => s.endsWith(source))) return `/dist/bundle/${f.slice(0, -'.map'.length)}`;
  }
  throw new Error(`no bundle chunk holds ${source}`);
}

function gated(match: string, name: string, onHeld: (child: ChildProcess, release: () => void) => void) {
  const mark = join(tmp.dir, `${name}.held`);
  const go = join(tmp.dir, `${name}.go`);
  let child: ChildProcess | undefined;
  const poll = setInterval(() => {
    if (child === undefined || !existsSync(mark)) return;
    clearInterval(poll);
    onHeld(child, () => writeFileSync(go, ''));
  }, 20);
  return {
    nodeArgs: ['--import', GATE],
    env: { NMSIM_GATE_MATCH: match, NMSIM_GATE_MARK: mark, NMSIM_GATE_GO: go },
    onSpawn: (c: ChildProcess) => {
      child = c;
      children.add(c);
    },
    done: () => clearInterval(poll),
    held: () => existsSync(mark),
  };
}

for (const [signal, code, word] of [
  ['SIGINT', 130, 'interrupted'],
  ['SIGTERM', 143, 'terminated'],
] as const)
  test(`${signal} while nmsim is still loading its modules (the CLI's chunk held): exit ${code} with its message, not Node's default`, async () => {
    writeFiles(tmp.dir, { 'small.yaml': SMALL });
    const out = join(tmp.dir, `early-${signal}`);
    const g = gated(chunkOf('src/cli/cli.ts'), `early-${signal}`, (child) => child.kill(signal));
    const r = await nmsim(['run', 'small.yaml', '--out', out], { cwd: tmp.dir, ...g });
    g.done();
    assert.ok(g.held(), 'the load of yargs was held');
    assert.equal(r.code, code, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${word} while starting; stopping \\(no files written\\)`));
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.deepEqual(listDir(out), []);
  });

test('SIGINT while the HTML report renders: exit 130, no new file, the old files intact', async () => {
  writeFiles(tmp.dir, { 'small.yaml': SMALL });
  const out = join(tmp.dir, 'render');
  const old = { 'small.json': 'old json', 'small-latency.csv': 'old csv', 'small.html': 'old html' };
  writeFiles(out, old);
  let signalled = false;
  // The report's renderer is loaded when the rendering starts (src/cli/report.ts): held there,
  // signalled, and let go once nmsim has taken the signal, so the rendering then runs to its end.
  const g = gated(chunkOf('src/report/index.ts'), 'render', (child, release) => {
    signalled = true;
    child.kill('SIGINT');
    const waitTaken = setInterval(() => {
      if (!/interrupted; stopping/.test(stderr)) return;
      clearInterval(waitTaken);
      release();
    }, 20);
  });
  let stderr = '';
  const r = await nmsim(['run', 'small.yaml', '--out', out], {
    cwd: tmp.dir,
    ...g,
    onSpawn: (c) => {
      g.onSpawn(c);
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    },
  });
  g.done();
  assert.ok(signalled, 'the rendering was held and signalled');
  assert.equal(r.code, 130, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
  assert.match(r.stderr, /interrupted; stopping \(no files written\)/);
  assert.deepEqual(listDir(out), Object.keys(old).sort(), 'no new file and no temporary left');
  for (const [name, content] of Object.entries(old)) assert.equal(readFileSync(join(out, name), 'utf8'), content);
});
