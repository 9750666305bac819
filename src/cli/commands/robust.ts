/**
 * nmsim robust <scenario...>: do the designs' verdicts survive the parameters nobody has
 * measured? Every design runs in the same plausible worlds (src/runner/robust.ts); prints the
 * share of worlds meeting the SLO per design, the decisive parameter, pairwise wins and the
 * one-at-a-time tornado, and writes <out>/<stem>-robust.{json,csv,html}.
 */
import type { Argv, CommandModule } from 'yargs';
import { sealPartial } from '../../runner/partial-integrity.js';
import { loadScenarioFile } from '../../scenario/load.js';
import type { RobustPartial, RobustResult, RobustSetup } from '../../runner/robust.js';
import { DEFAULT_SAMPLES, DEFAULT_WORLD_REPLICATIONS, MAX_SAMPLES } from '../../runner/robust-plan.js';
import {
  globalOptions,
  guarded,
  interrupt,
  note,
  print,
  printJson,
  toJsonText,
  UsageError,
  writeAll,
  writeAndPrint,
  type GlobalArgs,
  type OutputArgs,
} from '../common.js';
import { fileStem } from '../output.js';
import { progressFor } from '../progress.js';
import { renderHtml } from '../report.js';
import { robustCsv, robustText } from '../robust-text.js';
import { parseSlo } from '../set.js';

interface RobustArgs extends GlobalArgs {
  scenarios: string[];
  slo?: string[];
  samples: number;
  oat: boolean;
  shard?: string;
}

export const robustCommand: CommandModule<object, RobustArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenarios', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Scenario files (designs)',
      })
      .option('slo', {
        type: 'string',
        array: true,
        describe: "Objective(s), all of which must hold, e.g. 'p99<2s' (default: the first scenario's slo)",
      })
      .option('samples', {
        type: 'number',
        default: DEFAULT_SAMPLES,
        describe: `Latin-hypercube worlds (2-${MAX_SAMPLES}); each runs --replications (default ${DEFAULT_WORLD_REPLICATIONS}) per design`,
      })
      .option('oat', {
        type: 'boolean',
        default: true,
        describe: 'Also run each parameter at its low and its high, others at default (the tornado; --no-oat skips it)',
      })
      .option('shard', {
        type: 'string',
        describe: 'Run one slice i/n of the tasks and write a partial file for `nmsim merge` (as sweep)',
      })
      .check((a) => {
        const n = a.samples;
        if (!Number.isInteger(n) || n < 2 || n > MAX_SAMPLES)
          throw new UsageError(`--samples must be a whole number from 2 to ${MAX_SAMPLES}, got ${String(n)}`);
        return true;
      })
      .example("$0 robust scenarios/incident.yaml scenarios/haproxy.yaml --slo 'p99<2s'", 'Two designs, 64 worlds')
      .example('$0 robust scenarios/pool-1000.yaml --samples 128 -r 2 --shard 0/4', 'One of 4 shards; then nmsim merge')
      .epilogue(
        'The uncertain parameters are the [unconfirmed] fields a design uses, over the plausible ranges in ' +
          "scenarios/REFERENCE.md, and any field in the scenario's `ranges:` (which also replace a default range). " +
          'Every design runs in the same worlds with the seed of the first (or --seed). Files: <out>/<stem>-robust.json ' +
          '(RobustResult), <out>/<stem>-robust.csv (one row per world and design) and <out>/<stem>-robust.html.',
      ) as unknown as Argv<RobustArgs>,
  handler: (a) =>
    guarded(async () => {
      const loaded = a.scenarios.map((f) => loadScenarioFile(f, { allowLarge: a.allowLarge }));
      const slos = a.slo?.length ? a.slo.map(parseSlo) : [loaded[0].scenario.slo];
      const { robustSetup, runRobustShard, mergeRobust, robustTasks } = await import('../../runner/robust.js');
      const labels = uniqueLabels(loaded.map((l) => l.scenario.name));
      const setup = robustSetup(
        loaded.map((l, i) => ({ label: labels[i], scenario: l.scenario, file: l.file })),
        { slos, samples: a.samples, oat: a.oat, seed: a.seed, replications: a.replications },
      );
      const stem = robustStem(setup);
      const shard = a.shard !== undefined ? (await import('../../runner/shard.js')).resolveShard(a.shard) : undefined;
      const total = robustTasks(setup);
      const bar = progressFor(a);
      bar.stage(shard ? `shard ${shard.index}/${shard.count}` : 'robust');
      let partial: RobustPartial;
      try {
        partial = await runRobustShard(setup, shard ?? { index: 0, count: 1 }, {
          slos,
          workers: a.workers,
          signal: interrupt.signal,
          onProgress: (d, t, r) => bar.update(d, t, r),
        });
      } finally {
        bar.stop();
      }
      if (shard) return writeShard(a, stem, partial, shard, total);
      await emitRobust(a, stem, mergeRobust([JSON.parse(toJsonText(partial)) as RobustPartial]));
    }),
};

/** Output file stem: the designs' file names, e.g. incident-vs-haproxy-robust. */
export function robustStem(setup: RobustSetup): string {
  return `${setup.designs.map((d) => fileStem(d.file ?? d.label)).join('-vs-')}`.slice(0, 100) + '-robust';
}

function uniqueLabels(names: string[]): string[] {
  return names.map((n, i) =>
    names.indexOf(n) === i ? n : `${n} (${names.slice(0, i).filter((m) => m === n).length + 1})`,
  );
}

async function writeShard(
  a: RobustArgs,
  stem: string,
  p: RobustPartial,
  shard: { index: number; count: number },
  total: number,
) {
  // Sealed like a sweep's partial: merge refuses it edited, damaged or with tasks out of place.
  const written = await writeAll(a, [
    { name: `${stem}-shard-${shard.index}-of-${shard.count}.json`, content: toJsonText(sealPartial(p)) },
  ]);
  printJson(a, { partial: written[0], tasks: p.tasks.length, shard });
  print(a, `shard ${shard.index} of ${shard.count}: ${p.tasks.length} of ${total} tasks`);
  for (const f of written) (a.json ? note : print)(a, `wrote ${f}`);
  note(a, `when every shard has run: nmsim merge <out>/${stem}-shard-*-of-${shard.count}.json`);
}

/** Writes and prints a robustness study: used by `robust` and by `merge` after shards. */
export async function emitRobust(a: OutputArgs, stem: string, r: RobustResult): Promise<void> {
  const html = a.report ? await renderHtml({ kind: 'robust', results: [], robust: r }) : undefined;
  await writeAndPrint(a, {
    stem,
    json: r,
    csv: { name: `${stem}.csv`, content: () => robustCsv(r) },
    html,
    machine: r,
    text: robustText(r),
  });
}
