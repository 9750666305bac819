/**
 * The worker of the hostile-input census (hostile-census.ts): loads one case as nmsim would and
 * answers with its outcome. A scenario is read and validated (src/scenario/load.ts); a partial
 * goes through merge's checks and combination (verifyPartial, then mergePartials with the
 * study's other shard). Refused means the error nmsim turns into exit 2 with a message; any other
 * exception is a crash. A hang is judged by the parent, which ends this worker.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { verifyPartial } from '../../src/runner/partial-integrity.js';
import { mergePartials, type PartialFile } from '../../src/runner/shard.js';
import { ShardError } from '../../src/runner/shard-error.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { readScenario, validateScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

export interface CensusTask {
  id: number;
  kind: 'scenario' | 'partial';
  file: string;
  /** For a partial: the file of the study's other shard, untouched. */
  other?: string;
}
export interface CensusAnswer {
  id: number;
  outcome: 'refused' | 'accepted' | 'crash';
  detail?: string;
}

interface SweepPartialLike extends PartialFile {
  seed?: string | number;
  sweep: { points: { label: string; scenario: Scenario }[] };
}

function mergeLike(file: string, other: string): void {
  const parts = [file, other].map((f) => JSON.parse(readFileSync(f, 'utf8')) as SweepPartialLike);
  const count = Array.isArray(parts[0]?.sweep?.points) ? parts[0].sweep.points.length : 0;
  parts.forEach((p, i) => verifyPartial(i === 0 ? file : other, p, count));
  const points = parts[0].sweep.points.map((p) => ({ label: p.label, scenario: p.scenario }));
  mergePartials(points, parts, { seed: parts[0].seed, replications: parts[0].replications });
}

parentPort!.on('message', (t: CensusTask) => {
  let answer: CensusAnswer;
  try {
    if (t.kind === 'scenario') validateScenario(readScenario(t.file));
    else mergeLike(t.file, t.other!);
    answer = { id: t.id, outcome: 'accepted' };
  } catch (e) {
    const refused = e instanceof ScenarioError || e instanceof ShardError || e instanceof SyntaxError;
    answer = {
      id: t.id,
      outcome: refused ? 'refused' : 'crash',
      detail: refused ? undefined : ((e as Error).stack ?? String(e)).split('\n').slice(0, 3).join(' | '),
    };
  }
  parentPort!.postMessage(answer);
});
