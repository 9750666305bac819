/**
 * The loader's messages: a zod issue turned into plain words about the offending value (with a
 * "did you mean" for a misspelt key), and each problem attributed to the file of the `extends:`
 * chain (or the command-line override) that set the field.
 */
import type { z } from 'zod';
import { ScenarioError, type FieldIssue, type ScenarioIssue } from './errors.js';
import { scenarioJsonSchema } from './json-schema.js';
import { formatPath, getPath, hasPath, type PathSegment } from './paths.js';
import type { RawScenario } from './read.js';
import { Client } from './schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A field set from outside the files (the command line), named in messages instead of the file. */
export interface Override {
  path: readonly PathSegment[];
  label: string;
}

/** The file (or command-line override) that set `path`: the most specific definition wins. */
function attribute(path: readonly PathSegment[], r: RawScenario, overrides: readonly Override[]): string {
  for (const o of overrides) if (o.path.length <= path.length && o.path.every((p, i) => path[i] === p)) return o.label;
  for (let k = path.length; k >= 1; k--) {
    const prefix = path.slice(0, k);
    for (const l of r.layers) if (hasPath(l.data, prefix)) return l.file;
  }
  return r.file;
}

/** Throws the issues as one ScenarioError, each naming its file, without repeats. */
export function failWith(issues: FieldIssue[], r: RawScenario, overrides: readonly Override[]): never {
  const seen = new Set<string>();
  const out: ScenarioIssue[] = [];
  for (const i of issues) {
    const issue = { file: attribute(i.path, r, overrides), path: formatPath(i.path), message: i.message };
    const key = `${issue.file}\u0000${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) out.push(issue);
    seen.add(key);
  }
  throw new ScenarioError(out);
}

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (isObj(v)) return 'a mapping';
  return String(v);
};

const article = (t: string): string =>
  ({
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    int: 'an integer',
  })[t] ?? t;

const CLIENT_KINDS: string[] = Client.options.map((o) => String((o.shape.kind as { value: unknown }).value));

/** Keys of the schema's mapping at `path` (for "did you mean"). */
function knownKeys(path: readonly PathSegment[], data: unknown): string[] {
  let node: Obj | undefined = scenarioJsonSchema();
  const pick = (n: Obj, at: readonly PathSegment[]): Obj => {
    const alts = (n.anyOf ?? n.oneOf) as Obj[] | undefined;
    if (!alts) return n;
    const kind = getPath(data, [...at, 'kind']);
    const objs = alts.filter((a) => isObj(a.properties));
    return objs.find((a) => ((a.properties as Obj).kind as Obj | undefined)?.const === kind) ?? objs[0] ?? n;
  };
  for (let i = 0; i < path.length && node; i++) {
    node = pick(node, path.slice(0, i));
    const seg = path[i];
    node = (typeof seg === 'number' ? node.items : (node.properties as Obj | undefined)?.[seg]) as Obj | undefined;
  }
  if (!node) return [];
  node = pick(node, path);
  return isObj(node.properties) ? Object.keys(node.properties) : [];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function suggestion(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const best = known
    .map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean "${best.k}"?)` : '';
}

type ZIssue = z.core.$ZodIssue;

/** Turns one zod issue into (path, message) pairs, looking at the offending value in `data`. */
export function explain(issue: ZIssue, base: PathSegment[], data: unknown): FieldIssue[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  const value = getPath(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path, data);
      return issue.keys.map((k) => ({
        path: [...path, k],
        message: `unknown field${suggestion(k, known)}${known.length ? `; expected one of: ${known.join(', ')}` : ''}`,
      }));
    }
    case 'invalid_type': {
      if (value === undefined)
        return [{ path, message: `required field is missing (expected ${article(issue.expected)})` }];
      return [{ path, message: `expected ${article(issue.expected)}, got ${show(value)}` }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array')
        return [{ path, message: `has ${(value as unknown[]).length} items, at most ${max} allowed` }];
      if (issue.origin === 'string') return [{ path, message: `is too long (at most ${max} characters)` }];
      return [
        { path, message: `${show(value)} is over the maximum of ${max}${issue.inclusive ? '' : ' (exclusive)'}` },
      ];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return [{ path, message: `needs at least ${min} item(s)` }];
      if (issue.origin === 'string')
        return [{ path, message: min === 1 ? 'must not be empty' : `needs at least ${min} characters` }];
      return [
        {
          path,
          message: issue.inclusive
            ? `${show(value)} is below the minimum of ${min}`
            : `${show(value)} must be greater than ${min}`,
        },
      ];
    }
    case 'invalid_value':
      return [
        { path, message: `${show(value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` },
      ];
    case 'invalid_format':
      return [
        {
          path,
          message: `${show(value)} is not in the expected format${'pattern' in issue && issue.pattern ? ` (${String(issue.pattern)})` : ''}`,
        },
      ];
    case 'not_multiple_of':
      return [{ path, message: `${show(value)} is not a multiple of ${String(issue.divisor)}` }];
    case 'invalid_union':
      return explainUnion(issue, path, value, data);
    default:
      return [{ path, message: issue.message }];
  }
}

/** A union's issue: an unknown or missing `kind`, else the alternative that came closest. */
function explainUnion(
  issue: Extract<ZIssue, { code: 'invalid_union' }>,
  path: PathSegment[],
  value: unknown,
  data: unknown,
): FieldIssue[] {
  if ('discriminator' in issue && issue.discriminator && issue.errors.length === 0) {
    const d = issue.discriminator;
    if (path[path.length - 1] === d) path.pop();
    const got = getPath(data, [...path, d]);
    const kinds = path[path.length - 2] === 'clients' || path[0] === 'clients' ? CLIENT_KINDS : [];
    return [
      {
        path: [...path, d],
        message:
          got === undefined
            ? `required field is missing${kinds.length ? ` (one of ${kinds.map((k) => `"${k}"`).join(', ')})` : ''}`
            : `${show(got)} is not a known ${d}${kinds.length ? ` (expected one of ${kinds.map((k) => `"${k}"`).join(', ')})` : ''}`,
      },
    ];
  }
  if (value === undefined) return [{ path, message: 'required field is missing' }];
  // Prefer the alternative that got past the type check: its issues say what is wrong.
  const typeOnly = (errs: ZIssue[]) => errs.every((e) => e.code === 'invalid_type' && e.path.length === 0);
  const deeper = issue.errors.filter((errs) => !typeOnly(errs));
  if (deeper.length >= 1) return deeper[0].flatMap((e) => explain(e, path, data));
  const expected = [
    ...new Set(issue.errors.flatMap((errs) => errs.map((e) => (e.code === 'invalid_type' ? article(e.expected) : '')))),
  ].filter(Boolean);
  return [{ path, message: `expected ${expected.join(' or ') || 'something else'}, got ${show(value)}` }];
}
