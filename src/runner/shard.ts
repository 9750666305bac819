/**
 * Sharding a multi-point study (a sweep, or a compare) across machines.
 *
 * The work is a list of tasks, one per (point, replication), in point-major order. Shard i of n
 * runs the tasks whose index is i modulo n (round-robin keeps shards balanced when points
 * differ in cost) and writes a partial file; `merge` checks that the partials belong to the
 * same study and cover every task exactly once, then aggregates each point exactly as an
 * unsharded run does. Replications depend only on (scenario, seed, index), so the merged
 * result is byte-identical to running everything on one machine.
 *
 * The shard index can come from the command line (`--shard 3/8`) or from the environment of
 * an array job: Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX, Slurm arrays set
 * SLURM_ARRAY_TASK_ID (and SLURM_ARRAY_TASK_COUNT).
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.js';
import type { ReplicationResult, ScenarioResult } from '../stats/results.js';
import { NMSIM_VERSION } from '../version.js';
import { scenarioHash } from './run-scenario.js';
import { aggregatePoint, Point } from './study.js';
import { ShardError } from './shard-error.js';
import { pilotScenario, warmupFromPilot } from './warmup.js';
import { defaultWorkers, ReplicationPool, trackProgress } from './worker-pool.js';

export interface Shard {
  index: number;
  count: number;
}

export { ShardError };

/**
 * Parses "i/n" (0-based i), or "/n" / "auto/n" with i from JOB_COMPLETION_INDEX or
 * SLURM_ARRAY_TASK_ID; "auto" alone takes n from SLURM_ARRAY_TASK_COUNT.
 */
export function resolveShard(arg: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^(\d+|auto)?\/(\d+)$|^(auto)$/.exec(arg.trim());
  if (!m) throw new ShardError(`--shard: "${arg}" is not i/n (e.g. 0/4), auto/n or auto`);
  const fromEnv = (): number => {
    const v = env.JOB_COMPLETION_INDEX ?? env.SLURM_ARRAY_TASK_ID;
    if (v === undefined || !/^\d+$/.test(v))
      throw new ShardError(
        '--shard: no shard index given and neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set',
      );
    return Number(v);
  };
  let count: number;
  if (m[3] === 'auto') {
    const c = env.SLURM_ARRAY_TASK_COUNT;
    if (c === undefined || !/^\d+$/.test(c))
      throw new ShardError('--shard auto: SLURM_ARRAY_TASK_COUNT is not set; give the count as auto/n');
    count = Number(c);
  } else count = Number(m[2]);
  const index = m[1] === undefined || m[1] === 'auto' || m[3] === 'auto' ? fromEnv() : Number(m[1]);
  if (count < 1) throw new ShardError('--shard: the shard count must be at least 1');
  if (index >= count) throw new ShardError(`--shard: index ${index} is not below the count ${count}`);
  return { index, count };
}

export interface StudyPoint {
  /** Label of the point (e.g. "proxy.eventlet.poolSize=200"). */
  label: string;
  scenario: Scenario;
}

export interface StudyOptions {
  seed?: string | number;
  replications?: number;
  workers?: number;
  file?: string;
  /** After each task, and while tasks run with the summed fraction of simulated time they have done. */
  onProgress?: (done: number, total: number, running?: number) => void;
  signal?: AbortSignal;
}

export interface PartialFile<R = ReplicationResult> {
  format: 'nmsim-partial/1';
  study: string;
  shard: Shard;
  points: string[];
  replications: number;
  tasks: { point: number; replication: number; warmup: number; result: R }[];
}

const fixedReplications = (p: StudyPoint, opts: StudyOptions): number => {
  if (opts.replications !== undefined) return opts.replications;
  if (typeof p.scenario.replications === 'number') return p.scenario.replications;
  throw new ShardError(
    `${p.label}: sharding needs a fixed replication count (the scenario uses a sequential rule); pass --replications`,
  );
};

