/**
 * The generator of hostile and absurd scenarios (issue 17), shared by the fuzz test
 * (test/properties/hostile-fuzz.test.ts) and the census (hostile-census.ts): each case takes a
 * shipped scenario (its extends chain resolved) and applies one mutation from a catalogue of the
 * values and shapes that crashed, hung or exhausted memory before (1e308, zero timeouts, 1e9
 * workers, `__proto__`, control characters, malformed distributions, huge text, deep nesting),
 * either replacing a value or adding it under an unknown key beside it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readScenario } from '../../src/scenario/load.js';
import { ROOT } from '../cli/helpers.js';

type Obj = Record<string, unknown>;
export type Path = (string | number)[];

/** Every path to a value in `v` (mappings and lists included). */
export function paths(v: unknown, at: Path = []): Path[] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** A copy of `root` with `value` at `path` (defined as an own property, `__proto__` included). */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(root);
  let cur = copy as Obj;
  for (const p of path.slice(0, -1)) cur = cur[p as string] as Obj;
  Object.defineProperty(cur, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const proto = (): Obj => JSON.parse('{"__proto__": {"polluted": true}}') as Obj;
let deep: unknown = 1;
for (let i = 0; i < 40; i++) deep = { a: deep };

/** The hostile values, by category (the fuzz test and the census count outcomes per category). */
export const HOSTILE: Record<string, unknown[]> = {
  'huge number': [1e308, -1e308, 1e9, 2 ** 53, 1e21],
  'zero or negative': [0, -1, -0.001, '0s', '-5m'],
  'bad unit': ['5M', '30S', '1e400', '10 years', 'Infinity', 'NaN'],
  'wrong type': [null, [], {}, [null], true, ''],
  'control characters': ['a\u001b[31mred', 'line\nok  x.yaml', '\u0000', '\u009b2J'],
  'huge text': ['x'.repeat(6000)],
  'prototype keys': [proto(), { constructor: 1 }, { prototype: {} }],
  'bad distribution': [
    { kind: 'mixture', components: [{ weight: 1 }] },
    { kind: 'mixture', components: [null] },
    { kind: 'mixture', components: [{ weight: 1, dist: null }] },
    { kind: 'empirical', quantiles: [1, 2] },
    { kind: 'gamma', mean: 1, cv: 1e-200 },
    { kind: 'lognormal', median: 1, p99: 2, mean: 3 },
    { kind: 'uniform', min: 0, mni: 1, max: 2 },
    { kind: 'constant', value: 1e308 },
    { kind: 'lognormal', mu: 700, sigma: 1 },
    { kind: 'weibull', shape: 1 },
  ],
  'deep nesting': [deep],
  'long list': [Array.from({ length: 10_001 }, () => 1), Array.from({ length: 30_000 }, () => 0.5)],
};
export const CATEGORIES = Object.keys(HOSTILE);

/** Categories wrong wherever they land: refused every time. */
export const ALWAYS_REFUSED = ['control characters', 'huge text', 'prototype keys', 'deep nesting', 'long list'];

/** The shipped scenarios, their extends chains resolved (read once, on first use). */
let shipped: unknown[] | undefined;
export function shippedBases(): unknown[] {
  shipped ??= readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readScenario(join(ROOT, 'scenarios', f)).raw);
  return shipped;
}

export interface Mutation {
  base: number;
  category: string;
  valueIndex: number;
  pathIndex: number;
  addKey: boolean;
}

/** Mutations of the shipped scenarios. */
export const mutation = (): fc.Arbitrary<Mutation> =>
  fc.record({
    base: fc.nat(shippedBases().length - 1),
    category: fc.constantFrom(...CATEGORIES),
    valueIndex: fc.nat(20),
    pathIndex: fc.nat(10_000),
    addKey: fc.boolean(),
  });

/** `value` at the mutation's path of `base`, or under a new (unknown) key beside it. */
export function mutate(base: unknown, value: unknown, m: Pick<Mutation, 'pathIndex' | 'addKey'>): unknown {
  const all = paths(base).filter((p) => p.length > 0);
  const target = all[m.pathIndex % all.length];
  // A list item has no key beside it: it is replaced.
  const path = m.addKey && typeof target[target.length - 1] === 'string' ? [...target.slice(0, -1), 'mni'] : target;
  return setAt(base, path, value);
}

/** The scenario a mutation makes, with its category. */
export function apply(m: Mutation): { data: unknown; category: string } {
  const bases = shippedBases();
  const values = HOSTILE[m.category];
  return { data: mutate(bases[m.base], values[m.valueIndex % values.length], m), category: m.category };
}

/** `n` hostile scenarios from `seed` (the same seed gives the same cases). */
export const hostileCases = (n: number, seed: number): { data: unknown; category: string }[] =>
  fc.sample(mutation(), { numRuns: n, seed }).map(apply);
