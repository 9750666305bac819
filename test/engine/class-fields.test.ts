/**
 * The build assigns class fields in constructors (tsconfig.json: useDefineForClassFields false).
 * With ES2022's define semantics a field without an initializer (`private lastT: number;`, and
 * every constructor parameter property) is first defined as undefined; V8 then stores it tagged
 * once numbers arrive, so each double written to it allocates a heap number: a time-weighted
 * level's clock, a request's stage clock, a ticket's arrival time. That was ~6% of the
 * flagship's instructions per request (README, Performance). Both tsc's output and the bundle must keep it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../', import.meta.url));

const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));

test("tsc's output defines no class field before the constructor (no `name;` or `name = ...` in a class body)", () => {
  const defined: string[] = [];
  for (const f of jsFiles(join(DIST, 'src'))) {
    let inClass = false;
    // A top-level class's members are indented 4 spaces, the statements of its methods 8 or more.
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^(?:export )?(?:default )?class\b/.test(line)) inClass = true;
        else if (line === '}') inClass = false;
        else if (inClass && /^ {4}(?:static )?[#\w$]+(?:;| = )/.test(line))
          defined.push(`${f}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(defined.slice(0, 10), [], `${defined.length} class fields defined, not assigned`);
});

test("the bundle assigns the calendar's fields in its constructor, too (esbuild reads the same tsconfig)", () => {
  const bundle = join(DIST, 'bundle');
  const chunk = jsFiles(bundle).find((f) => readFileSync(f, 'utf8').includes('event calendar overflow'));
  assert.ok(chunk, 'no bundle file holds the calendar');
  const text = readFileSync(chunk, 'utf8');
  const fieldDefinitions = text.match(/class(?:\s+[\w$]+)?(?:\s+extends\s+[\w$.]+)?\s*\{(?:static\s+)?[#\w$]+(?:=|;)/g);
  assert.equal(fieldDefinitions, null, `class bodies defining fields: ${fieldDefinitions?.slice(0, 5).join(' | ')}`);
});
