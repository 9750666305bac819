/**
 * nmsim sweep <scenario> --set path=v1,v2,... [--set path2=...]: run the scenario at every
 * point of a one- or two-parameter grid (same seed everywhere) and tabulate the metrics.
 */
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError, type ScenarioIssue } from '../../scenario/errors.js';
import { MAX_SWEEP_POINTS } from '../../scenario/bounds.js';
import { sealPartial } from '../../runner/partial-integrity.js';
import { readScenario, scenarioDigest, validateScenario, type RawScenario } from '../../scenario/load.js';
import { setsLabel, variantOf } from '../../scenario/overrides.js';
import type { Scenario } from '../../scenario/schema.js';
import { sweepCsv } from '../csv.js';
import {
  globalOptions,
  guarded,
  interrupt,
  note,
  print,
  printJson,
  toJsonText,
  UsageError,
  warnRunLength,
  writeAll,
  writeAndPrint,
  type GlobalArgs,
  type OutputArgs,
} from '../common.js';
import { sweepTable } from '../format.js';
import { fileStem } from '../output.js';
import { progressFor } from '../progress.js';
import { renderHtml } from '../report.js';
import { parseSet, type SetArg } from '../set.js';
import { metricEstimate } from '../metrics.js';
import { STUDY_METRICS, type StudyMetric, type SweepResult, type SweepTable } from '../types.js';
import type { Estimate, ScenarioResult } from '../../stats/results.js';
import type { PartialFile } from '../../runner/shard.js';

interface SweepArgs extends GlobalArgs {
  scenario: string;
  set: string[];
  shard?: string;
}

/** What a shard's partial file carries besides its tasks, so `merge` needs nothing else. */
export interface SweepPartial extends PartialFile {
  kind: 'sweep-partial';
  /** sha256 of the rest of the file (runner/partial-integrity.ts), checked by merge. */
  digest?: string;
  /** --seed given to the shards, if any (part of the study's identity). */
  seed?: string | number;
  sweep: {
    base: { name: string; file: string; hash: string; seed: string | number };
    parameters: { path: string; values: unknown[] }[];
    points: { values: unknown[]; index: number[]; label: string; scenario: Scenario }[];
    sources: { path: string; sha256: string }[];
  };
}

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function grid(params: SetArg[]): { values: unknown[]; index: number[] }[] {
  let out: { values: unknown[]; index: number[] }[] = [{ values: [], index: [] }];
  for (const p of params)
    out = out.flatMap((pt) => p.values.map((v, i) => ({ values: [...pt.values, v], index: [...pt.index, i] })));
  return out;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)', demandOption: true })
      .option('set', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'path=v1,v2,...: a scenario field and its values (YAML scalars); give it once or twice',
      })
      .option('shard', {
        type: 'string',
        describe:
          'Run one slice i/n of the points x replications and write a partial file for `nmsim merge` ' +
          '(auto/n or auto: index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)',
      })
      .check((a) => {
        const sets = a.set as string[] | undefined;
        if (!sets || sets.length < 1 || sets.length > 2)
          throw new UsageError('sweep takes one or two --set parameters (a line or a grid)');
        return true;
      })
      .example('$0 sweep scenarios/incident.yaml --set proxy.eventlet.poolSize=100,200,500,1000', 'Pool size')
      .example(
        '$0 sweep scenarios/incident.yaml --set topology.networks[0].instances=250,500,1000 --set release=mitaka,pike',
        'A grid: instances x release',
      )
      .example("$0 sweep my.yaml --set 'agent.rpcLatency={kind: constant, value: 0.01},0.1'", 'Flow-style values')
      .example(
        '$0 sweep s.yaml --set proxy.eventlet.poolSize=100,1000 -r 20 --shard 3/8',
        'One of 8 shards; then nmsim merge',
      )
      .epilogue(
        'Paths are dotted scenario fields with [i] for list items (see scenarios/REFERENCE.md); values are parsed ' +
          'as YAML, so 100 is a number, 30s a duration, pike a string. Each point is validated like a file. ' +
          'Every point uses the same seed. Files: <out>/<name>-sweep.json (SweepResult: the table and every ' +
          "point's ScenarioResult), <out>/<name>-sweep.csv (one row per point) and <out>/<name>-sweep.html.\n" +
          '--json prints the table (SweepTable) only.',
      ) as unknown as Argv<SweepArgs>,
  handler: (a) =>
    guarded(async () => {
      const params = a.set.map(parseSet);
      if (new Set(params.map((p) => p.path)).size !== params.length)
        throw new UsageError('sweep: the two --set parameters must be different fields');
      // Counted before any point is built: a 1000 x 1000 grid would spend minutes validating.
      const gridSize = params.reduce((n, p) => n * p.values.length, 1);
      if (gridSize > MAX_SWEEP_POINTS && !a.allowLarge)
        throw new UsageError(
          `sweep: ${gridSize} points, over the cap of ${MAX_SWEEP_POINTS}; use fewer values or pass --allow-large`,
        );
      const chain = readScenario(a.scenario);
      const base = validateScenario(chain, [], { allowLarge: a.allowLarge });

      // Build and validate every point before running any.
      const pts = grid(params);
      const scenarios = validatePoints(chain, base, params, pts, a.allowLarge);

      // One warning for the study, not one per point that shares it.
      warnRunLength(
        a,
        scenarios.map((s) => ({ ...s, name: base.name })),
      );
      const seed = a.seed ?? base.seed;
      const labels = pts.map((pt) => labelOf(params, pt.values));
      const ctx: SweepContext = {
        base: { name: base.name, file: chain.file, hash: scenarioDigest(base).hash, seed },
        parameters: params.map((p) => ({ path: p.path, values: p.values })),
        points: pts.map((pt, i) => ({ values: pt.values, index: pt.index, label: labels[i], scenario: scenarios[i] })),
        sources: chain.sources,
      };
      if (a.shard !== undefined) return runSweepShard(a, ctx);
      const { Point, runPoints } = await import('../study.js');
      const points = scenarios.map((s, i) => new Point(labels[i], s, chain.file));
      // --seed overrides every point's seed; otherwise each point keeps its own (the base
      // scenario's, unless `seed` itself is swept).
      const results = await runPoints(a, a.seed, points);
      await emitSweep(a, ctx, results);
    }),
};

