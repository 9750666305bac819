/**
 * The hostile-input census runs end to end on a small sample and prints one line per category
 * with its counts (the full run, `npm run census:hostile`, is for closing notes, not for CI).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CENSUS = fileURLToPath(new URL('./hostile-census.js', import.meta.url));

test('census of 30 hostile scenarios and 6 tampered partials: a table per category, no crash, no hang', async () => {
  const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const c = execFile(process.execPath, [CENSUS, '--cases', '30', '--partials', '6', '--signals', '0'], (_e, stdout) =>
      resolve({ code: c.exitCode, stdout }),
    );
  });
  assert.equal(out.code, 0, out.stdout);
  assert.match(out.stdout, /^category +refused accepted +crash +hang$/m);
  const total = /^total +(\d+) +(\d+) +(\d+) +(\d+)$/m.exec(out.stdout);
  assert.ok(total, out.stdout);
  assert.equal(Number(total[1]) + Number(total[2]), 36);
  assert.equal(Number(total[3]) + Number(total[4]), 0);
});
