/**
 * The path a user takes when one machine is not enough, on a real workload manager: a sweep
 * sharded as a Slurm array job with scripts/nmsim-slurm.sh (the commands of the README's
 * "Running on Slurm"), merged by a job that depends on the array, on a one-node cluster of
 * Debian's slurm-wlm started for the test (cluster.ts).
 *
 * - Three array tasks and the dependent merge give the unsharded sweep's JSON byte for byte.
 * - A killed array task: the merge job never runs (afterok), `nmsim merge` of what is there
 *   refuses with the missing shard named (exit 2, nothing written), and resubmitting only that
 *   task (`--only 1`, i.e. `--shard 1/3`) completes the study, again byte-identical.
 * - Once `nmsim robust` takes --shard (branch i14), the same for a robustness study; until then
 *   that subtest is skipped, saying so.
 *
 * Skipped, with the reason in the test output, only when Slurm cannot start here (not root,
 * slurm-wlm or munge not installed, a daemon failing to come up). With NMSIM_REQUIRE_SLURM=1
 * (set by .ci/run, which installs them) that is a failure instead.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { BIN, listDir, ROOT, SMALL, tempDir, writeFiles } from '../cli/helpers.js';
import { missingSlurm, run, SlurmCluster } from './cluster.js';
import { jobOutputs, jobStates, submit, waitGone } from './jobs.js';

const SCRIPT = join(ROOT, 'scripts', 'nmsim-slurm.sh');
/** A tiny sweep: 2 points x 3 replications = 6 tasks, 2 per shard. */
const SWEEP = ['sweep', 's.yaml', '--set', 'proxy.eventlet.poolSize=2,50', '-r', '3', '--seed', '5'];
/** A tiny robustness study: 2 worlds x 2 replications, no one-at-a-time runs. */
const ROBUST = ['robust', 's.yaml', '--samples', '2', '--no-oat', '-r', '2', '--seed', '5'];
/** Seconds allowed for an array job and its merge to leave the queue (29 s on 2 cores at a load average of 18). */
const JOBS_LIMIT = 240;

function cannotRun(t: TestContext, reason: string): void {
  if (process.env.NMSIM_REQUIRE_SLURM === '1') assert.fail(`NMSIM_REQUIRE_SLURM=1 but ${reason}`);
  t.skip(reason);
}

