/**
 * The uncertain parameters of a scenario: every [unconfirmed] field the design actually uses,
 * with its plausible range (from the schema, src/scenario/plausible.ts), plus the scenario's own
 * `ranges:` (which replace a schema range or add any numeric field). `nmsim robust` explores
 * them; `run` and `compare` name the ones used at their defaults.
 *
 * A field path in the schema uses `clients[]` for "every client population of this kind"; a
 * parameter of a scenario has a concrete path (`clients[0].restOfRun`).
 */
import { distMedian } from '../engine/dist-scale.js';
import type { DistSpec } from '../engine/distributions.js';
import { scenarioJsonSchema } from './json-schema.js';
import { formatPath, getPath, parsePath, PathError, type PathSegment } from './paths.js';
import type { PlausibleRange, RangeShape } from './plausible.js';
import { RANGED_FIELDS } from './ranged-fields.generated.js';
import type { Scenario } from './schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A schema field with a plausible range. */
export interface RangedField {
  /** Dotted path with `clients[]` for list items, e.g. `clients[].restOfRun`. */
  path: string;
  /** For client fields: the population kind that has it. */
  clientKind?: string;
  range: PlausibleRange;
  /** The schema's default (a distribution: its median). */
  defaultValue?: number;
  description: string;
  unconfirmed: boolean;
  /** The JSON Schema types the field as an integer (a count, not a measure). */
  integer: boolean;
}

/** An uncertain parameter of one scenario. */
export interface Parameter {
  /** Concrete path, e.g. `clients[0].restOfRun`. */
  path: string;
  segments: PathSegment[];
  /** number: the value itself; integer: rounded; dist: the distribution's median (seconds). */
  type: 'number' | 'integer' | 'dist';
  low: number;
  high: number;
  shape: RangeShape;
  why: string;
  /** The scenario's value (a distribution: its median). */
  value: number;
  /** Where the range comes from. */
  source: 'schema' | 'scenario';
  /** The value is the schema's default (the scenario did not set it). */
  atDefault: boolean;
}

/**
 * Every schema field with a plausible range, in schema order. Read from a table generated from
 * the JSON Schema (ranged-fields.generated.ts, `npm run gen:ranged`; a test fails when it is
 * stale): building the JSON Schema took ~30 ms of every `run` and `compare`, for their note.
 */
export function rangedFields(): readonly RangedField[] {
  return RANGED_FIELDS;
}

/** The same table walked from the JSON Schema itself: what the generated one must equal. */
export function rangedFieldsFromSchema(): RangedField[] {
  const out: RangedField[] = [];
  const walk = (node: Obj, path: string, clientKind?: string): void => {
    const r = node.plausible as PlausibleRange | undefined;
    if (r) {
      const d = String(node.description ?? '');
      const dv = valueOf(node.default)?.value;
      // Keys left out rather than undefined: the generated table is JSON.
      out.push({
        path,
        ...(clientKind !== undefined ? { clientKind } : {}),
        range: r,
        ...(dv !== undefined ? { defaultValue: dv } : {}),
        description: d,
        unconfirmed: d.includes('[unconfirmed]'),
        integer: isIntegerNode(node),
      });
      return;
    }
    for (const alt of [...((node.anyOf ?? node.oneOf ?? []) as Obj[])]) {
      const kind = ((alt.properties as Obj | undefined)?.kind as Obj | undefined)?.const;
      walk(alt, path, typeof kind === 'string' && path.endsWith('[]') ? kind : clientKind);
    }
    if (isObj(node.properties))
      for (const [k, v] of Object.entries(node.properties)) walk(v as Obj, path ? `${path}.${k}` : k, clientKind);
    if (isObj(node.items)) walk(node.items, `${path}[]`, clientKind);
  };
  walk(scenarioJsonSchema(), '');
  return out;
}

/** Whether a design uses a field at all (an eventlet design never runs HAProxy's CPU, ...). */
function used(s: Scenario, path: string): boolean {
  if (path.startsWith('proxy.eventlet.')) return s.proxy.kind === 'eventlet';
  if (path.startsWith('proxy.haproxy.')) return s.proxy.kind === 'haproxy';
  // A measured agent response time replaces the modelled CPU + RPC + Nova chain.
  if (path.startsWith('agent.') || path.startsWith('nova.')) return s.agent.responseTime === undefined;
  return true;
}

/** The number a field's value stands for: itself, or a distribution's median. */
function valueOf(v: unknown): { type: 'number' | 'dist'; value: number } | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { type: 'number', value: v };
  if (isObj(v) && typeof v.kind === 'string') return { type: 'dist', value: distMedian(v as DistSpec) };
  return undefined;
}

