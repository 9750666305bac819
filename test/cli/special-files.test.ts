/**
 * merge and calibrate read only regular files under their caps, as scenario files are read: a
 * FIFO (a read would wait for a writer for ever), /dev/zero (never ends) and a directory are
 * refused before a byte is read, with exit 2, the file named, and nothing written.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, nmsim, tempDir } from './helpers.js';

const tmp = tempDir('nmsim-special-files-');
const children = new Set<ChildProcess>();
after(() => {
  // Before the fix a FIFO held the child for ever: the timeout fails the test, this ends it.
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

const fifo = join(tmp.dir, 'fifo.json');
execFileSync('mkfifo', [fifo]);
mkdirSync(join(tmp.dir, 'adir.json'));

for (const command of ['merge', 'calibrate'])
  for (const [what, file, why] of [
    ['a FIFO', fifo, /is not a regular file \(a device, FIFO or socket\)/],
    ['/dev/zero', '/dev/zero', /is not a regular file/],
    ['a directory', join(tmp.dir, 'adir.json'), /is a directory/],
  ] as const)
    test(
      `${command} refuses ${what} unread: exit 2, the file named, nothing written`,
      { timeout: 30_000 },
      async () => {
        const out = join(tmp.dir, `out-${command}-${what.replace(/\W/g, '')}`);
        const r = await nmsim([command, file, '--out', out], { cwd: tmp.dir, onSpawn: (c) => children.add(c) });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, why);
        assert.ok(r.stderr.includes(file), `names ${file}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        assert.deepEqual(listDir(out), []);
      },
    );