interface SweepContext {
  base: SweepPartial['sweep']['base'];
  parameters: SweepPartial['sweep']['parameters'];
  points: SweepPartial['sweep']['points'];
  sources: SweepPartial['sweep']['sources'];
}

async function runSweepShard(a: SweepArgs, ctx: SweepContext): Promise<void> {
  const { resolveShard, runShard } = await import('../../runner/shard.js');
  const shard = resolveShard(a.shard!);
  const bar = progressFor(a);
  let partial: PartialFile;
  bar.stage(`shard ${shard.index}/${shard.count}`);
  try {
    partial = await runShard(
      ctx.points.map((p) => ({ label: p.label, scenario: p.scenario })),
      shard,
      {
        seed: a.seed,
        replications: a.replications,
        workers: a.workers,
        file: ctx.base.file,
        signal: interrupt.signal,
        onProgress: (d, t, r) => bar.update(d, t, r),
      },
    );
  } finally {
    bar.stop();
  }
  const file: SweepPartial = sealPartial({
    ...partial,
    kind: 'sweep-partial' as const,
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    sweep: ctx,
  });
  const name = `${fileStem(ctx.base.file)}-sweep-shard-${shard.index}-of-${shard.count}.json`;
  const written = await writeAll(a, [{ name, content: toJsonText(file) }]);
  printJson(a, { partial: written[0], tasks: partial.tasks.length, shard });
  print(
    a,
    `shard ${shard.index} of ${shard.count}: ${partial.tasks.length} of ${ctx.points.length * partial.replications} tasks`,
  );
  for (const f of written) (a.json ? note : print)(a, `wrote ${f}`);
  note(
    a,
    `when every shard has run: nmsim merge <out>/${fileStem(ctx.base.file)}-sweep-shard-*-of-${shard.count}.json`,
  );
}

/** Tabulates and writes a sweep's results: used by `sweep` and by `merge` after shards. */
export async function emitSweep(a: OutputArgs, ctx: SweepContext, results: ScenarioResult[]): Promise<void> {
  const table: SweepTable = {
    kind: 'sweep',
    scenario: { name: ctx.base.name, file: ctx.base.file, hash: ctx.base.hash },
    seed: ctx.base.seed,
    parameters: ctx.parameters,
    rows: results.map((r, i) => ({
      values: ctx.points[i].values,
      index: ctx.points[i].index,
      label: ctx.points[i].label,
      replications: r.meta.replications,
      requests: r.requestsSimulated,
      metrics: Object.fromEntries(STUDY_METRICS.map((m) => [m, metricEstimate(r, m)])) as Record<StudyMetric, Estimate>,
      slo: r.slo,
    })),
  };
  const sweep: SweepResult = {
    ...table,
    points: results.map((r, i) => ({
      values: ctx.points[i].values,
      index: ctx.points[i].index,
      label: ctx.points[i].label,
      result: r,
    })),
  };
  const stem = `${fileStem(ctx.base.file)}-sweep`;
  const html = a.report ? await renderHtml({ kind: 'sweep', results, sweep, sourceFiles: ctx.sources }) : undefined;
  await writeAndPrint(a, {
    stem,
    json: sweep,
    csv: { name: `${stem}.csv`, content: () => sweepCsv(table) },
    html,
    machine: table,
    text: sweepTable(table),
  });
}

/** Every grid point's scenario, validated; all the points' problems together, each once. */
function validatePoints(
  chain: RawScenario,
  base: Scenario,
  params: SetArg[],
  pts: { values: unknown[] }[],
  allowLarge: boolean,
): Scenario[] {
  const issues: ScenarioIssue[] = [];
  const scenarios: Scenario[] = [];
  for (const pt of pts) {
    const sets = params.map((p, i) => ({ path: p.path, segments: p.segments, value: pt.values[i] }));
    try {
      const s = variantOf(chain, base, sets, { allowLarge });
      scenarios.push({ ...s, name: `${s.name} [${setsLabel(sets)}]` });
    } catch (e) {
      if (e instanceof ScenarioError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length > 0) {
    const seen = new Set<string>();
    throw new ScenarioError(issues.filter((i) => !seen.has(JSON.stringify(i)) && !!seen.add(JSON.stringify(i))));
  }
  return scenarios;
}

function labelOf(params: SetArg[], values: unknown[]): string {
  return setsLabel(params.map((p, i) => ({ path: p.path, segments: p.segments, value: values[i] })));
}
