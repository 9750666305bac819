/**
 * The identity of a resolved scenario: canonical JSON (object keys sorted at every level) and its
 * sha256, the `meta.hash` its results carry and `nmsim validate` prints.
 */
import { sha256 } from './read.js';
import type { Scenario } from './schema.js';

type Obj = Record<string, unknown>;

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

/**
 * The scenario as hashed: a replay trace counts by its content (`trace.sha256`), not by where it
 * was found, so the same design has the same hash whatever the file layout.
 */
function withoutTracePaths(s: Scenario): Scenario {
  if (!s.clients.some((c) => c.kind === 'replay' && c.trace)) return s;
  return {
    ...s,
    clients: s.clients.map((c) =>
      c.kind === 'replay' && c.trace ? { ...c, trace: { ...c.trace, path: undefined as unknown as string } } : c,
    ),
  };
}

/** Canonical JSON of a resolved scenario and its sha256 (the `meta.hash` of its results). */
export function scenarioDigest(s: Scenario): { canonical: string; hash: string } {
  const canonical = canonicalJson(withoutTracePaths(s));
  return { canonical, hash: sha256(canonical) };
}
