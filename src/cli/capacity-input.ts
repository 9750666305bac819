/**
 * The input of `nmsim capacity`: the scenario with its --set values, the SLO, and the value
 * space searched (--vary, --lo, --hi) as a function from a value to a validated scenario. Bad
 * input of any kind is reported before anything runs.
 */
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.js';
import { readScenario, validateScenario, type Override, type RawScenario } from '../scenario/load.js';
import { getPath, parsePath, PathError, setPath, type PathSegment } from '../scenario/paths.js';
import { maxInstances, scaleInstances } from '../scenario/scale.js';
import type { Scenario } from '../scenario/schema.js';
import { UsageError } from './common.js';
import { parseSet, parseSlo } from './set.js';

type Obj = Record<string, unknown>;

export interface CapacityInputArgs {
  scenario: string;
  slo?: string;
  vary: string;
  lo?: number;
  hi?: number;
  set?: string[];
  allowLarge?: boolean;
}

export interface CapacityInput {
  chain: RawScenario;
  base: Scenario;
  slo: { metric: string; threshold: number };
  lo: number;
  hi: number;
  integer: boolean;
  /** With --vary instances: the most instances the subnets hold. */
  subnetsHold?: number;
  /** The scenario at value x (validated; errors name the --vary value). */
  scenarioAt: (x: number) => Scenario;
}

/** The scenario file with the --set values applied, validated. */
function readWithSets(a: CapacityInputArgs): { chain: RawScenario; base: Scenario; overrides: Override[] } {
  const opts = { allowLarge: a.allowLarge };
  const chain0 = readScenario(a.scenario);
  const sets = (a.set ?? []).map(parseSet);
  if (sets.length === 0) return { chain: chain0, base: validateScenario(chain0, [], opts), overrides: [] };
  const base0 = validateScenario(chain0, [], opts);
  let raw: unknown = chain0.raw;
  const overrides: Override[] = [];
  const issues: ScenarioIssue[] = [];
  for (const s of sets) {
    if (s.values.length !== 1)
      throw new UsageError(`--set ${s.path}: capacity takes one value per field (use sweep for several)`);
    const label = `--set ${s.path}=${typeof s.values[0] === 'string' ? s.values[0] : JSON.stringify(s.values[0])}`;
    overrides.push({ path: s.segments, label });
    try {
      raw = setPath(raw, s.segments, s.values[0], base0);
    } catch (e) {
      if (!(e instanceof PathError)) throw e;
      issues.push({ file: label, path: '', message: e.message });
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  const chain = { ...chain0, raw: raw as Obj };
  return { chain, base: validateScenario(chain, overrides, opts), overrides };
}

/** Reads and checks everything capacity needs; throws UsageError or ScenarioError. */
export function capacityInput(a: CapacityInputArgs): CapacityInput {
  const { chain, base, overrides } = readWithSets(a);
  const slo = a.slo !== undefined ? parseSlo(a.slo) : base.slo;
  const byInstances = a.vary === 'instances';
  let segments: PathSegment[] = [];
  if (!byInstances) {
    try {
      segments = parsePath(a.vary);
    } catch (e) {
      if (e instanceof PathError) throw new UsageError(`--vary ${a.vary}: ${e.message}`);
      throw e;
    }
    if (a.hi === undefined) throw new UsageError(`--vary ${a.vary}: give the range with --lo and --hi`);
  }
  const current = byInstances ? undefined : getPath(base, segments);
  if (!byInstances && current !== undefined && typeof current !== 'number')
    throw new UsageError(`--vary ${a.vary}: the field holds ${JSON.stringify(current)}, not a number`);
  const integer =
    byInstances ||
    (Number.isInteger(a.lo ?? 1) && Number.isInteger(a.hi) && (current === undefined || Number.isInteger(current)));
  const subnetsHold = byInstances ? maxInstances(base) : undefined;
  const lo = a.lo ?? 1;
  const hi = a.hi ?? subnetsHold!;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new UsageError(`capacity: the range must have --lo below --hi (got ${lo} and ${hi})`);
  if (byInstances && (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1))
    throw new UsageError('capacity: --lo and --hi are whole numbers of instances, --lo at least 1');

  const label = (x: number) => `--vary ${a.vary}=${x}`;
  /** The scenario at value x (validated; errors name the --vary value). */
  const scenarioAt = (x: number): Scenario => {
    const raw0 = byInstances ? scaleInstances(chain.raw, base, x) : (setPath(chain.raw, segments, x, base) as Obj);
    const raw = { ...raw0, slo: { metric: slo.metric, threshold: slo.threshold } };
    const vary: Override[] = byInstances
      ? [
          { path: ['topology', 'networks'], label: label(x) },
          { path: ['clients'], label: label(x) },
        ]
      : [{ path: segments, label: label(x) }];
    const s = validateScenario({ ...chain, raw }, [...vary, ...overrides], { allowLarge: a.allowLarge });
    return { ...s, name: `${base.name} [${a.vary}=${x}]` };
  };
  // Both ends must be valid scenarios before anything runs.
  const issues: ScenarioIssue[] = [];
  for (const x of [lo, hi])
    try {
      scenarioAt(x);
    } catch (e) {
      if (e instanceof ScenarioError) issues.push(...e.issues);
      else throw e;
    }
  if (issues.length > 0) throw new ScenarioError(issues);
  return { chain, base, slo, lo, hi, integer, subnetsHold, scenarioAt };
}
