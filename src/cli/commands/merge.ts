/**
 * nmsim merge <partials..>: combine the partial files of a sharded sweep into the same JSON,
 * CSV and report an unsharded run writes. Refuses partials of different studies, and missing
 * or duplicated tasks.
 */
import type { Argv, CommandModule } from 'yargs';
import { mergePartials } from '../../runner/shard.js';
import { verifyPartial } from '../../runner/partial-integrity.js';
import { ShardError } from '../../runner/shard-error.js';
import { ScenarioError } from '../../scenario/errors.js';
import { canonicalJson } from '../../scenario/load.js';
import { FileRefused, readRegularFile } from '../../scenario/read-file.js';
import { guarded, outputOptions, UsageError, type OutputArgs } from '../common.js';
import type { RobustPartial } from '../../runner/robust.js';
import { emitRobust, robustStem } from './robust.js';
import { emitSweep, type SweepPartial } from './sweep.js';

/**
 * Largest partial file read: about 1000 tasks of the shipped scenarios (a sweep task is 150 to
 * 400 kB of JSON, a robust one under 1 kB); a bigger study is cut into more shards. Half the
 * longest string V8 makes (~512 MiB), which JSON.parse needs whole.
 */
export const MAX_PARTIAL_BYTES = 256 * 1024 * 1024;

interface MergeArgs extends OutputArgs {
  partials: string[];
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  builder: (y: Argv<object>) =>
    outputOptions(y)
      .positional('partials', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Partial files, one per shard (regular files, at most 256 MiB each)',
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
          // A regular file under the cap only: a FIFO, /dev/zero or a directory is refused unread.
          data = JSON.parse(readRegularFile(f, MAX_PARTIAL_BYTES, 'a partial file').toString('utf8'));
        } catch (e) {
          const why = e instanceof FileRefused ? e.reason : (e as Error).message.split('\n')[0];
          throw new ScenarioError([{ file: f, path: '', message: `not a readable partial file (${why})` }]);
        }
        const kind = (data as { kind?: unknown } | null)?.kind;
        if (kind !== 'sweep-partial' && kind !== 'robust-partial')
          throw new ScenarioError([
            { file: f, path: '', message: 'not a partial file of nmsim sweep --shard or robust --shard' },
          ]);
        return data as SweepPartial | RobustPartial;
      });
      if (parts.length === 0) throw new UsageError('merge needs the partial files');
      if (parts.some((p) => p.kind !== parts[0].kind))
        throw new UsageError('merge: the partial files mix sweep and robust studies');
      if (parts[0].kind === 'robust-partial') {
        const robust = parts as RobustPartial[];
        const { mergeRobust, robustPointCount } = await import('../../runner/robust.js');
        // Sealed as written, every task in its place, all of one study: before anything is combined.
        robust.forEach((p, i) =>
          verifyPartial(a.partials[i], p, (f) => robustPointCount((f as unknown as RobustPartial).robust)),
        );
        sameStudy(a.partials, robust, (p) => p.robust, 'its robust study');
        return emitRobust(a, robustStem(robust[0].robust), mergeRobust(robust));
      }
      const sweeps = parts as SweepPartial[];
      // Every partial sealed as written and of the same study, before anything is combined.
      const pointCount = Array.isArray(sweeps[0].sweep?.points) ? sweeps[0].sweep.points.length : 0;
      sweeps.forEach((p, i) => verifyPartial(a.partials[i], p, pointCount));
      sameStudy(a.partials, sweeps, (p) => p.sweep, 'its sweep');
      const ctx = sweeps[0].sweep;
      const points = ctx.points.map((p) => ({ label: p.label, scenario: p.scenario }));
      const results = mergePartials(points, sweeps, {
        seed: sweeps[0].seed,
        replications: sweeps[0].replications,
        file: ctx.base.file,
      });
      await emitSweep(a, ctx, results);
    }),
};

/** Refuses partials whose study definitions differ from the first one's. */
function sameStudy<P>(names: string[], parts: P[], definition: (p: P) => unknown, what: string): void {
  const study = canonicalJson(definition(parts[0]));
  parts.forEach((p, i) => {
    if (canonicalJson(definition(p)) !== study)
      throw new ShardError(`${names[i]}: belongs to another study than ${names[0]} (${what} differs)`);
  });
}
