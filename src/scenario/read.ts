/**
 * Reading scenario files: one file safely (regular, bounded, parsed with line numbers, checked
 * for hostile keys and text), and an `extends:` chain merged child over parent.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { displayPath } from './display-path.js';
import { ScenarioError } from './errors.js';
import { MAX_DEPTH, rawIssues, shownPath } from './raw-checks.js';
import { countValues, FileRefused, MAX_VALUES, readRegularFile } from './read-file.js';
import { printable } from './text.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** One file of an extends chain, as read. */
export interface Layer {
  /** The path shown in messages. */
  file: string;
  data: Obj;
}

/** A scenario file with its extends chain resolved, not yet validated. */
export interface RawScenario {
  /** The path as shown in messages (relative to the working directory when inside it). */
  file: string;
  /** The merged fields of the chain, `extends` removed (no preset, no defaults). */
  raw: Obj;
  /** The chain, the file itself first. */
  layers: Layer[];
  /** sha256 of the bytes of every file read, the scenario's own first. */
  sources: { path: string; sha256: string }[];
}

/** Deep merge: mappings merge key by key, everything else (lists included) is replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  // defineProperty, not assignment: a `__proto__` key (refused when read) must never set a prototype.
  for (const [k, v] of Object.entries(over))
    Object.defineProperty(out, k, {
      value: Object.hasOwn(base, k) ? deepMerge(base[k], v) : v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** Reads one file into a plain mapping; syntax errors become ScenarioErrors with line numbers. */
function readRaw(abs: string, shown: string): { data: Obj; bytes: Buffer } {
  const fail = (message: string, path = ''): never => {
    throw new ScenarioError([{ file: shown, path, message }]);
  };
  let bytes: Buffer = Buffer.alloc(0);
  try {
    bytes = readRegularFile(abs);
  } catch (e) {
    if (e instanceof FileRefused) fail(e.reason);
    throw e;
  }
  const text = bytes.toString('utf8');
  const values = countValues(text);
  if (values > MAX_VALUES)
    fail(`has about ${values} values (commas and lines), more than the ${MAX_VALUES} a scenario file may hold`);
  const what = /\.json$/i.test(abs) ? 'JSON' : 'YAML';
  // YAML 1.2 is a superset of JSON, so one parser serves both and reports lines for both.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    fail(
      `${what} syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${printable(reason.slice(0, 200))}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    fail(`${what} error: ${printable((e as Error).message.slice(0, 200))}`);
  }
  if (data === null || data === undefined)
    fail('the file is empty (a scenario needs at least name, topology and clients)');
  if (!isObj(data)) fail('the top level must be a mapping of fields (name, topology, clients, ...)');
  const bad = rawIssues(data);
  if (bad.length > 0)
    throw new ScenarioError(bad.map((i) => ({ file: shown, path: shownPath(i.path), message: i.message })));
  return { data: data as Obj, bytes };
}

/** A parent of an extends chain: a .yaml, .yml or .json file (never /etc/shadow or /dev/zero). */
const SCENARIO_NAME = /\.(ya?ml|json)$/i;

/**
 * Reads the parent named by `extends` in `child`. Anything wrong with the parent file itself
 * (missing, not a regular scenario file, unreadable, not a mapping) is reported against the
 * child's `extends` field, without quoting the parent's content.
 */
function readParent(abs: string, child: string, written: string): { data: Obj; bytes: Buffer } {
  const refuse = (why: string): never => {
    throw new ScenarioError([
      { file: child, path: 'extends', message: `cannot read ${JSON.stringify(written)}: ${why}` },
    ]);
  };
  if (!SCENARIO_NAME.test(abs)) refuse('a scenario file name ends in .yaml, .yml or .json');
  try {
    return readRaw(abs, displayPath(abs));
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    // Whole-file problems (syntax, size, type) belong to the extends field that led here;
    // field problems inside a readable parent stay attributed to the parent.
    if (e.issues.every((i) => i.path === '')) refuse(e.issues.map((i) => i.message).join('; '));
    throw e;
  }
}

/** Reads `path` and the files it extends, and merges them. Throws ScenarioError. */
export function readScenario(path: string): RawScenario {
  const layers: Layer[] = [];
  const sources: RawScenario['sources'] = [];
  const abs = resolve(path);
  const shown = displayPath(abs);
  const seen: string[] = [];
  let current = abs;
  let currentShown = shown;
  let { data, bytes } = readRaw(abs, shown);
  for (;;) {
    seen.push(current);
    layers.push({ file: currentShown, data });
    sources.push({ path: currentShown, sha256: sha256(bytes) });
    const parent = data.extends;
    if (parent === undefined) break;
    if (typeof parent !== 'string' || parent.trim() === '')
      throw new ScenarioError([
        { file: currentShown, path: 'extends', message: 'must be the path of another scenario file' },
      ]);
    const parentAbs = resolve(dirname(current), parent);
    if (seen.includes(parentAbs)) {
      const cycle = [...seen, parentAbs].map(displayPath).join(' -> ');
      throw new ScenarioError([{ file: currentShown, path: 'extends', message: `cycle: ${cycle}` }]);
    }
    if (seen.length > MAX_DEPTH)
      throw new ScenarioError([
        { file: currentShown, path: 'extends', message: `the extends chain is over ${MAX_DEPTH} files long` },
      ]);
    ({ data, bytes } = readParent(parentAbs, currentShown, parent));
    current = parentAbs;
    currentShown = displayPath(parentAbs);
  }
  let raw: Obj = {};
  for (const l of [...layers].reverse()) raw = deepMerge(raw, l.data) as Obj;
  delete raw.extends;
  markInheritedDescription(raw, layers);
  return { file: shown, raw, layers, sources };
}

/**
 * A file that extends another without a description of its own would show the base's text as
 * its own (a "fix" described as the incident it fixes): the text says whose it is.
 */
function markInheritedDescription(raw: Obj, layers: Layer[]): void {
  if (layers.length < 2 || layers[0].data.description !== undefined) return;
  const owner = layers.find((l) => typeof l.data.description === 'string');
  if (!owner || typeof raw.description !== 'string') return;
  const prefix = `No description of its own; ${owner.file} (which it extends) says: `;
  raw.description = `${prefix}${raw.description}`.slice(0, DESCRIPTION_MAX);
}

/** The schema's bound on a description (src/scenario/schema.ts). */
const DESCRIPTION_MAX = 5000;
