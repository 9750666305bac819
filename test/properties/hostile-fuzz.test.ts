/**
 * Fuzzing the scenario loader with hostile and absurd input (issue 17): each case is a shipped
 * scenario with one hostile mutation (test/support/hostile-cases.ts, shared with the census
 * `npm run census:hostile`), loaded in this process. The loader must either accept it or refuse it with a
 * ScenarioError naming a field: never another exception, never a hang (the test would time
 * out). All the cases then go to one `nmsim validate` process: exit 0 or 2, never 1, one verdict
 * per file, nothing written; a sample of the refused ones to `nmsim run`: exit 2, no files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readScenario, validateScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { listDir, nmsim, tempDir } from '../cli/helpers.js';
import { ALWAYS_REFUSED, hostileCases } from '../support/hostile-cases.js';

test('fuzz: 300 hostile mutations of the shipped scenarios are accepted or refused with a field, never a crash', async () => {
  const tmp = tempDir('nmsim-fuzz-');
  try {
    const cases = hostileCases(300, 17);
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
    for (const c of ALWAYS_REFUSED)
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
    const cases = hostileCases(40, 18);
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
