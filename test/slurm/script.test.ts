/**
 * scripts/nmsim-slurm.sh without a cluster: a stand-in `sbatch` on PATH records each call and
 * answers a job id, so the submissions (array size from the shard count, the merge's afterok
 * dependency) and the refusals of bad input are checked on any machine; the real cluster run
 * is slurm-array.test.ts.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, ROOT, tempDir, writeFiles } from '../cli/helpers.js';
import { run } from './cluster.js';

const SCRIPT = join(ROOT, 'scripts', 'nmsim-slurm.sh');

/** Records its arguments, one per line, in sbatch-<n> and prints n (from 41). */
const FAKE_SBATCH = `#!/bin/sh
n=$(cat "$SBATCH_LOG/count" 2>/dev/null || echo 40)
n=$((n + 1))
echo "$n" > "$SBATCH_LOG/count"
printf '%s\\n' "$@" > "$SBATCH_LOG/sbatch-$n"
echo "$n"
`;

function setup() {
  const t = tempDir('nmsim-slurm-script-');
  writeFiles(t.dir, { 'bin/sbatch': FAKE_SBATCH, 's.yaml': 'name: s\n' });
  chmodSync(join(t.dir, 'bin/sbatch'), 0o755);
  const env = {
    ...process.env,
    PATH: `${join(t.dir, 'bin')}:${process.env.PATH}`,
    SBATCH_LOG: t.dir,
    NODE: process.execPath,
  };
  const call = (n: number) => {
    const f = join(t.dir, `sbatch-${n}`);
    return existsSync(f) ? readFileSync(f, 'utf8').trimEnd().split('\n') : undefined;
  };
  return { ...t, env, call };
}

test('nmsim-slurm.sh 3 results sweep ...: an array 0-2 running --shard auto/3, then merge with afterok on it', async () => {
  const s = setup();
  try {
    const args = ['sweep', 's.yaml', '--set', 'proxy.eventlet.poolSize=2,50', '-r', '3'];
    const r = await run('bash', [SCRIPT, '3', 'results', ...args], { env: s.env, cwd: s.dir, timeoutSeconds: 60 });
    assert.equal(r.code, 0, r.stderr);
    const results = join(s.dir, 'results');
    assert.equal(
      r.stdout,
      `array job 41 (tasks 0-2 of 3) and merge job 42 (after every task succeeds); results in ${results}\n`,
    );
    const job = [SCRIPT, '--job'];
    assert.deepEqual(s.call(41), [
      '--parsable',
      '--job-name=nmsim-shard',
      `--chdir=${s.dir}`,
      '--array=0-2',
      `--output=${results}/slurm-%A_%a.out`,
      ...job,
      'shard',
      process.execPath,
      BIN,
      '3',
      results,
      ...args,
    ]);
    assert.deepEqual(s.call(42), [
      '--parsable',
      '--job-name=nmsim-merge',
      `--chdir=${s.dir}`,
      '--dependency=afterok:41',
      '--kill-on-invalid-dep=yes',
      `--output=${results}/slurm-merge-%j.out`,
      ...job,
      'merge',
      process.execPath,
      BIN,
      '3',
      results,
    ]);
    // --only resubmits the listed tasks of the same 3-way split, and a new merge after them.
    const again = await run('bash', [SCRIPT, '--only', '1', '3', 'results', ...args], { env: s.env, cwd: s.dir });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(s.call(43)?.includes('--array=1'));
    assert.ok(s.call(44)?.includes('--dependency=afterok:43'));
  } finally {
    s.cleanup();
  }
});

test('nmsim-slurm.sh refuses, with exit 2 and nothing submitted: 0 shards, --shard or --out given, a command without --shard', async () => {
  const s = setup();
  try {
    const cases: [string[], string][] = [
      [['0', 'results', 'sweep', 's.yaml'], 'SHARDS must be a positive whole number, not "0"'],
      [['3', 'results', 'sweep', 's.yaml', '--shard', '1/3'], '--shard is set by this script'],
      [['3', 'results', 'sweep', 's.yaml', '--out', 'x'], '--out is set by this script'],
      [['3', 'results', 'run', 's.yaml'], 'nmsim run does not take --shard'],
      [['3', 'results'], 'usage: nmsim-slurm.sh [--only TASKS] SHARDS RESULTS COMMAND [arguments...]'],
    ];
    for (const [args, message] of cases) {
      const r = await run('bash', [SCRIPT, ...args], { env: s.env, cwd: s.dir, timeoutSeconds: 60 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.startsWith(`nmsim-slurm.sh: ${message}`), `${args.join(' ')}: ${r.stderr}`);
    }
    assert.equal(s.call(41), undefined, 'no sbatch call');
  } finally {
    s.cleanup();
  }
});
