/**
 * nmsim compare <a> <b> ...: run every scenario with the same seed (common random numbers),
 * print them side by side and the paired differences against the first.
 */
import type { Argv, CommandModule } from 'yargs';
import type { LoadedScenario, ValidateOptions } from '../../scenario/load.js';
import { loadScenarioWithSets, type FieldSet } from '../../scenario/overrides.js';
import { ScenarioError, type ScenarioIssue } from '../../scenario/errors.js';
import { compareCsv } from '../csv.js';
import { globalOptions, guarded, UsageError, warnRunLength, writeAndPrint, type GlobalArgs } from '../common.js';
import { comparison } from '../format.js';
import { fileStem } from '../output.js';
import { renderHtml } from '../report.js';
import { unconfirmedNote } from '../robust-text.js';
import { parseFieldSets } from '../set.js';
import type { CompareResult } from '../types.js';

interface CompareArgs extends GlobalArgs {
  scenarios: string[];
  set?: string[];
}

/** Loads every file (with `sets` applied to each), reporting the problems of all of them at once. */
export function loadAll(files: string[], sets: readonly FieldSet[] = [], opts: ValidateOptions = {}): LoadedScenario[] {
  const issues: ScenarioIssue[] = [];
  const out: LoadedScenario[] = [];
  for (const f of files) {
    try {
      out.push(loadScenarioWithSets(f, sets, opts));
    } catch (e) {
      if (e instanceof ScenarioError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return out;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenarios', {
        type: 'string',
        array: true,
        describe: 'Two or more scenario files; the first is the baseline',
      })
      .option('set', {
        type: 'string',
        array: true,
        describe: 'path=value: set a field in every scenario (a YAML value, as in sweep); repeat for several fields',
      })
      .check((a) => {
        if (!Array.isArray(a.scenarios) || a.scenarios.length < 2)
          throw new UsageError('compare needs at least two scenario files');
        return true;
      })
      .example('$0 compare scenarios/incident.yaml scenarios/haproxy.yaml', 'The incident against the HAProxy fix')
      .example('$0 compare scenarios/incident.yaml scenarios/split-*.yaml --replications 10', 'Several fixes at once')
      .example(
        '$0 compare scenarios/incident.yaml scenarios/haproxy.yaml --set topology.networks[0].instances=500',
        'Both designs at 500 instances',
      )
      .epilogue(
        'Every scenario runs with the seed of the first (or --seed): the model names its random streams, so the ' +
          'designs see the same client behaviour and service times (common random numbers). Differences are ' +
          'paired by replication, which makes their intervals much narrower than those of separate runs. ' +
          'Files: <out>/compare-<a>-vs-<b>.json (CompareResult: results + differences), .csv and .html.',
      ) as unknown as Argv<CompareArgs>,
  handler: (a) =>
    guarded(async () => {
      const loaded = loadAll(a.scenarios, parseFieldSets(a.set), { allowLarge: a.allowLarge });
      warnRunLength(
        a,
        loaded.map((l) => l.scenario),
      );
      const seed = a.seed ?? loaded[0].scenario.seed;
      const { pairedDifferences, Point, runPoints } = await import('../study.js');
      const points = loaded.map((l) => new Point(l.scenario.name, l.scenario, l.file));
      const results = await runPoints(a, seed, points);
      const compare: CompareResult = {
        kind: 'compare',
        seed,
        scenarios: loaded.map((l, i) => ({ name: results[i].meta.name, file: l.file, hash: results[i].meta.hash })),
        differences: points.slice(1).map((p, i) => ({
          scenario: results[i + 1].meta.name,
          baseline: results[0].meta.name,
          ...pairedDifferences(points[0].reps, p.reps),
        })),
        results,
      };
      const stem = `compare-${loaded.map((l) => fileStem(l.file)).join('-vs-')}`.slice(0, 120);
      const html = a.report
        ? await renderHtml({
            kind: 'compare',
            results,
            differences: compare.differences,
            sourceFiles: loaded.flatMap((l) => l.sources),
          })
        : undefined;
      const caveat = unconfirmedNote(
        loaded.map((l) => l.scenario),
        a.scenarios,
      );
      await writeAndPrint(a, {
        stem,
        json: compare,
        csv: { name: `${stem}.csv`, content: () => compareCsv(compare) },
        html,
        machine: compare,
        text: caveat ? `${comparison(compare).replace(/\n?$/, '\n')}\n${caveat}` : comparison(compare),
      });
    }),
};
