/**
 * Fuzzing the scenario loader with hostile and absurd input (issue 17): each case takes a
 * shipped scenario (its extends chain resolved), applies one mutation from a catalogue of the
 * values and shapes that crashed, hung or exhausted memory before (1e308, zero timeouts, 1e9
 * workers, `__proto__`, control characters, malformed distributions, huge text, deep nesting,
 * hostile `extends`), and loads it. The loader must either accept it or refuse it with a
 * ScenarioError naming a field: never another exception, never a hang (the test would time
 * out). All the cases then go to one `nmsim validate` process: exit 0 or 2, never 1, one verdict
 * per file, nothing written; a sample of the refused ones to `nmsim run`: exit 2, no files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readScenario, validateScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { listDir, nmsim, ROOT, tempDir } from '../cli/helpers.js';

type Obj = Record<string, unknown>;
const SHIPPED = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const bases = SHIPPED.map((f) => readScenario(join(ROOT, 'scenarios', f)).raw);

/** Every path to a value in `v` (mappings and lists included). */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
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

/** The hostile values, by category (the report counts outcomes per category). */
const HOSTILE: Record<string, unknown[]> = {
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
const CATEGORIES = Object.keys(HOSTILE);

const mutation = fc.record({
  base: fc.nat(bases.length - 1),
  category: fc.constantFrom(...CATEGORIES),
  valueIndex: fc.nat(20),
  pathIndex: fc.nat(10_000),
  addKey: fc.boolean(),
});
function apply(m: { base: number; category: string; valueIndex: number; pathIndex: number; addKey: boolean }): {
  data: unknown;
  category: string;
} {
  const base = bases[m.base];
  const values = HOSTILE[m.category];
  const value = values[m.valueIndex % values.length];
  const all = paths(base).filter((p) => p.length > 0);
  const target = all[m.pathIndex % all.length];
  // Either replace a value, or add the value under a new (unknown) key beside it.
  // (A list item has no key beside it: it is replaced.)
  const path = m.addKey && typeof target[target.length - 1] === 'string' ? [...target.slice(0, -1), 'mni'] : target;
  return { data: setAt(base, path, value), category: m.category };
}

test('fuzz: 300 hostile mutations of the shipped scenarios are accepted or refused with a field, never a crash', async () => {
  const tmp = tempDir('nmsim-fuzz-');
  try {
    const cases = fc.sample(mutation, { numRuns: 300, seed: 17 }).map(apply);
    const outcome: Record<string, { refused: number; accepted: number }> = {};
    const files: string[] = [];
    cases.forEach((c, i) => {
      const file = join(tmp.dir, `case-${String(i).padStart(3, '0')}.json`);
      writeFileSync(file, JSON.stringify(c.data));
      files.push(file);
      const o = (outcome[c.category] ??= { refused: 0, accepted: 0 });
      try {
        validateScenario(readScenario(file));
        o.accepted++;
      } catch (e) {
        assert.ok(e instanceof ScenarioError, `case ${i} (${c.category}): ${(e as Error).stack}`);
        assert.ok(
          // eslint-disable-next-line no-control-regex
          e.issues.every((x) => x.file.length > 0 && !/[\u0000-\u001f]/.test(e.message.replace(/\n/g, ''))),
          `case ${i}: message names the file, shows no control character`,
        );
        o.refused++;
      }
    });
    // Every category of input that is wrong whatever field it lands on is refused every time.
    for (const c of ['control characters', 'huge text', 'prototype keys', 'deep nesting', 'long list'])
      if (outcome[c]) assert.equal(outcome[c].accepted, 0, `${c}: ${JSON.stringify(outcome[c])}`);
    const refused = Object.values(outcome).reduce((a, o) => a + o.refused, 0);
    // The same 300 files through one multi-file validate: one verdict each, exit 2, no stack trace.
    const r = await nmsim(['validate', ...files], { cwd: tmp.dir });
    assert.equal(r.code, refused > 0 ? 2 : 0, r.stderr.slice(0, 2000));
    assert.doesNotMatch(r.stderr, /^nmsim: |\n {4}at /m);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('ok  ')).length, 300 - refused);
    const refusedFiles = new Set(
      r.stderr
        .split('\n')
        .map((l) => l.split(':')[0])
        .filter((f) => f.startsWith('case-')),
    );
    assert.equal(refusedFiles.size, refused, 'each refused file named on stderr');
    // validate writes nothing: the folder holds the 300 case files alone.
    assert.equal(listDir(tmp.dir).length, 300);
    console.log(`fuzz outcomes (seed 17): ${JSON.stringify(outcome)}`);
  } finally {
    tmp.cleanup();
  }
});

test('fuzz: refused files given to `nmsim run` exit 2 and write nothing', async () => {
  const tmp = tempDir('nmsim-fuzz-run-');
  try {
    const cases = fc.sample(mutation, { numRuns: 40, seed: 18 }).map(apply);
    let ran = 0;
    for (const [i, c] of cases.entries()) {
      const file = join(tmp.dir, `r${i}.json`);
      writeFileSync(file, JSON.stringify(c.data));
      try {
        validateScenario(readScenario(file));
        continue; // accepted: running it would simulate 1000 instances for hours
      } catch {
        // refused in-process: the CLI must refuse it too
      }
      if (ran++ >= 4) break;
      const out = join(tmp.dir, `out${i}`);
      mkdirSync(out);
      const r = await nmsim(['run', file, '--out', out], { cwd: tmp.dir });
      assert.equal(r.code, 2, `${c.category}: ${r.stderr}`);
      assert.deepEqual(listDir(out), []);
    }
    assert.ok(ran >= 4, `ran ${ran} refused cases through the CLI`);
  } finally {
    tmp.cleanup();
  }
});

// A FIFO as `extends:` would block a naive read forever; here it is refused before reading.
test('extends: a FIFO, /dev/zero, /etc/shadow and a directory are refused naming the extends field', () => {
  const tmp = tempDir('nmsim-ext-');
  try {
    execFileSync('mkfifo', [join(tmp.dir, 'fifo.yaml')]);
    mkdirSync(join(tmp.dir, 'dir.yaml'));
    const cases: [string, RegExp][] = [
      ['fifo.yaml', /not a regular file/],
      ['/dev/zero', /name ends in \.yaml, \.yml or \.json/],
      ['/etc/shadow', /name ends in \.yaml, \.yml or \.json/],
      ['dir.yaml', /is a directory/],
    ];
    for (const [target, why] of cases) {
      const f = join(tmp.dir, 'child.yaml');
      writeFileSync(f, `name: c\nextends: ${target}\n`);
      assert.throws(
        () => readScenario(f),
        (e: unknown) =>
          e instanceof ScenarioError &&
          e.issues.length === 1 &&
          e.issues[0].path === 'extends' &&
          e.issues[0].file.endsWith('child.yaml') &&
          why.test(e.issues[0].message),
        target,
      );
    }
  } finally {
    tmp.cleanup();
  }
});
