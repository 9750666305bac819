/**
 * nmsim sweep <scenario> --set path=v1,v2,... [--set path2=...]: run the scenario at every
 * point of a one- or two-parameter grid (same seed everywhere) and tabulate the metrics.
 */
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError, type ScenarioIssue } from '../../scenario/errors.js';
import { readScenario, scenarioDigest, validateScenario } from '../../scenario/load.js';
import { PathError, setPath } from '../../scenario/paths.js';
import type { Scenario } from '../../scenario/schema.js';
import { sweepCsv } from '../csv.js';
import {
  globalOptions,
  guarded,
  interrupt,
  note,
  print,
  printJson,
  progressBar,
  toJsonText,
  UsageError,
  writeAll,
  type GlobalArgs,
} from '../common.js';
import { sweepTable } from '../format.js';
import { fileStem } from '../output.js';
import { renderHtml } from '../report.js';
import { parseSet, type SetArg } from '../set.js';
import { metricEstimate } from '../metrics.js';
import { STUDY_METRICS, type StudyMetric, type SweepResult, type SweepTable } from '../types.js';
import type { Estimate } from '../../stats/results.js';

interface SweepArgs extends GlobalArgs {
  scenario: string;
  set: string[];
}

const showValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function grid(params: SetArg[]): { values: unknown[]; index: number[] }[] {
  let out: { values: unknown[]; index: number[] }[] = [{ values: [], index: [] }];
  for (const p of params)
    out = out.flatMap((pt) => p.values.map((v, i) => ({ values: [...pt.values, v], index: [...pt.index, i] })));
  return out;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <scenario>',
  describe: 'Run a scenario over a grid of one or two parameters',
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)', demandOption: true })
      .option('set', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'path=v1,v2,...: a scenario field and its values (YAML scalars); give it once or twice',
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
      const chain = readScenario(a.scenario);
      const base = validateScenario(chain);

      // Build and validate every point before running any.
      const pts = grid(params);
      const issues: ScenarioIssue[] = [];
      const scenarios: Scenario[] = [];
      for (const pt of pts) {
        let raw: unknown = chain.raw;
        const overrides = params.map((p, i) => ({
          path: p.segments,
          label: `--set ${p.path}=${showValue(pt.values[i])}`,
        }));
        try {
          params.forEach((p, i) => (raw = setPath(raw, p.segments, pt.values[i], base)));
          const s = validateScenario({ ...chain, raw: raw as Record<string, unknown> }, overrides);
          scenarios.push({ ...s, name: `${s.name} [${labelOf(params, pt.values)}]` });
        } catch (e) {
          if (e instanceof ScenarioError) issues.push(...e.issues);
          else if (e instanceof PathError)
            issues.push({ file: overrides.map((o) => o.label).join(' '), path: '', message: e.message });
          else throw e;
        }
      }
      if (issues.length > 0) {
        const seen = new Set<string>();
        throw new ScenarioError(issues.filter((i) => !seen.has(JSON.stringify(i)) && !!seen.add(JSON.stringify(i))));
      }

      const seed = a.seed ?? base.seed;
      const { plannedReplications, Point, Study } = await import('../study.js');
      const bar = progressBar(a);
      let label = '';
      // --seed overrides every point's seed; otherwise each point keeps its own (the base
      // scenario's, unless `seed` itself is swept).
      const study = new Study({
        seed: a.seed,
        replications: a.replications,
        workers: a.workers,
        signal: interrupt.signal,
        onProgress: (done, total) => bar.update(done, total, label),
      });
      const points = scenarios.map((s, i) => new Point(labelOf(params, pts[i].values), s, chain.file));
      try {
        study.plan(points.reduce((n, p) => n + plannedReplications(p.scenario, a.replications), 0));
        for (const p of points) {
          label = p.label.slice(0, 40);
          await study.runByRule(p);
        }
      } finally {
        bar.stop();
        study.close();
      }
      const results = points.map((p) => study.result(p));
      const table: SweepTable = {
        kind: 'sweep',
        scenario: { name: base.name, file: chain.file, hash: scenarioDigest(base).hash },
        seed,
        parameters: params.map((p) => ({ path: p.path, values: p.values })),
        rows: results.map((r, i) => ({
          values: pts[i].values,
          index: pts[i].index,
          label: points[i].label,
          replications: r.meta.replications,
          requests: r.requestsSimulated,
          metrics: Object.fromEntries(STUDY_METRICS.map((m) => [m, metricEstimate(r, m)])) as Record<
            StudyMetric,
            Estimate
          >,
          slo: r.slo,
        })),
      };
      const sweep: SweepResult = {
        ...table,
        points: results.map((r, i) => ({
          values: pts[i].values,
          index: pts[i].index,
          label: points[i].label,
          result: r,
        })),
      };
      const stem = `${fileStem(chain.file)}-sweep`;
      const html = a.report
        ? await renderHtml({ kind: 'sweep', results, sweep, sourceFiles: chain.sources })
        : undefined;
      const written = writeAll(a, [
        { name: `${stem}.json`, content: toJsonText(sweep) },
        { name: `${stem}.csv`, content: () => sweepCsv(table) },
        ...(html !== undefined ? [{ name: `${stem}.html`, content: html }] : []),
      ]);
      printJson(a, table);
      print(a, sweepTable(table));
      print(a, '');
      for (const f of written) (a.json ? note : print)(a, `wrote ${f}`);
    }),
};

function labelOf(params: SetArg[], values: unknown[]): string {
  return params.map((p, i) => `${p.path}=${showValue(values[i])}`).join(', ');
}
