import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPORTER = fileURLToPath(new URL('./skip-summary.js', import.meta.url));

test('the test summary names each skipped test with its reason, and says when none was skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-skips-'));
  try {
    const file = join(dir, 'x.test.mjs');
    writeFileSync(
      file,
      "import { test } from 'node:test';\ntest('runs', () => {});\n" +
        "test('browser', (t) => { t.skip('/usr/bin/chromium is not installed'); });\n",
    );
    // Without NODE_TEST_CONTEXT, or the child takes itself for a file of this run and runs nothing.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT'));
    const run = (f: string) =>
      spawnSync(process.execPath, ['--test', `--test-reporter=${REPORTER}`, f], { encoding: 'utf8', env }).stdout;
    assert.equal(
      run(file),
      '\nSKIPPED 1 test(s), which did not run:\n  - browser: /usr/bin/chromium is not installed\n',
    );
    writeFileSync(file, "import { test } from 'node:test';\ntest('runs', () => {});\n");
    assert.equal(run(file), '\nskipped: none\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