test(
  'Slurm array job: shards merged by a dependent job equal the unsharded sweep; a killed task is named and rerun',
  { timeout: 900_000 },
  async (t) => {
    const missing = await missingSlurm();
    if (missing.length > 0) return cannotRun(t, `the Slurm test needs ${missing.join(', ')}; .ci/run installs them`);
    const { dir, cleanup } = tempDir('nmsim-slurm-');
    // munged wants its socket's folders searchable by everyone.
    chmodSync(dir, 0o755);
    let cluster: SlurmCluster | undefined;
    try {
      try {
        cluster = await SlurmCluster.start(join(dir, 'slurm'));
      } catch (e) {
        return cannotRun(t, `Slurm could not start: ${(e as Error).message}`);
      }
      const c = cluster;
      // Each study in its own folder, so both run the README's commands word for word.
      const [work, first, second, third] = ['work', 'first', 'second', 'third'].map((d) => join(dir, d));
      for (const d of [work, first, second, third]) writeFiles(d, { 's.yaml': SMALL });
      const whole = await run(process.execPath, [BIN, ...SWEEP, '-q', '--out', 'whole'], {
        cwd: work,
        timeoutSeconds: 300,
      });
      assert.equal(whole.code, 0, whole.stderr);
      const expected = readFileSync(join(work, 'whole', 's-sweep.json'), 'utf8');

      await t.test('3 array tasks, then the afterok merge job: byte-identical to the unsharded sweep', async () => {
        const started = Date.now();
        const jobs = await submit(c, SCRIPT, ['3', 'results', ...SWEEP], first);
        await waitGone(c, [jobs.array, jobs.merge], JOBS_LIMIT);
        t.diagnostic(
          `array ${jobs.array} and merge ${jobs.merge} done in ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
        const out = join(first, 'results');
        const tasks = await jobStates(c, jobs.array);
        assert.deepEqual(
          [...tasks.entries()].map(([k, v]) => `${k} ${v.state}`).sort(),
          [0, 1, 2].map((i) => `${jobs.array}_${i} COMPLETED`),
          jobOutputs(out),
        );
        assert.equal((await jobStates(c, jobs.merge)).get(jobs.merge)?.state, 'COMPLETED', jobOutputs(out));
        assert.equal(readFileSync(join(out, 's-sweep.json'), 'utf8'), expected);
      });

      await t.test(
        'a killed task: merge names shard 1 of 3 (exit 2); rerunning task 1 completes the study',
        async () => {
          const out = join(second, 'results');
          // Jobs queue but do not start while the partition is down, so task 1 is killed before it
          // runs, whatever the machine's speed.
          const part = (state: string) => c.slurm('scontrol', ['update', 'PartitionName=nmsim', `State=${state}`]);
          assert.equal((await part('DOWN')).code, 0);
          const jobs = await submit(c, SCRIPT, ['3', 'results', ...SWEEP], second);
          const cancel = await c.slurm('scancel', [`${jobs.array}_1`]);
          assert.equal(cancel.code, 0, cancel.stderr);
          assert.equal((await part('UP')).code, 0);
          await waitGone(c, [jobs.array, jobs.merge], JOBS_LIMIT);

          const tasks = await jobStates(c, jobs.array);
          assert.deepEqual(
            [...tasks.entries()].map(([k, v]) => `${k} ${v.state}`).sort(),
            [0, 2].map((i) => `${jobs.array}_${i} COMPLETED`),
            jobOutputs(out),
          );
          // afterok: the merge job is cancelled, never run.
          assert.deepEqual((await jobStates(c, jobs.merge)).get(jobs.merge), {
            state: 'CANCELLED',
            reason: 'DependencyNeverSatisfied',
          });
          const partials = ['s-sweep-shard-0-of-3.json', 's-sweep-shard-2-of-3.json'];
          assert.deepEqual(
            listDir(out).filter((f) => !f.startsWith('slurm-')),
            partials,
          );

          const before = listDir(out);
          // The README's command, its glob expanded by the shell.
          const merge = await run(
            'sh',
            ['-c', `"$NODE" "$NMSIM" merge results/s-sweep-shard-*-of-3.json --out results`],
            { cwd: second, env: { ...process.env, NODE: process.execPath, NMSIM: BIN }, timeoutSeconds: 120 },
          );
          assert.equal(merge.code, 2, merge.stderr);
          assert.equal(
            merge.stderr.trim(),
            'merge: shard 1 of 3 is missing (the task failed or its partial file was not given); rerun it with --shard 1/3',
          );
          assert.deepEqual(listDir(out), before, 'a refused merge writes nothing');

          const again = await submit(c, SCRIPT, ['--only', '1', '3', 'results', ...SWEEP], second);
          await waitGone(c, [again.array, again.merge], JOBS_LIMIT);
          assert.equal((await jobStates(c, again.merge)).get(again.merge)?.state, 'COMPLETED', jobOutputs(out));
          assert.equal(readFileSync(join(out, 's-sweep.json'), 'utf8'), expected);
        },
      );

      await t.test(
        'nmsim robust as 2 array tasks and a merge job: byte-identical to the unsharded study',
        async (st) => {
          const help = await run(process.execPath, [BIN, 'robust', '--help'], { timeoutSeconds: 60 });
          if (!/^\s+--shard\s/m.test(help.stdout))
            return st.skip('this build has no nmsim robust --shard (branch i14 builds it)');
          const unsharded = await run(process.execPath, [BIN, ...ROBUST, '-q', '--out', 'whole'], {
            cwd: third,
            timeoutSeconds: 300,
          });
          assert.equal(unsharded.code, 0, unsharded.stderr);
          const jobs = await submit(c, SCRIPT, ['2', 'results', ...ROBUST], third);
          await waitGone(c, [jobs.array, jobs.merge], JOBS_LIMIT);
          const out = join(third, 'results');
          assert.equal((await jobStates(c, jobs.merge)).get(jobs.merge)?.state, 'COMPLETED', jobOutputs(out));
          assert.equal(
            readFileSync(join(out, 's-robust.json'), 'utf8'),
            readFileSync(join(third, 'whole', 's-robust.json'), 'utf8'),
          );
        },
      );
    } finally {
      await cluster?.stop();
      cleanup();
    }
  },
);
