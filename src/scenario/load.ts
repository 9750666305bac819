/**
 * Loading scenario files: YAML or JSON, `extends:` chains (child fields override the parent's;
 * lists are replaced whole), a `release:` preset beneath the file's own fields, schema
 * validation, and cross-field checks. Every problem is reported as file + field + reason,
 * naming the file of the chain that set the field, and nothing is allocated per instance
 * before the sizes have been checked.
 */
import type { z } from 'zod';
import { displayPath } from './display-path.js';
import { ScenarioError, type FieldIssue, type ScenarioIssue } from './errors.js';
import { topologyIssues } from './topology-issues.js';
import { clientPool, selectedInstanceCount } from './instances.js';
import { scenarioJsonSchema } from './json-schema.js';
import { formatPath, getPath, hasPath, type PathSegment } from './paths.js';
import { RELEASE_PRESETS, type Release } from './presets.js';
import { deepMerge, readScenario, sha256, type RawScenario } from './read.js';
import { boundIssues } from './bounds.js';
import { Client, MAX_INSTANCES, Scenario } from './schema.js';
import { checkRanges } from './uncertain.js';
import { compile } from '../engine/distributions.js';

export { deepMerge, readScenario, type Layer, type RawScenario } from './read.js';

export { displayPath };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface LoadedScenario {
  scenario: Scenario;
  file: string;
  sources: { path: string; sha256: string }[];
  /** The resolved scenario (extends, preset and defaults applied) as canonical JSON (sorted keys). */
  canonical: string;
  /** sha256 of `canonical`, hex: equal to runScenario's meta.hash. */
  hash: string;
}

/** A field set from outside the files (the command line), named in messages instead of the file. */
export interface Override {
  path: readonly PathSegment[];
  label: string;
}