/** Identity of a study: same points, seed and replications give the same id on every machine. */
export function studyId(points: StudyPoint[], seed: string | number | undefined, reps: number): string {
  const h = createHash('sha256');
  for (const p of points) h.update(`${p.label}\u0000${scenarioHash(p.scenario)}\u0000`);
  h.update(`seed=${String(seed)};reps=${reps};v=${NMSIM_VERSION}`);
  return h.digest('hex');
}

/** Runs this shard's tasks and returns the partial file's content. */
export function runShard(points: StudyPoint[], shard: Shard, opts?: StudyOptions): Promise<PartialFile>;
/** With `reduce`, a task keeps only what the study needs of its replication (e.g. `nmsim robust`'s metrics). */
export function runShard<R>(
  points: StudyPoint[],
  shard: Shard,
  opts: StudyOptions,
  reduce: (r: ReplicationResult) => R,
): Promise<PartialFile<R>>;
export async function runShard<R>(
  points: StudyPoint[],
  shard: Shard,
  opts: StudyOptions = {},
  reduce: (r: ReplicationResult) => R = (r) => r as R,
): Promise<PartialFile<R>> {
  const reps = Math.max(...points.map((p) => fixedReplications(p, opts)));
  const tasks: { point: number; replication: number }[] = [];
  points.forEach((_, pi) => {
    for (let r = 0; r < reps; r++) tasks.push({ point: pi, replication: r });
  });
  const mine = tasks.filter((_, i) => i % shard.count === shard.index);
  const pool = new ReplicationPool(opts.workers ?? defaultWorkers());
  try {
    const warmups = await shardWarmups(pool, points, mine, opts);
    const jobs = mine.map((t) => ({
      scenario: points[t.point].scenario,
      seed: opts.seed ?? points[t.point].scenario.seed,
      replication: t.replication,
      warmup: warmups.get(t.point)!,
    }));
    const progress = trackProgress((done, running) => opts.onProgress?.(done, jobs.length, running));
    const results = await pool.run(jobs, progress.onDone, opts.signal, progress.onPartial, reduce);
    return {
      format: 'nmsim-partial/1',
      study: studyId(points, opts.seed, reps),
      shard,
      points: points.map((p) => p.label),
      replications: reps,
      tasks: mine.map((t, i) => ({ ...t, warmup: jobs[i].warmup, result: results[i] })),
    };
  } finally {
    pool.close();
  }
}

/**
 * The warm-up of each point this shard has tasks of. The pilots of `warmup: auto` run on the
 * pool, as `run`'s do, so Ctrl-C or SIGTERM is taken while they run (on worker threads, or in
 * steps of events on this one with one worker; run in one piece here, a pilot held the signal
 * for its whole length).
 */
async function shardWarmups(
  pool: ReplicationPool,
  points: StudyPoint[],
  mine: { point: number }[],
  opts: StudyOptions,
): Promise<Map<number, number>> {
  const warmups = new Map<number, number>();
  const auto: number[] = [];
  for (const pi of new Set(mine.map((t) => t.point))) {
    const w = points[pi].scenario.warmup;
    if (w === 'auto') auto.push(pi);
    else warmups.set(pi, w);
  }
  const seedOf = (pi: number): string | number => opts.seed ?? points[pi].scenario.seed;
  const pilots = await pool.run(
    auto.map((pi) => ({ scenario: pilotScenario(points[pi].scenario), seed: seedOf(pi), replication: -1, warmup: 0 })),
    undefined,
    opts.signal,
  );
  auto.forEach((pi, i) => warmups.set(pi, warmupFromPilot(pilots[i])));
  return warmups;
}

/** At most this many missing shards are named in merge's error (a file may claim any count). */
const NAMED_MISSING = 10;

/**
 * The shards of the study that no partial covers, when every partial was cut the same way (same
 * count): an array job's failed task is named by its index. Partials cut differently are checked
 * task by task instead. Names the first NAMED_MISSING without walking a huge claimed count.
 */
