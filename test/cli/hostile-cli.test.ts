/**
 * The command-line reproducers of issue 17: signals in every phase, writes all or nothing,
 * merge refusing tampered partials, calibrate refusing or escaping hostile arguments and logs.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OutputSet } from '../../src/cli/output.js';
import { writeError } from '../../src/cli/common.js';
import { sealPartial, verifyPartial } from '../../src/runner/partial-integrity.js';
import { ShardError } from '../../src/runner/shard-error.js';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir('nmsim-hostile-cli-');
after(tmp.cleanup);

const LONG =
  'name: long\nduration: 20d\nwarmup: 0\nreplications: 1\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/22, instances: 1000 }\nclients:\n  - kind: chef\n';

test('SIGTERM during a one-worker run (the replication used to block the main thread): exit 143, nothing written', async () => {
  writeFiles(tmp.dir, { 'long.yaml': LONG });
  const out = join(tmp.dir, 'term');
  const r = await nmsim(['run', 'long.yaml', '--workers', '1', '--out', out], {
    cwd: tmp.dir,
    // Late enough that the handlers are installed on a loaded machine; the replication lasts ~1 min.
    onSpawn: (child) => setTimeout(() => child.kill('SIGTERM'), 6000),
  });
  assert.equal(r.code, 143, `exit code (signal ${String(r.signal)}): ${r.stderr}`);
  assert.match(r.stderr, /terminated; stopping \(no files written\)/);
  assert.deepEqual(listDir(out), []);
});

test('the output set is all or nothing: a failure at the third file leaves the first two as they were', () => {
  const dir = join(tmp.dir, 'set');
  mkdirSync(join(dir, 'c.json', 'blocker'), { recursive: true }); // a directory where the third file goes
  writeFileSync(join(dir, 'a.json'), 'old a');
  writeFileSync(join(dir, 'b.json'), 'old b');
  const set = new OutputSet(dir);
  set.add('a.json', 'new a');
  set.add('b.json', 'new b');
  set.add('c.json', 'new c');
  assert.throws(() => set.commit());
  set.discard();
  assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), 'old a');
  assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), 'old b');
  assert.deepEqual(listDir(dir), ['a.json', 'b.json', 'c.json']);
});

test('disk full is one line and exit 1; an unwritable --out is bad input', () => {
  const full = writeError(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'reports');
  assert.equal((full as Error).name, 'WriteFailed');
  assert.equal((full as Error).message, 'nmsim: cannot write to reports: the disk is full (ENOSPC); nothing written');
  assert.equal((writeError(Object.assign(new Error('x'), { code: 'EACCES' }), 'r') as Error).name, 'UsageError');
});

test('merge: an edited partial, a swapped task, replication -1, point 99 and a null task are refused (exit 2)', async () => {
  writeFiles(tmp.dir, { 'small.yaml': SMALL });
  const out = join(tmp.dir, 'shards');
  for (const i of [0, 1]) {
    const r = await nmsim(
      [
        'sweep',
        'small.yaml',
        '--set',
        'proxy.eventlet.poolSize=50,100',
        '--shard',
        `${i}/2`,
        '-w',
        '1',
        '-q',
        '--out',
        out,
      ],
      { cwd: tmp.dir },
    );
    assert.equal(r.code, 0, r.stderr);
  }
  const files = listDir(out).map((f) => join(out, f));
  assert.equal(files.length, 2);
  const text = readFileSync(files[0], 'utf8');
  const edited = join(tmp.dir, 'edited.json');
  writeFileSync(
    edited,
    text.replace(/"ok": (\d+)/, (_m, d: string) => `"ok": ${Number(d) + 1}`),
  );
  const r = await nmsim(['merge', edited, files[1], '--out', join(tmp.dir, 'merged')], { cwd: tmp.dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /edited\.json: its content does not match its digest/);
  assert.deepEqual(listDir(join(tmp.dir, 'merged')), []);

  // Re-sealed tampering: the digest matches but the tasks do not belong.
  const part = JSON.parse(text) as { tasks: Record<string, unknown>[]; digest?: string };
  const bad = (edit: (t: Record<string, unknown>[]) => unknown[], why: RegExp) => {
    const { digest: _d, ...rest } = structuredClone(part);
    const sealed = sealPartial({ ...rest, tasks: edit(rest.tasks) });
    assert.throws(
      () => verifyPartial('p.json', sealed, 2),
      (e: unknown) => e instanceof ShardError && why.test(e.message),
    );
  };
  bad((t) => [{ ...t[0], replication: -1 }], /replication -1 is not in 0\.\.1/);
  bad((t) => [{ ...t[0], point: 99 }], /point 99 is not one of the 2 point/);
  bad(() => [null], /task 0 is not a task with a result/);
  bad((t) => [{ ...t[0], replication: (t[0].replication as number) === 0 ? 1 : 0 }], /does not belong to shard 0\/2/);

  // Re-sealed with a result of the wrong shape (a latency histogram made a string): every check
  // passes, combining it fails; that is bad input (exit 2, one message), not a crash with a stack.
  const { digest: _d, ...rest } = structuredClone(part);
  const task = rest.tasks[0] as { result: { requests: Record<string, unknown> } };
  task.result.requests.latency = 'x';
  const reshaped = join(tmp.dir, 'reshaped.json');
  writeFileSync(reshaped, JSON.stringify(sealPartial(rest)));
  const m = await nmsim(['merge', reshaped, files[1], '--out', join(tmp.dir, 'merged-reshaped')], { cwd: tmp.dir });
  assert.equal(m.code, 2, m.stderr);
  assert.match(
    m.stderr,
    /^merge: the partial files hold results that cannot be combined \(.*\); a task result was edited/,
  );
  assert.doesNotMatch(m.stderr, /\n\s+at /);
  assert.deepEqual(listDir(join(tmp.dir, 'merged-reshaped')), []);
});

test('calibrate: --name ../../x, --instances 0 and 2.5 refused; a 200-day log and impossible dates do not crash', async () => {
  const line = (d: Date) => {
    const mon = d.toUTCString().slice(8, 11);
    const p = (x: number) => String(x).padStart(2, '0');
    return `Dec  1 00:00:00 host haproxy[1]: 10.0.0.5:40000 [${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00.000] listener metadata/default 0/0/0/12/12 200 300 - - ---- 1/1/0/0/0 0/0 "GET /latest/meta-data/ HTTP/1.1"`;
  };
  const t0 = Date.UTC(2024, 0, 1);
  const lines = Array.from({ length: 400 }, (_, i) => line(new Date(t0 + i * 12 * 3600_000)));
  lines.push(lines[0].replace(/\[01\/Jan\/2024/, '[31/Feb/2024'));
  writeFiles(tmp.dir, {
    'months.log': `${lines.join('\n')}\n`,
    [`new\nline.log`]: `${lines.slice(0, 50).join('\n')}\n`,
  });
  const out = join(tmp.dir, 'cal');
  for (const args of [
    ['--name', '../../x'],
    ['--instances', '0'],
    ['--instances', '2.5'],
  ]) {
    const r = await nmsim(['calibrate', 'months.log', '--out', out, ...args], { cwd: tmp.dir });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.deepEqual(listDir(out), []);
  const r = await nmsim(['calibrate', 'months.log', '--out', out, '--json'], { cwd: tmp.dir });
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { valid: number; malformed: number; rates: { perMinute: unknown[] }[] };
  assert.equal(c.valid, 400);
  assert.equal(c.malformed, 1, '31 Feb is a malformed line');
  assert.equal(c.rates[0].perMinute.length, 399 * 12 * 60 + 1);
  // A file name with a newline cannot add a key to calibrated.yaml.
  const r2 = await nmsim(['calibrate', 'new\nline.log', '--out', out, '-q'], { cwd: tmp.dir });
  assert.equal(r2.code, 0, r2.stderr);
  const yaml = readFileSync(join(out, 'calibrated.yaml'), 'utf8');
  assert.match(yaml, /fitted from new\\x0aline\.log/);
  assert.deepEqual(Object.keys(parseYaml(yaml) as object), ['proxy', 'agent']);
});