/** JSON with object keys sorted at every level: the same design gives the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => (v as Obj)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Obj)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Canonical JSON of a resolved scenario and its sha256 (the `meta.hash` of its results). */
export function scenarioDigest(s: Scenario): { canonical: string; hash: string } {
  const canonical = canonicalJson(s);
  return { canonical, hash: sha256(canonical) };
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

// ---------------------------------------------------------------------------------------------
// Messages for schema issues

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
function explain(issue: ZIssue, base: PathSegment[], data: unknown): FieldIssue[] {
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
    case 'invalid_union': {
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
        ...new Set(
          issue.errors.flatMap((errs) => errs.map((e) => (e.code === 'invalid_type' ? article(e.expected) : ''))),
        ),
      ].filter(Boolean);
      return [{ path, message: `expected ${expected.join(' or ') || 'something else'}, got ${show(value)}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Sizes checked before the schema builds anything, so a huge count fails fast. */
function preflight(raw: Obj): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const nets = getPath(raw, ['topology', 'networks']);
  if (!Array.isArray(nets)) return issues;
  let total = 0;
  nets.forEach((n, i) => {
    if (!isObj(n) || typeof n.instances !== 'number') return;
    if (n.instances > MAX_INSTANCES)
      issues.push({
        path: ['topology', 'networks', i, 'instances'],
        message: `${n.instances} is over the maximum of ${MAX_INSTANCES} instances`,
      });
    else if (n.instances > 0) total += n.instances;
  });
  if (issues.length === 0 && total > MAX_INSTANCES)
    issues.push({
      path: ['topology', 'networks'],
      message: `${total} instances in all, over the maximum of ${MAX_INSTANCES}`,
    });
  return issues;
}

/** Cross-field checks the schema cannot express. */
function crossCheck(s: Scenario): FieldIssue[] {
  const issues = topologyIssues(s);
  const t = s.topology;
  const names = new Set(t.networks.map((n) => n.name));
  s.clients.forEach((c, i) => {
    c.networks?.forEach((n, j) => {
      if (!names.has(n))
        issues.push({
          path: ['clients', i, 'networks', j],
          message: `no network named "${n}" (networks: ${[...names].map((k) => `"${k}"`).join(', ')})`,
        });
    });
    const pool = clientPool(t.networks, c.networks);
    if (typeof c.instances === 'number' && c.instances > pool)
      issues.push({
        path: ['clients', i, 'instances'],
        message: `${c.instances} is more than the ${pool} instances ${c.networks ? 'on its networks' : 'in the topology'}`,
      });
    if (typeof c.instances === 'string' && c.instances !== 'all' && parseFloat(c.instances) > 100)
      issues.push({ path: ['clients', i, 'instances'], message: `${c.instances} is over 100%` });
    else if (selectedInstanceCount(c.instances, pool) === 0 && pool > 0)
      issues.push({ path: ['clients', i, 'instances'], message: `selects no instances` });
    // A mean interval of 0 would start sessions forever at one instant: the run never ends.
    if (c.kind === 'periodic' && !(compile(c.interval, { name: 'check', next: () => 0.5 }).mean > 0))
      issues.push({ path: ['clients', i, 'interval'], message: 'the mean interval must be more than 0 s' });
    if (c.kind === 'chef' && typeof c.ohai.requests !== 'number' && c.ohai.requests.max < c.ohai.requests.min)
      issues.push({
        path: ['clients', i, 'ohai', 'requests', 'max'],
        message: `${c.ohai.requests.max} is below min (${c.ohai.requests.min})`,
      });
  });
  if (typeof s.replications !== 'number' && s.replications.max < s.replications.min)
    issues.push({
      path: ['replications', 'max'],
      message: `${s.replications.max} is below min (${s.replications.min})`,
    });
  if (s.duration <= 0) issues.push({ path: ['duration'], message: 'must be more than 0' });
  issues.push(...checkRanges(s));
  return issues;
}

/** How far validation lets a scenario go. */
export interface ValidateOptions {
  /** Lift the caps on sizes, work and memory (bounds.ts); hard limits stay. */
  allowLarge?: boolean;
}

/**
 * Validates a resolved chain: preset, schema, cross-field checks, then the bounds on sizes and
 * work. `overrides` are fields set from the command line (named in messages by their label).
 * Throws ScenarioError.
 */
export function validateScenario(
  r: RawScenario,
  overrides: readonly Override[] = [],
  opts: ValidateOptions = {},
): Scenario {
  const fail = (issues: FieldIssue[]): never => {
    const seen = new Set<string>();
    const out: ScenarioIssue[] = [];
    for (const i of issues) {
      const issue = { file: attribute(i.path, r, overrides), path: formatPath(i.path), message: i.message };
      const key = `${issue.file}\u0000${issue.path}\u0000${issue.message}`;
      if (!seen.has(key)) out.push(issue);
      seen.add(key);
    }
    throw new ScenarioError(out);
  };
  const raw = r.raw;
  const pre = preflight(raw);
  if (pre.length > 0) fail(pre);
  const release = raw.release;
  const layered =
    typeof release === 'string' && release in RELEASE_PRESETS
      ? deepMerge(RELEASE_PRESETS[release as Release], raw)
      : raw;
  const parsed = Scenario.safeParse(layered);
  if (!parsed.success) fail(parsed.error.issues.flatMap((i) => explain(i, [], layered)));
  const s = parsed.data!;
  const cross = crossCheck(s);
  if (cross.length > 0) fail(cross);
  const bounds = boundIssues(s, opts.allowLarge === true);
  if (bounds.length > 0) fail(bounds);
  return s;
}

/** Loads, resolves and validates a scenario file. Throws ScenarioError. */
export function loadScenarioFile(path: string, opts: ValidateOptions = {}): LoadedScenario {
  const r = readScenario(path);
  const scenario = validateScenario(r, [], opts);
  return { scenario, file: r.file, sources: r.sources, ...scenarioDigest(scenario) };
}

/** The resolved scenario of a file, its canonical JSON and that JSON's sha256. */
export function resolveScenario(path: string): { scenario: Scenario; canonical: string; hash: string } {
  const { scenario, canonical, hash } = loadScenarioFile(path);
  return { scenario, canonical, hash };
}
