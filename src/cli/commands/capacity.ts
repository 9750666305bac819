/**
 * nmsim capacity <scenario> --slo 'p99<2s' --vary instances [--lo N --hi M]: the largest load
 * (or smallest setting) that meets the SLO. This handler parses the arguments (the scenario
 * at a value comes from ../capacity-input.ts, scaled by src/scenario/scale.ts), runs the search
 * (src/runner/capacity-search.ts over src/runner/capacity-points.ts) and writes the results.
 */
import type { Argv, CommandModule } from 'yargs';
import { scenarioDigest } from '../../scenario/load.js';
import { parseDuration } from '../../scenario/units.js';
import type { SearchOutcome } from '../../runner/capacity-search.js';
import type { ScenarioResult } from '../../stats/results.js';
import { globalOptions, guarded, interrupt, UsageError, writeAndPrint, type GlobalArgs } from '../common.js';
import { capacityCsv } from '../csv.js';
import { capacityText } from '../format.js';
import { higherIsBetter } from '../../stats/run-metrics.js';
import { fileStem } from '../output.js';
import { clockText, progressFor } from '../progress.js';
import { renderHtml } from '../report.js';
import { capacityInput } from '../capacity-input.js';
import { explainCapacity } from '../capacity-text.js';
import type { CapacityFile, CapacityResult } from '../types.js';

interface CapacityArgs extends GlobalArgs {
  scenario: string;
  slo?: string;
  vary: string;
  lo?: number;
  hi?: number;
  tolerance: number;
  maxSteps: number;
  maxReplications?: number;
  direction: 'auto' | 'largest' | 'smallest';
  set?: string[];
  budget?: string;
}

export const capacityCommand: CommandModule<object, CapacityArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)', demandOption: true })
      .option('slo', {
        type: 'string',
        describe: "Objective, e.g. 'p99<2s', 'p50<100ms', 'timeoutRate<1%' (default: the scenario's slo)",
      })
      .option('vary', {
        type: 'string',
        default: 'instances',
        describe: 'What to vary: "instances" (every network scaled proportionally) or a numeric scenario path',
      })
      .option('lo', { type: 'number', describe: 'Low end of the range (default 1)' })
      .option('hi', {
        type: 'number',
        describe: 'High end of the range (default for instances: the most the subnets hold; required otherwise)',
      })
      .option('set', {
        type: 'string',
        array: true,
        describe: 'path=value: set a scenario field for the whole search (as sweep --set, one value); repeatable',
      })
      .option('tolerance', { type: 'number', default: 0.01, describe: 'Stop when the bracket is within this fraction' })
      .option('max-steps', { type: 'number', default: 16, describe: 'Most values to evaluate' })
      .option('max-replications', {
        type: 'number',
        describe:
          'Replications a value needs to be the answer, and the most any value gets (default 20, or the rule max)',
      })
      .option('budget', {
        type: 'string',
        describe: 'Time budget, e.g. 5m: start no new value after it (the result says the search was cut short)',
      })
      .option('direction', {
        choices: ['auto', 'largest', 'smallest'] as const,
        default: 'auto' as const,
        describe: 'largest: the SLO holds below the answer (a load); smallest: above it (e.g. a pool size)',
      })
      .check((a) => {
        const tol = a.tolerance as number;
        if (!(tol > 0 && tol < 1)) throw new UsageError('--tolerance must be between 0 and 1 (e.g. 0.01)');
        const steps = a['max-steps'] as number;
        if (!Number.isInteger(steps) || steps < 2) throw new UsageError('--max-steps must be a whole number >= 2');
        const mr = a['max-replications'] as number | undefined;
        if (mr !== undefined && (!Number.isInteger(mr) || mr < 2))
          throw new UsageError('--max-replications must be a whole number >= 2');
        const r = a.replications as number | undefined;
        if (r !== undefined && r < 2)
          throw new UsageError('--replications must be at least 2 for capacity (a CI needs two)');
        const b = a.budget as string | undefined;
        if (b !== undefined && !(parseDuration(b) > 0))
          throw new UsageError(`--budget ${b}: expected a duration > 0, e.g. 300s, 5m, 1h`);
        return true;
      })
      .example("$0 capacity scenarios/haproxy.yaml --slo 'p99<2s'", 'How many instances one HAProxy proxy serves')
      .example("$0 capacity scenarios/incident.yaml --slo 'p99<2s' --vary instances --lo 10 --hi 1000", 'A range')
      .example(
        "$0 capacity scenarios/incident.yaml --slo 'timeoutRate<1%' --vary proxy.eventlet.poolSize --lo 100 --hi 2000",
        'The smallest pool that avoids timeouts',
      )
      .example(
        '$0 capacity scenarios/haproxy.yaml --set release=queens --budget 5m',
        'Another release, 5 minutes at most',
      )
      .epilogue(
        'A value meets the SLO when the 95% CI upper bound of the metric is within the threshold, and fails when ' +
          'the lower bound is beyond it. Values are first probed with 2 replications (or --replications), doubled ' +
          'while the CI straddles the threshold; the largest value meeting is the answer only once it meets with ' +
          '--max-replications, so a value that looks safe by luck at a few replications is not reported. Wide ranges ' +
          'are split geometrically. The search stops when the bracket between the answer and the first failing value ' +
          'is within --tolerance, after --max-steps values, or at --budget. Without a TTY, one progress line per ' +
          'batch goes to stderr (-q silences it). Files: <out>/<name>-capacity.json (CapacityResult plus every ' +
          "value's ScenarioResult), <out>/<name>-capacity.csv (one row per value: value,metric,mean,ci_low,ci_high," +
          'verdict,replications,role) and <out>/<name>-capacity.html. --json prints the CapacityResult.',
      ) as unknown as Argv<CapacityArgs>,
  handler: (a) => guarded(() => capacity(a)),
};

