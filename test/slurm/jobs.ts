/**
 * Submitting through scripts/nmsim-slurm.sh and following its jobs on a test cluster. Without
 * accounting, a job's final state is read from `scontrol show job` (kept for MinJobAge).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type SlurmCluster } from './cluster.js';

export interface Submitted {
  array: string;
  merge: string;
}

/** Runs scripts/nmsim-slurm.sh with `args` in `cwd`; returns the two job ids it printed. */
export async function submit(
  c: SlurmCluster,
  script: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<Submitted> {
  const r = await run('bash', [script, ...args], { env: c.env(extraEnv), cwd, timeoutSeconds: 60 });
  const m = /^array job (\d+) .* and merge job (\d+) /m.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`${script} ${args.join(' ')} failed (${r.code}):\n${r.stdout}${r.stderr}`);
  return { array: m[1], merge: m[2] };
}

/** Waits until none of `ids` is pending or running; throws after `seconds`. */
export async function waitGone(c: SlurmCluster, ids: string[], seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < end) {
    const r = await c.slurm('squeue', ['-h', '-j', ids.join(','), '-o', '%i %T %r']);
    last = r.stdout + r.stderr;
    if (r.code === 0 && r.stdout.trim() === '') return;
    // Once a second: jobs take seconds, and every squeue costs CPU the jobs need.
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error(`jobs ${ids.join(', ')} still queued after ${seconds} s:\n${last}`);
}

/** Final state and reason of a job, or of each task of an array job ("12_1"). */
export async function jobStates(c: SlurmCluster, id: string): Promise<Map<string, { state: string; reason: string }>> {
  const r = await c.slurm('scontrol', ['show', 'job', '-o', id]);
  if (r.code !== 0) throw new Error(`scontrol show job ${id}: ${r.stderr}`);
  const out = new Map<string, { state: string; reason: string }>();
  for (const line of r.stdout.split('\n').filter((l) => l.trim() !== '')) {
    const f = (k: string) => new RegExp(`(?:^| )${k}=(\\S+)`).exec(line)?.[1];
    const key = f('ArrayTaskId') !== undefined ? `${f('ArrayJobId')}_${f('ArrayTaskId')}` : f('JobId')!;
    out.set(key, { state: f('JobState') ?? '?', reason: f('Reason') ?? '?' });
  }
  return out;
}

/** The jobs' output files in a results folder, for failure messages. */
export function jobOutputs(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('slurm-'))
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').slice(-2000)}`)
    .join('\n');
}
