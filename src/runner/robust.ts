/**
 * `nmsim robust`: does a design's verdict survive the parameters nobody has measured? Every
 * design runs in the same worlds (src/runner/robust-plan.ts) with the same seed; each world's
 * replications are reduced to the SLO metrics as they arrive, and the analysis
 * (src/runner/robust-analysis.ts) turns them into shares of worlds, tornados and the decisive
 * parameter.
 *
 * The work is the sweep's: one task per (design, world, replication), run on the worker pool,
 * optionally one shard of it (`--shard i/n`). An unsharded study is one shard of one merged
 * with itself, so its output is the same bytes whatever the split or the worker count.
 */
import type { ReplicationResult } from '../stats/results.js';
import { sloMetricValue } from '../stats/aggregate.js';
import { analyseRobust, type RobustResult, type Slo } from './robust-analysis.js';
import { DEFAULT_SAMPLES, DEFAULT_WORLD_REPLICATIONS, planRobust, robustPoints, type Design } from './robust-plan.js';
import { collectPartials, combining, runShard, ShardError, type PartialFile, type Shard } from './shard.js';

export type { RobustResult, Slo } from './robust-analysis.js';
export type { Design } from './robust-plan.js';

export interface RobustOptions {
  slos: Slo[];
  samples?: number;
  /** One-at-a-time worlds (low and high of each parameter); default true. */
  oat?: boolean;
  seed?: string | number;
  replications?: number;
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, running?: number) => void;
}

/** What fixes a study: enough to rebuild its worlds and points on another machine. */
export interface RobustSetup {
  designs: { label: string; file?: string; scenario: Design['scenario'] }[];
  slos: Slo[];
  samples: number;
  oat: boolean;
  /** Seed of every design's runs and of the Latin hypercube: --seed, else the first design's (as `compare`). */
  seed: string | number;
  replications: number;
}

/** A replication reduced to the SLO metrics (null: not defined, e.g. no request ended). */
export type RepMetrics = Record<string, number | null>;

export interface RobustPartial extends PartialFile<RepMetrics> {
  kind: 'robust-partial';
  robust: RobustSetup;
}

export function robustSetup(designs: Design[], opts: RobustOptions): RobustSetup {
  return {
    designs: designs.map((d) => ({
      label: d.label,
      ...(d.file !== undefined ? { file: d.file } : {}),
      scenario: d.scenario,
    })),
    slos: opts.slos,
    samples: opts.samples ?? DEFAULT_SAMPLES,
    oat: opts.oat ?? true,
    seed: opts.seed ?? designs[0].scenario.seed,
    replications: opts.replications ?? DEFAULT_WORLD_REPLICATIONS,
  };
}

function study(setup: RobustSetup) {
  const plan = planRobust(setup.designs, { samples: setup.samples, seed: setup.seed, oat: setup.oat });
  return { plan, points: robustPoints(setup.designs, plan) };
}

/**
 * Points (world x design) of a study, for checking a partial's task indices. A definition read
 * from a file that cannot be planned has none, so every task of it is refused.
 */
export function robustPointCount(setup: RobustSetup): number {
  try {
    return study(setup).points.length;
  } catch {
    return 0;
  }
}

/** Replications the study runs in all (for the progress bar and the planner). */
export function robustTasks(setup: RobustSetup): number {
  const worlds = 1 + (setup.oat ? 2 : 0) * study(setup).plan.parameters.length + setup.samples;
  return worlds * setup.designs.length * setup.replications;
}

const reduceTo =
  (slos: Slo[]) =>
  (r: ReplicationResult): RepMetrics =>
    Object.fromEntries(
      [...new Set(slos.map((s) => s.metric))].map((m) => {
        const v = sloMetricValue(r, m);
        return [m, Number.isFinite(v) ? v : null];
      }),
    );

/** Runs one shard of a robustness study and returns its partial file. */
export async function runRobustShard(setup: RobustSetup, shard: Shard, opts: RobustOptions): Promise<RobustPartial> {
  const { points } = study(setup);
  const partial = await runShard(
    points,
    shard,
    {
      seed: setup.seed,
      replications: setup.replications,
      workers: opts.workers,
      signal: opts.signal,
      onProgress: opts.onProgress,
    },
    reduceTo(setup.slos),
  );
  return { ...partial, kind: 'robust-partial', robust: setup };
}

/** Combines the partial files of one study (every shard exactly once) into its result. */
export function mergeRobust(partials: RobustPartial[]): RobustResult {
  if (partials.length === 0) throw new ShardError('merge: no partial files');
  const setup = partials[0].robust;
  const { plan, points } = study(setup);
  const { byPoint } = collectPartials(points, partials, { seed: setup.seed });
  return combining(() => analyseRobust(setup, plan, byPoint));
}

/** The whole study on this machine. */
export async function runRobust(designs: Design[], opts: RobustOptions): Promise<RobustResult> {
  const setup = robustSetup(designs, opts);
  const partial = await runRobustShard(setup, { index: 0, count: 1 }, opts);
  // Through JSON, as a shard's file travels, so the one-machine bytes are the merged bytes.
  return mergeRobust([JSON.parse(JSON.stringify(partial)) as RobustPartial]);
}