async function capacity(a: CapacityArgs): Promise<void> {
  const { chain, base, slo, lo, hi, integer, subnetsHold, scenarioAt } = capacityInput(a);
  const seed = a.seed ?? base.seed;
  const { replicationRule, Study } = await import('../study.js');
  const { CapacityPoints } = await import('../../runner/capacity-points.js');
  const { searchCapacity } = await import('../../runner/capacity-search.js');
  const rule = replicationRule(base);
  const probe = a.replications ?? 2;
  const cap = Math.max(probe, a.maxReplications ?? (rule.sequential ? rule.max : 20));
  const bar = progressFor(a, { perReplication: false });
  const study = new Study({
    seed,
    workers: a.workers,
    signal: interrupt.signal,
    onProgress: (done, total, running) => bar.update(done, total, running),
  });
  const search = { valuesLeft: 0, evaluated: 0, started: 0 };
  const points = new CapacityPoints(study, {
    probe,
    cap,
    scenarioAt,
    label: (x) => `${a.vary}=${x}`,
    file: chain.file,
    onBatch: (x, effort, from, to) => {
      // A rough ETA: the time per value so far times the most values still to come.
      const left = search.valuesLeft;
      const perValue = search.evaluated > 0 ? searchElapsed(search) / search.evaluated : undefined;
      const eta = left === 0 ? '' : `, ≤ ${left} more${perValue ? ` ~${clockText(perValue * left)}` : ''}`;
      const what = `${effort} replications ${from + 1}-${to}`;
      bar.stage(`${a.vary}=${x}`, `${a.vary}=${x}: ${what} (${search.evaluated} done${eta})`);
    },
  });
  let outcome: SearchOutcome;
  try {
    search.started = performance.now();
    outcome = await searchCapacity(points.evaluate, {
      lo,
      hi,
      integer,
      direction: a.vary === 'instances' && a.direction === 'auto' ? 'largest' : a.direction,
      higherIsBetter: higherIsBetter(slo.metric),
      tolerance: a.tolerance,
      maxSteps: a.maxSteps,
      budget: a.budget === undefined ? undefined : parseDuration(a.budget),
      onStep: (s) => {
        search.valuesLeft = s.valuesLeft;
        search.evaluated = s.evaluated;
      },
    });
  } finally {
    bar.stop();
    study.close();
  }
  const evaluated = points.results();
  const results: ScenarioResult[] = evaluated.map((e) => e.result);
  const result = capacityResult(a, { lo, hi, seed, slo, outcome, evaluated, cap, subnetsHold });
  result.scenario = { name: base.name, file: chain.file, hash: scenarioDigest(base).hash };

  const stem = `${fileStem(chain.file)}-capacity`;
  const file: CapacityFile = { ...result, results };
  const html = a.report
    ? await renderHtml({ kind: 'capacity', results, capacity: result, sourceFiles: chain.sources })
    : undefined;
  await writeAndPrint(a, {
    stem,
    json: file,
    csv: { name: `${stem}.csv`, content: () => capacityCsv(result) },
    html,
    machine: result,
    text: capacityText(result),
  });
}

const searchElapsed = (s: { started: number }) => (performance.now() - s.started) / 1000;

/** The CapacityResult from the search's outcome and the evaluated values. */
function capacityResult(
  a: CapacityArgs,
  r: {
    lo: number;
    hi: number;
    seed: string | number;
    slo: { metric: string; threshold: number };
    outcome: SearchOutcome;
    evaluated: { value: number; result: ScenarioResult; replications: number }[];
    cap: number;
    subnetsHold?: number;
  },
): CapacityResult {
  const o = r.outcome;
  const largest = o.direction === 'largest';
  const ends = [o.answer ?? (largest ? r.lo : r.hi), o.firstFailing ?? (largest ? r.hi : r.lo)];
  const c: CapacityResult = {
    kind: 'capacity',
    scenario: { name: '', file: '', hash: '' },
    seed: r.seed,
    vary: a.vary,
    slo: { metric: r.slo.metric, threshold: r.slo.threshold },
    direction: o.direction,
    range: [r.lo, r.hi],
    ...(r.subnetsHold !== undefined ? { subnetsHold: r.subnetsHold } : {}),
    answer: o.answer,
    firstFailing: o.firstFailing,
    bracket: [Math.min(...ends), Math.max(...ends)],
    band: o.band,
    status: o.status,
    tolerance: a.tolerance,
    replicationsToAnswer: r.cap,
    confidence: '',
    points: r.evaluated.map((e, i) => ({
      value: e.value,
      estimate: e.result.slo.value,
      verdict: e.result.slo.verdict,
      replications: e.replications,
      result: i,
    })),
  };
  c.confidence = explainCapacity(c, a.budget);
  return c;
}
