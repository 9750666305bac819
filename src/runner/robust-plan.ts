/**
 * The worlds of a robustness study (`nmsim robust`): which values the uncertain parameters take
 * in each simulated world, and each design's scenario in each world.
 *
 * - The default world: every parameter at the design's own value.
 * - One-at-a-time: each parameter at its plausible low, then its high, the others at default.
 * - A Latin hypercube of `samples` worlds: each parameter's range is cut into `samples` equally
 *   likely strata (equal widths, or equal factors for a log-uniform range) and every stratum is
 *   used exactly once, in an order drawn from the parameter's own named stream, so adding a
 *   parameter never moves another's values.
 *
 * Every design runs in the same worlds with the same seed: a world's comparison between designs
 * is paired (common random numbers), as in `compare`.
 */
import alea from 'seedrandom/lib/alea.js';
import { scaleDist } from '../engine/dist-scale.js';
import type { DistSpec } from '../engine/distributions.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.js';
import { getPath, setPath } from '../scenario/paths.js';
import { Scenario } from '../scenario/schema.js';
import { parametersOf, type Parameter } from '../scenario/uncertain.js';
import type { StudyPoint } from './shard.js';

/** Most Latin-hypercube worlds a study may ask for (checked before anything is allocated). */
export const MAX_SAMPLES = 10_000;
/** Latin-hypercube worlds when --samples is not given. */
export const DEFAULT_SAMPLES = 64;
/** Replications per world when --replications is not given. */
export const DEFAULT_WORLD_REPLICATIONS = 3;

export interface Design {
  label: string;
  scenario: Scenario;
  file?: string;
}

/** A parameter of the study: the union over designs, with each design's own value. */
export interface StudyParameter extends Omit<Parameter, 'value' | 'source' | 'segments' | 'atDefault'> {
  source: Parameter['source'];
  /** Each design's value (a distribution: its median); null where the design does not use it. */
  defaults: (number | null)[];
}

export interface World {
  kind: 'default' | 'low' | 'high' | 'sample';
  /** One-at-a-time worlds: the parameter moved. */
  parameter?: string;
  /** The values set in this world, by parameter path (others stay at each design's default). */
  values: Record<string, number>;
}

export interface RobustPlan {
  parameters: StudyParameter[];
  worlds: World[];
}

/** Parameters of every design, merged by path; designs must agree on a shared parameter's range. */
function unionParameters(designs: Design[]): { params: StudyParameter[]; own: Parameter[][] } {
  const own = designs.map((d) => parametersOf(d.scenario));
  const byPath = new Map<string, StudyParameter>();
  const issues: ScenarioIssue[] = [];
  own.forEach((ps, di) => {
    for (const p of ps) {
      const seen = byPath.get(p.path);
      if (!seen) {
        const { value: _v, segments: _s, atDefault: _d, ...rest } = p;
        byPath.set(p.path, { ...rest, defaults: designs.map(() => null) });
      } else if (seen.low !== p.low || seen.high !== p.high || seen.shape !== p.shape)
        issues.push({
          file: designs[di].file ?? designs[di].label,
          path: `ranges.${p.path}`,
          message: `${p.low}–${p.high} (${p.shape}) differs from another design's ${seen.low}–${seen.high} (${seen.shape}); designs compared in the same worlds need the same range`,
        });
      byPath.get(p.path)!.defaults[di] = p.value;
    }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  const params = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { params, own };
}

/** The value at fraction u in [0, 1] of a parameter's range. */
export function atFraction(p: Pick<StudyParameter, 'low' | 'high' | 'shape' | 'type'>, u: number): number {
  const v = p.shape === 'log' ? p.low * Math.pow(p.high / p.low, u) : p.low + u * (p.high - p.low);
  return p.type === 'integer' ? Math.round(v) : v;
}

/** `n` Latin-hypercube fractions for one parameter, from its own stream. */
function lhsColumn(seed: string | number, path: string, n: number): number[] {
  const prng = alea(`${String(seed)}\u0000robust/lhs/${path}`);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(prng() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm.map((stratum) => (stratum + prng()) / n);
}

export function planRobust(
  designs: Design[],
  opts: { samples: number; seed: string | number; oat: boolean },
): RobustPlan {
  if (!Number.isInteger(opts.samples) || opts.samples < 2 || opts.samples > MAX_SAMPLES)
    throw new RangeError(`samples must be a whole number from 2 to ${MAX_SAMPLES}`);
  const { params, own } = unionParameters(designs);
  checkExtremes(designs, own);
  const worlds: World[] = [{ kind: 'default', values: {} }];
  if (opts.oat)
    for (const p of params)
      for (const kind of ['low', 'high'] as const)
        worlds.push({ kind, parameter: p.path, values: { [p.path]: kind === 'low' ? p.low : p.high } });
  const columns = params.map((p) => lhsColumn(opts.seed, p.path, opts.samples));
  for (let k = 0; k < opts.samples; k++)
    worlds.push({
      kind: 'sample',
      values: Object.fromEntries(params.map((p, j) => [p.path, atFraction(p, columns[j][k])])),
    });
  return { parameters: params, worlds };
}

/** A design's scenario in a world: each parameter it uses set to the world's value. */
export function worldScenario(s: Scenario, own: Parameter[], values: Record<string, number>): Scenario {
  let out: unknown = s;
  for (const p of own) {
    const v = values[p.path];
    if (v === undefined) continue;
    const next =
      p.type === 'dist'
        ? scaleDist(getPath(s, p.segments) as DistSpec, v / p.value)
        : p.type === 'integer'
          ? Math.round(v)
          : v;
    out = setPath(out, p.segments, next);
  }
  return out as Scenario;
}

/** Every parameter at its low and its high must still be a valid scenario (e.g. a count >= 1). */
function checkExtremes(designs: Design[], own: Parameter[][]): void {
  const issues: ScenarioIssue[] = [];
  designs.forEach((d, di) => {
    for (const p of own[di])
      for (const end of ['low', 'high'] as const) {
        const r = Scenario.safeParse(worldScenario(d.scenario, own[di], { [p.path]: p[end] }));
        if (!r.success)
          issues.push({
            file: d.file ?? d.label,
            path: `ranges.${p.path}.${end}`,
            message: `${p[end]} is not a valid value here (${r.error.issues[0].message})`,
          });
      }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
}

const worldLabel = (w: World, k: number): string =>
  w.kind === 'sample' ? `world ${k}` : w.kind === 'default' ? 'default' : `${w.parameter} ${w.kind}`;

/** The study's points, design-major: every design in every world. */
export function robustPoints(designs: Design[], plan: RobustPlan): StudyPoint[] {
  const own = designs.map((d) => parametersOf(d.scenario));
  let sample = 0;
  const labels = plan.worlds.map((w) => worldLabel(w, w.kind === 'sample' ? sample++ : 0));
  return designs.flatMap((d, di) =>
    plan.worlds.map((w, wi) => ({
      label: `${d.label} | ${labels[wi]}`,
      scenario: worldScenario(d.scenario, own[di], w.values),
    })),
  );
}
