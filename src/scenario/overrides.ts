/**
 * A scenario file with fields set from the command line (`nmsim run/compare --set path=value`):
 * the file's chain is read, each value put at its path, and the result validated like a file,
 * with problems in a set value named after the `--set` that gave it.
 */
import { ScenarioError } from './errors.js';
import {
  readScenario,
  scenarioDigest,
  validateScenario,
  type LoadedScenario,
  type RawScenario,
  type ValidateOptions,
} from './load.js';
import type { Scenario } from './schema.js';
import { PathError, setPath, type PathSegment } from './paths.js';

export interface FieldSet {
  /** As written, e.g. "proxy.eventlet.poolSize". */
  path: string;
  segments: PathSegment[];
  value: unknown;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** What a variant's name gains: "path=value, ..." in the order the values were set. */
export const setsLabel = (sets: readonly FieldSet[]): string =>
  sets.map((x) => `${x.path}=${show(x.value)}`).join(', ');

/**
 * The scenario of `chain` with `sets` applied, validated like a file (the name unchanged). A bad
 * path or value is a ScenarioError naming the `--set` that gave it. Used by run and compare
 * (one variant) and sweep (one per grid point).
 */
export function variantOf(
  chain: RawScenario,
  base: Scenario,
  sets: readonly FieldSet[],
  opts: ValidateOptions = {},
): Scenario {
  const overrides = sets.map((s) => ({ path: s.segments, label: `--set ${s.path}=${show(s.value)}` }));
  let raw: unknown = chain.raw;
  try {
    for (const s of sets) raw = setPath(raw, s.segments, s.value, base);
  } catch (e) {
    if (e instanceof PathError)
      throw new ScenarioError([{ file: overrides.map((o) => o.label).join(' '), path: '', message: e.message }]);
    throw e;
  }
  return validateScenario({ ...chain, raw: raw as Record<string, unknown> }, overrides, opts);
}

/**
 * Loads `file` with `sets` applied. The name gains " [path=value, ...]" so no output passes the
 * changed design off as the file's. Throws ScenarioError.
 */
export function loadScenarioWithSets(
  file: string,
  sets: readonly FieldSet[],
  opts: ValidateOptions = {},
): LoadedScenario {
  const chain = readScenario(file);
  const base = validateScenario(chain, [], opts);
  if (sets.length === 0) return { scenario: base, file: chain.file, sources: chain.sources, ...scenarioDigest(base) };
  const s = variantOf(chain, base, sets, opts);
  const scenario = { ...s, name: `${s.name} [${setsLabel(sets)}]` };
  return { scenario, file: chain.file, sources: chain.sources, ...scenarioDigest(scenario) };
}
