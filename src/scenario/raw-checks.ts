/**
 * Checks on a file's parsed contents before anything else looks at them: a hostile or broken
 * file must fail here with its field named, not stall the validator, reach Object.prototype
 * through a `__proto__` key, or print escape sequences on the user's terminal.
 *
 * - keys `__proto__`, `constructor` and `prototype` are refused (a merge would set a prototype);
 * - keys and text with control characters are refused (a description may have newlines and tabs);
 * - text longer than MAX_TEXT characters, lists longer than MAX_LIST items and nesting deeper
 *   than MAX_DEPTH are refused, so no later step spends time on a multi-megabyte name.
 */
import { formatPath, type PathSegment } from './paths.js';
import { hasControl, printable } from './text.js';

/** Longest text a scenario field may hold (the description's limit; names are shorter in the schema). */
export const MAX_TEXT = 5000;
/** Longest list (networks, clients, empirical samples, quantile points). */
export const MAX_LIST = 10_000;
/** Deepest nesting of mappings and lists (a mixture of mixtures is about 8). */
export const MAX_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Fields whose text may span lines. */
const MULTILINE = new Set(['description']);

export interface RawIssue {
  path: PathSegment[];
  message: string;
}

/** The problems of one file's parsed data (at most `limit` of them). */
export function rawIssues(data: unknown, limit = 20): RawIssue[] {
  const issues: RawIssue[] = [];
  const walk = (v: unknown, path: PathSegment[]): void => {
    if (issues.length >= limit) return;
    if (path.length > MAX_DEPTH) {
      issues.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
      return;
    }
    if (typeof v === 'string') {
      const key = path[path.length - 1];
      if (v.length > MAX_TEXT) issues.push({ path, message: `text of ${v.length} characters, at most ${MAX_TEXT}` });
      else if (hasControl(v, typeof key === 'string' && MULTILINE.has(key)))
        issues.push({ path, message: `contains control characters: ${JSON.stringify(v.slice(0, 60))}` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_LIST) {
        issues.push({ path, message: `has ${v.length} items, at most ${MAX_LIST}` });
        return;
      }
      v.forEach((x, i) => walk(x, [...path, i]));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) issues.push({ path: [...path, k], message: 'this key is not allowed' });
      else if (hasControl(k) || k.length > 200)
        issues.push({
          path,
          message: `a key ${k.length > 200 ? `of ${k.length} characters` : 'with control characters'} (${JSON.stringify(k.slice(0, 40))}) is not a field`,
        });
      else walk((v as Record<string, unknown>)[k], [...path, k]);
      if (issues.length >= limit) return;
    }
  };
  walk(data, []);
  return issues;
}

/** A path for a message: printable even when it holds a hostile key. */
export const shownPath = (path: PathSegment[]): string => printable(formatPath(path));
