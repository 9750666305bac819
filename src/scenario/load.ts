/**
 * Loading scenario files: YAML or JSON, `extends:` chains (child fields override the parent's;
 * lists are replaced whole), a `release:` preset beneath the file's own fields, schema
 * validation, and cross-field checks. Every problem is reported as file + field + reason,
 * naming the file of the chain that set the field, and nothing is allocated per instance
 * before the sizes have been checked.
 *
 * The pipeline is here; its parts are read.ts (files and chains), checks.ts (before and after
 * the schema), issue-messages.ts (words and files for each problem), digest.ts (the hash).
 */
import { boundIssues } from './bounds.js';
import { crossCheck, preflight } from './checks.js';
import { scenarioDigest } from './digest.js';
import { displayPath } from './display-path.js';
import type { FieldIssue } from './errors.js';
import { explain, failWith, type Override } from './issue-messages.js';
import { RELEASE_PRESETS, type Release } from './presets.js';
import { deepMerge, readScenario, type RawScenario } from './read.js';
import { Scenario } from './schema.js';
import { resolveTraces } from './trace/resolve.js';

export { deepMerge, readScenario, type Layer, type RawScenario } from './read.js';
export { canonicalJson, scenarioDigest } from './digest.js';
export type { Override } from './issue-messages.js';
export { displayPath };

export interface LoadedScenario {
  scenario: Scenario;
  file: string;
  sources: { path: string; sha256: string }[];
  /** The resolved scenario (extends, preset and defaults applied) as canonical JSON (sorted keys). */
  canonical: string;
  /** sha256 of `canonical`, hex: equal to runScenario's meta.hash. */
  hash: string;
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
  const failIfAny = (issues: FieldIssue[]): void => {
    if (issues.length > 0) failWith(issues, r, overrides);
  };
  const raw = r.raw;
  failIfAny(preflight(raw));
  const release = raw.release;
  const layered =
    typeof release === 'string' && release in RELEASE_PRESETS
      ? deepMerge(RELEASE_PRESETS[release as Release], raw)
      : raw;
  const parsed = Scenario.safeParse(layered);
  if (!parsed.success)
    failWith(
      parsed.error.issues.flatMap((i) => explain(i, [], layered)),
      r,
      overrides,
    );
  const s = parsed.data!;
  failIfAny(crossCheck(s));
  failIfAny(resolveTraces(s, r));
  failIfAny(boundIssues(s, opts.allowLarge === true));
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
