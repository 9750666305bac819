/**
 * A reader that closes stdout before nmsim writes (`nmsim run --json | head -1`, a failing jq):
 * the command still writes its files and exits with its own code, without an EPIPE stack trace.
 * Before the fix the first write's EPIPE was an unhandled 'error' event: exit 1, a trace, and
 * with tables printed before the files were committed, no files.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir('nmsim-closed-stdout-');
after(() => tmp.cleanup());
writeFiles(tmp.dir, { 'small.yaml': SMALL });

for (const [what, flags] of [
  ['the JSON', ['--json']],
  ['the tables', []],
] as const)
  test(`run with ${what} to a closed pipe: exit 0, no trace, files written`, { timeout: 60_000 }, async () => {
    const out = join(tmp.dir, `out${flags.length}`);
    const r = await nmsim(['run', 'small.yaml', '-w', '1', '--no-report', '-o', out, ...flags], {
      cwd: tmp.dir,
      // Our end of the child's stdout closes at once: every write of the child fails with EPIPE.
      onSpawn: (c) => c.stdout!.destroy(),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|at .*\(node:/);
    assert.deepEqual(listDir(out), ['small-latency.csv', 'small.json']);
  });