/** True when the JSON Schema says the field at `segments` is an integer. */
function isIntegerField(s: Scenario, segments: PathSegment[]): boolean {
  let node: Obj | undefined = scenarioJsonSchema();
  for (let i = 0; node && i < segments.length; i++) {
    const alts = (node.anyOf ?? node.oneOf) as Obj[] | undefined;
    if (alts) {
      const kind = getPath(s, [...segments.slice(0, i), 'kind']);
      const objs = alts.filter((a) => isObj(a.properties) || isObj(a.items));
      node = objs.find((a) => ((a.properties as Obj | undefined)?.kind as Obj | undefined)?.const === kind) ?? objs[0];
    }
    const seg = segments[i];
    node = (typeof seg === 'number' ? node?.items : (node?.properties as Obj | undefined)?.[seg]) as Obj | undefined;
  }
  return isIntegerNode(node);
}

const isIntegerNode = (n: Obj | undefined): boolean =>
  !!n && (n.type === 'integer' || ((n.anyOf as Obj[] | undefined) ?? []).some((a) => isIntegerNode(a)));

/** The concrete paths of a schema field in a scenario (one per client population of its kind). */
function concrete(s: Scenario, f: RangedField): string[] {
  if (!f.path.startsWith('clients[].')) return [f.path];
  const rest = f.path.slice('clients[]'.length);
  return s.clients.flatMap((c, i) => (c.kind === f.clientKind ? [`clients[${i}]${rest}`] : []));
}

/** The schema-ranged parameters a design uses, by concrete path. */
function schemaParameters(s: Scenario): Map<string, Parameter> {
  const byPath = new Map<string, Parameter>();
  for (const f of rangedFields())
    for (const path of concrete(s, f)) {
      if (!used(s, path)) continue;
      const segments = parsePath(path);
      const v = valueOf(getPath(s, segments));
      if (!v) continue;
      const integer = v.type === 'number' && f.integer;
      byPath.set(path, {
        path,
        segments,
        type: integer ? 'integer' : v.type,
        ...f.range,
        value: v.value,
        source: 'schema',
        atDefault: f.defaultValue === v.value,
      });
    }
  return byPath;
}

/**
 * The uncertain parameters of a resolved scenario, sorted by path: every ranged schema field
 * the design uses, with the scenario's `ranges:` replacing or adding. Assumes checkRanges passed.
 */
export function parametersOf(s: Scenario): Parameter[] {
  const byPath = schemaParameters(s);
  for (const [key, r] of Object.entries(s.ranges ?? {})) {
    const segments = parsePath(key);
    const path = formatPath(segments);
    const v = valueOf(getPath(s, segments))!;
    const prior = byPath.get(path);
    byPath.set(path, {
      path,
      segments,
      type: v.type === 'number' && isIntegerField(s, segments) ? 'integer' : v.type,
      low: r.low,
      high: r.high,
      shape: r.shape ?? prior?.shape ?? 'uniform',
      why: r.why ?? 'set in the scenario',
      value: v.value,
      source: 'scenario',
      atDefault: prior?.atDefault ?? false,
    });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Problems with a scenario's `ranges:` as (path, message) pairs, for validateScenario. */
export function checkRanges(s: Scenario): { path: PathSegment[]; message: string }[] {
  const issues: { path: PathSegment[]; message: string }[] = [];
  const fromSchema = s.ranges ? schemaParameters(s) : new Map<string, Parameter>();
  for (const [key, r] of Object.entries(s.ranges ?? {})) {
    const at = (...more: PathSegment[]): PathSegment[] => ['ranges', key, ...more];
    let segments: PathSegment[];
    try {
      segments = parsePath(key);
    } catch (e) {
      if (e instanceof PathError) {
        issues.push({ path: at(), message: e.message });
        continue;
      }
      throw e;
    }
    const raw = getPath(s, segments);
    if (raw === undefined) {
      issues.push({ path: at(), message: `no field ${formatPath(segments)} in this scenario` });
      continue;
    }
    const v = valueOf(raw);
    if (!v) {
      issues.push({
        path: at(),
        message: `${formatPath(segments)} is not numeric (a range needs a number, a duration or a distribution)`,
      });
      continue;
    }
    if (r.low > r.high) issues.push({ path: at('low'), message: `${r.low} is above high (${r.high})` });
    const shape = r.shape ?? fromSchema.get(formatPath(segments))?.shape ?? 'uniform';
    if (shape === 'log' && r.low <= 0)
      issues.push({ path: at('low'), message: 'must be more than 0 for a log-uniform range' });
    if (v.type === 'dist' && v.value <= 0)
      issues.push({ path: at(), message: 'the distribution has median 0, so it cannot be stretched to a range' });
  }
  return issues;
}