function missingShards(partials: PartialFile<unknown>[]): { count: number; named: number[] } {
  const n = partials[0].shard.count;
  if (partials.some((p) => p.shard.count !== n)) return { count: 0, named: [] };
  const given = new Set(partials.map((p) => p.shard.index).filter((i) => i >= 0 && i < n));
  const named: number[] = [];
  for (let i = 0; i < n && named.length < NAMED_MISSING; i++) if (!given.has(i)) named.push(i);
  return { count: n - given.size, named };
}

/**
 * Combines partial files into one ScenarioResult per point. Throws ShardError when partials
 * come from different studies, or tasks are missing or duplicated.
 */
export function mergePartials(
  points: StudyPoint[],
  partials: PartialFile[],
  opts: StudyOptions = {},
): ScenarioResult[] {
  const { byPoint, warmup } = collectPartials(points, partials, opts);
  return combining(() =>
    points.map((pt, pi) => {
      const p = new Point(pt.label, pt.scenario, opts.file);
      p.reps.push(...byPoint[pi]);
      p.warmup = warmup[pi];
      return aggregatePoint(p, opts.seed ?? pt.scenario.seed);
    }),
  );
}

/**
 * Runs the combination of checked partials. Their digests hold and every task is in its place,
 * but the digest is a checksum, not a signature: a result edited and sealed again can still have
 * the wrong shape, and the error combining it is bad input (exit 2), not a crash.
 */
export function combining<T>(combine: () => T): T {
  try {
    return combine();
  } catch (e) {
    if (e instanceof ShardError) throw e;
    throw new ShardError(
      `merge: the partial files hold results that cannot be combined (${(e as Error).message}); ` +
        'a task result was edited and the file sealed again',
    );
  }
}

/**
 * Checks that partial files belong to this study and cover every task exactly once, and returns
 * each point's task results in replication order with its warm-up. Throws ShardError.
 */
export function collectPartials<R>(
  points: StudyPoint[],
  partials: PartialFile<R>[],
  opts: StudyOptions = {},
): { byPoint: R[][]; warmup: number[] } {
  if (partials.length === 0) throw new ShardError('merge: no partial files');
  const first = partials[0];
  for (const p of partials) {
    if (p.format !== 'nmsim-partial/1') throw new ShardError('merge: not an nmsim partial file');
    if (p.study !== first.study)
      throw new ShardError('merge: partial files come from different studies (points, seed or replications differ)');
  }
  const expected = studyId(points, opts.seed, first.replications);
  if (expected !== first.study)
    throw new ShardError(
      'merge: the partial files do not match this study (scenario, --set values, seed or replications differ)',
    );
  const absent = missingShards(partials);
  if (absent.count > 0) {
    const n = first.shard.count;
    const one = absent.count === 1;
    const more = absent.count > absent.named.length ? ` and ${absent.count - absent.named.length} more` : '';
    throw new ShardError(
      `merge: ${one ? 'shard' : 'shards'} ${absent.named.join(', ')}${more} of ${n} ${one ? 'is' : 'are'} missing ` +
        `(the task failed or its partial file was not given); rerun ${one ? 'it' : 'each'} with ` +
        (one ? `--shard ${absent.named[0]}/${n}` : `--shard i/${n}`),
    );
  }
  const byPoint: (R | undefined)[][] = points.map(() => new Array<R | undefined>(first.replications).fill(undefined));
  const warmup: number[] = points.map(() => 0);
  for (const p of partials)
    for (const t of p.tasks) {
      if (byPoint[t.point][t.replication] !== undefined)
        throw new ShardError(`merge: task (point ${t.point}, replication ${t.replication}) appears twice`);
      byPoint[t.point][t.replication] = t.result;
      warmup[t.point] = t.warmup;
    }
  points.forEach((pt, pi) => {
    const missing = byPoint[pi].findIndex((r) => r === undefined);
    if (missing >= 0)
      throw new ShardError(
        `merge: ${pt.label} replication ${missing} is missing (a shard was not run or its file not given)`,
      );
  });
  return { byPoint: byPoint as R[][], warmup };
}
