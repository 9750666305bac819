/**
 * Integrity of the partial files of a sharded study. A shard seals its file with a sha256 over
 * its whole content (the study definition, the shard and every task with its result); `merge`
 * recomputes it and checks every task's place before combining anything, so a partial edited
 * by hand, one from another study, a task moved to another shard, or a task with a replication
 * of -1, a point of 99 or no result at all is refused with the file and task named.
 *
 * The digest is a checksum, not a signature: it catches edits, truncation and mix-ups, not
 * someone who recomputes it on purpose.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../scenario/load.js';
import { ShardError } from './shard-error.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIndex = (v: unknown, below: number): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) < below;

/** sha256 of a partial's content without its `digest` field, as it reads back from JSON. */
export function partialDigest(file: Obj): string {
  const { digest: _d, ...rest } = file;
  // Through JSON first: NaN and Infinity become null exactly as they do in the written file.
  return createHash('sha256')
    .update(
      canonicalJson(
        JSON.parse(JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))),
      ),
    )
    .digest('hex');
}

/** The partial with its digest. */
export function sealPartial<T extends object>(file: T): T & { digest: string } {
  return { ...file, digest: partialDigest(file as Obj) };
}

/**
 * Checks one partial read from `name`: its digest, its shard, and that every task is a
 * (point, replication) of the study that this shard runs. `pointCount` is asked for only once
 * the digest holds (a robust study's points are planned from the file's own definition).
 * Throws ShardError.
 */
export function verifyPartial(name: string, file: unknown, points: number | ((file: Obj) => number)): void {
  const fail = (why: string): never => {
    throw new ShardError(`${name}: ${why}`);
  };
  if (!isObj(file)) return fail('not a partial file');
  if (typeof file.digest !== 'string')
    fail('has no integrity digest (written by an older nmsim, or edited); run the shard again');
  if (partialDigest(file) !== file.digest)
    fail('its content does not match its digest: the file was edited or damaged');
  const shard = file.shard as Obj | undefined;
  const reps = file.replications;
  if (
    !isObj(shard) ||
    !Number.isInteger(shard.count) ||
    (shard.count as number) < 1 ||
    !isIndex(shard.index, shard.count as number)
  )
    fail('its shard is not a valid i/n');
  if (!Number.isInteger(reps) || (reps as number) < 1) fail('its replication count is not a whole number >= 1');
  if (!Array.isArray(file.tasks)) return fail('its task list is missing');
  const { index, count } = shard as { index: number; count: number };
  const pointCount = typeof points === 'number' ? points : points(file);
  (file.tasks as unknown[]).forEach((t, i) => {
    if (!isObj(t) || !isObj(t.result)) return fail(`task ${i} is not a task with a result`);
    if (!isIndex(t.point, pointCount))
      fail(`task ${i}: point ${String(t.point)} is not one of the ${pointCount} point(s)`);
    if (!isIndex(t.replication, reps as number))
      fail(`task ${i}: replication ${String(t.replication)} is not in 0..${(reps as number) - 1}`);
    if (typeof t.warmup !== 'number' || !Number.isFinite(t.warmup) || t.warmup < 0)
      fail(`task ${i}: warm-up ${String(t.warmup)} is not a duration`);
    if (((t.point as number) * (reps as number) + (t.replication as number)) % count !== index)
      fail(
        `task ${i} (point ${String(t.point)}, replication ${String(t.replication)}) does not belong to shard ${index}/${count}`,
      );
  });
}
