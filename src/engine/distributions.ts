/**
 * Probability distributions for service times, think times and inter-arrival times.
 *
 * A distribution is described by a plain JSON-able spec (what scenario files contain) and
 * compiled into a sampler bound to a random stream. The kinds and their parameter sets live in
 * one registry (`dist-kinds.ts`); compiling checks the spec against it first (unknown, missing
 * and conflicting parameters, with a suggestion), then the kind's builder checks the values,
 * each error naming the bad parameter so a scenario can point at the field.
 */
import { DIST_KINDS, type Params } from './dist-kinds.js';
import { DistributionError, req } from './dist-math.js';
import type { RandomStream } from './random.js';

export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number; min?: number }
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'lognormal'; mean: number; p99: number }
  | { kind: 'lognormal'; median: number; p99: number }
  | { kind: 'gamma'; shape: number; scale: number }
  | { kind: 'gamma'; mean: number; cv: number }
  | { kind: 'empirical'; samples: number[] }
  | { kind: 'empirical'; quantiles: [number, number][] }
  | { kind: 'mixture'; components: { weight: number; dist: DistSpec }[] };

export { DistributionError } from './dist-math.js';

export interface Sampler {
  sample(): number;
  /** Analytic mean where known (used by reports and sanity checks). */
  readonly mean: number;
}

/** The largest mean a distribution of seconds may have (about 31.7 years): beyond it is a typo. */
export const MAX_MEAN_SECONDS = 1e9;

const isMapping = (v: unknown): v is Params => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Compiles a spec into a sampler drawing from `rng`. Throws DistributionError on bad specs. */
export function compile(spec: DistSpec, rng: RandomStream): Sampler {
  const s: unknown = spec;
  req(isMapping(s), '', `a distribution must be a number or a mapping with a kind, got ${describeValue(s)}`);
  const p = s as Params;
  const def = typeof p.kind === 'string' && Object.hasOwn(DIST_KINDS, p.kind) ? DIST_KINDS[p.kind] : undefined;
  if (def === undefined)
    throw new DistributionError(
      'kind',
      `${p.kind === undefined ? 'kind is missing' : `unknown distribution kind ${JSON.stringify(p.kind)}`}${closest(String(p.kind ?? ''), Object.keys(DIST_KINDS))}; expected one of: ${Object.keys(DIST_KINDS).join(', ')}`,
    );
  const form = chooseForm(p.kind as string, def.forms, p);
  const sampler = form.build(p, rng, compile);
  req(
    Number.isFinite(sampler.mean) && sampler.mean <= MAX_MEAN_SECONDS,
    form.params[0],
    `this ${String(p.kind)} has a mean of ${String(sampler.mean)} s; at most ${MAX_MEAN_SECONDS} s is allowed`,
  );
  return sampler;
}

/** The parameter set of `kind` that `p` uses; unknown, missing or mixed parameters are errors. */
function chooseForm(kind: string, forms: readonly Form[], p: Params): Form {
  const keys = Object.keys(p).filter((k) => k !== 'kind');
  const all = [...new Set(forms.flatMap((f) => [...f.params, ...(f.optional ?? [])]))];
  for (const k of keys)
    if (!all.includes(k))
      throw new DistributionError(
        k,
        `unknown parameter of a ${kind} distribution${closest(k, all)}; ${kind} takes ${formsText(forms)}`,
      );
  const score = (f: Form) => f.params.filter((k) => keys.includes(k)).length;
  const form = forms.reduce((best, f) => (score(f) > score(best) ? f : best), forms[0]);
  const own = [...form.params, ...(form.optional ?? [])];
  const extra = keys.find((k) => !own.includes(k));
  if (extra !== undefined)
    throw new DistributionError(
      extra,
      `cannot be combined with ${form.params.join(' and ')}: ${kind} takes ${formsText(forms)}`,
    );
  const missing = form.params.find((k) => !keys.includes(k));
  if (missing !== undefined)
    throw new DistributionError(
      missing,
      `required parameter of a ${kind} distribution is missing (${kind} takes ${formsText(forms)})`,
    );
  return form;
}

const formsText = (forms: readonly Form[]): string =>
  forms
    .map((f) => `{${[...f.params, ...(f.optional ?? []).map((o) => `${o}?`)].join(', ')}}`)
    .join(forms.length > 2 ? ', or ' : ' or ');

/** " (did you mean "x"?)" when a known name is within two edits of `word`. */
function closest(word: string, known: string[]): string {
  const d = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  };
  const best = known.map((k) => ({ k, n: d(word.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.n - y.n)[0];
  return best && best.n <= 2 && word.length <= 64 ? ` (did you mean "${best.k}"?)` : '';
}

/** A value as an error message shows it: short, and never echoing long or unprintable text. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : JSON.stringify(v);
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** One way of giving a kind's parameters, and the builder that checks their values. */
export interface Form {
  params: readonly string[];
  optional?: readonly string[];
  build(p: Params, rng: RandomStream, compileDist: typeof compile): Sampler;
}

/** How the reference describes a distribution: generated from the registry. */
export function describeKinds(): string {
  return Object.entries(DIST_KINDS)
    .map(
      ([kind, def]) =>
        `{kind: ${kind}, ${def.forms.map((f) => [...f.params, ...(f.optional ?? []).map((o) => `${o}?`)].join(', ')).join(' | ')}}`,
    )
    .join('; ');
}

/** Convenience constructors for code (scenario files use the spec objects directly). */
export const dist = {
  constant: (value: number): DistSpec => ({ kind: 'constant', value }),
  exponential: (mean: number): DistSpec => ({ kind: 'exponential', mean }),
  uniform: (min: number, max: number): DistSpec => ({ kind: 'uniform', min, max }),
  lognormalMedianP99: (median: number, p99: number): DistSpec => ({ kind: 'lognormal', median, p99 }),
};
