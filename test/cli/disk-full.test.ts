/**
 * A real full disk: the output folder is a 256 KiB tmpfs and `run` writes about 1.2 MB (the HTML
 * report alone is ~1 MB), so the kernel answers ENOSPC part-way through. nmsim must say so in
 * one line, exit 1, leave no partial or temporary file, and keep the files already there.
 *
 * Mounting needs root (CAP_SYS_ADMIN). Without it the test is skipped with the reason, except on
 * CI (CI=true) as root, where a refused mount is a failure: there it must run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

/** Mounts a tmpfs of `size` on `dir`; the reason it could not, if it could not. */
function mountTmpfs(dir: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return (err.stderr?.toString().trim() || err.message).split('\n')[0];
  }
}

test('a full disk (256 KiB tmpfs as --out): one line, exit 1, nothing partial, old files intact', async (t) => {
  const tmp = tempDir('nmsim-disk-full-');
  const out = join(tmp.dir, 'full');
  mkdirSync(out);
  const refused = mountTmpfs(out, '256k');
  if (refused !== undefined) {
    tmp.cleanup();
    const root = process.getuid?.() === 0;
    if (process.env.CI === 'true' && root) assert.fail(`CI runs as root but mounting a tmpfs failed: ${refused}`);
    t.skip(`cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): ${refused}`);
    return;
  }
  try {
    writeFiles(tmp.dir, { 'small.yaml': SMALL });
    const old = { 'small.json': 'old json', 'small.html': 'old html' };
    writeFiles(out, old);
    const r = await nmsim(['run', 'small.yaml', '-q', '--out', out], { cwd: tmp.dir });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
    assert.match(lines[0], /^nmsim: cannot write to .*: the disk is full \(ENOSPC\); nothing written$/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '');
    assert.deepEqual(listDir(out), Object.keys(old).sort(), 'no partial or temporary file');
    for (const [name, content] of Object.entries(old)) assert.equal(readFileSync(join(out, name), 'utf8'), content);
  } finally {
    execFileSync('umount', [out]);
    tmp.cleanup();
  }
});
