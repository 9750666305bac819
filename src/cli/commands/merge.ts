/**
 * nmsim merge <partials..>: combine the partial files of a sharded sweep into the same JSON,
 * CSV and report an unsharded run writes. Refuses partials of different studies, and missing
 * or duplicated tasks.
 */
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { mergePartials } from '../../runner/shard.js';
import { verifyPartial } from '../../runner/partial-integrity.js';
import { ShardError } from '../../runner/shard-error.js';
import { ScenarioError } from '../../scenario/errors.js';
import { canonicalJson } from '../../scenario/load.js';
import { globalOptions, guarded, UsageError, type GlobalArgs } from '../common.js';
import { emitSweep, type SweepPartial } from './sweep.js';

interface MergeArgs extends GlobalArgs {
  partials: string[];
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('partials', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Partial files, one per shard',
      })
      .example(
        '$0 merge reports/incident-sweep-shard-*-of-8.json',
        'after all 8 shards have run',
      ) as unknown as Argv<MergeArgs>,
  handler: (a) =>
    guarded(async () => {
      const parts = a.partials.map((f) => {
        let data: unknown;
        try {
          data = JSON.parse(readFileSync(f, 'utf8'));
        } catch (e) {
          throw new ScenarioError([
            { file: f, path: '', message: `not a readable partial file (${(e as Error).message.split('\n')[0]})` },
          ]);
        }
        if ((data as SweepPartial)?.kind !== 'sweep-partial')
          throw new ScenarioError([{ file: f, path: '', message: 'not a partial file of nmsim sweep --shard' }]);
        return data as SweepPartial;
      });
      if (parts.length === 0) throw new UsageError('merge needs the partial files');
      // Every partial sealed as written and of the same study, before anything is combined.
      const pointCount = Array.isArray(parts[0].sweep?.points) ? parts[0].sweep.points.length : 0;
      parts.forEach((p, i) => verifyPartial(a.partials[i], p, pointCount));
      const study = canonicalJson(parts[0].sweep);
      parts.forEach((p, i) => {
        if (canonicalJson(p.sweep) !== study)
          throw new ShardError(`${a.partials[i]}: belongs to another study than ${a.partials[0]} (its sweep differs)`);
      });
      const ctx = parts[0].sweep;
      const points = ctx.points.map((p) => ({ label: p.label, scenario: p.scenario }));
      const results = mergePartials(points, parts, {
        seed: parts[0].seed,
        replications: parts[0].replications,
        file: ctx.base.file,
      });
      await emitSweep(a, ctx, results);
    }),
};
