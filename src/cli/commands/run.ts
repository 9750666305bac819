/**
 * nmsim run <scenario>: simulate one scenario, print its summary, write
 * <out>/<name>.json (the ScenarioResult), <out>/<name>-latency.csv and <out>/<name>.html.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadScenarioWithSets } from '../../scenario/overrides.js';
import { latencyCsv } from '../csv.js';
import { globalOptions, guarded, interrupt, warnRunLength, writeAndPrint, type GlobalArgs } from '../common.js';
import { summary } from '../format.js';
import { fileStem } from '../output.js';
import { batchLine, progressFor } from '../progress.js';
import { renderHtml } from '../report.js';
import { unconfirmedNote } from '../robust-text.js';
import { parseFieldSets } from '../set.js';

interface RunArgs extends GlobalArgs {
  scenario: string;
  set?: string[];
}

export const runCommand: CommandModule<object, RunArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)', demandOption: true })
      .option('set', {
        type: 'string',
        array: true,
        describe: 'path=value: set a scenario field (a YAML value, as in sweep); repeat for several fields',
      })
      .example(
        '$0 run scenarios/incident.yaml',
        'Simulate the incident; writes reports/incident.{json,html} and -latency.csv',
      )
      .example('$0 run scenarios/haproxy.yaml --replications 10 --seed 7', 'More replications, another seed')
      .example('$0 run scenarios/incident.yaml --set proxy.eventlet.poolSize=1000', 'One field changed')
      .example('$0 run my.yaml --json --out /tmp/r > result.json', 'The ScenarioResult as JSON on stdout')
      .epilogue(
        'Files: <out>/<name>.json is the ScenarioResult (src/stats/results.ts); <out>/<name>-latency.csv has the ' +
          'latency percentiles, mean seconds per stage, outcome shares and the latency histogram (columns ' +
          'section,key,mean,ci_low,ci_high,bin_low_s,bin_high_s,count,cumulative_fraction); <out>/<name>.html is the report. ' +
          '<name> is the scenario file name without its extension. With --set the scenario name gains [path=value].',
      ) as unknown as Argv<RunArgs>,
  handler: (a) =>
    guarded(async () => {
      const loaded = loadScenarioWithSets(a.scenario, parseFieldSets(a.set), { allowLarge: a.allowLarge });
      warnRunLength(a, [loaded.scenario]);
      const { runScenario } = await import('../../runner/run-scenario.js');
      const bar = progressFor(a);
      let result;
      try {
        result = await runScenario(loaded.scenario, {
          seed: a.seed,
          replications: a.replications,
          workers: a.workers,
          signal: interrupt.signal,
          file: loaded.file,
          onProgress: (done, total, running) => bar.update(done, total, running),
          onBatch: (p, from, to) => bar.stage(p.label, batchLine(p.label, from, to)),
        });
      } finally {
        bar.stop();
      }
      const stem = fileStem(loaded.file);
      const html = a.report
        ? await renderHtml({ kind: 'run', results: [result], sourceFiles: loaded.sources })
        : undefined;
      const caveat = unconfirmedNote([loaded.scenario], [a.scenario]);
      await writeAndPrint(a, {
        stem,
        json: result,
        csv: { name: `${stem}-latency.csv`, content: () => latencyCsv(result) },
        html,
        machine: result,
        text: caveat ? `${summary(result).replace(/\n?$/, '\n')}\n${caveat}` : summary(result),
      });
    }),
};
