import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

test('sweep --shard i/n on every shard, then merge, equals the unsharded sweep byte for byte', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFiles(dir, { 's.yaml': SMALL });
    const common = [
      'sweep',
      join(dir, 's.yaml'),
      '--set',
      'proxy.eventlet.poolSize=2,50',
      '-r',
      '3',
      '--seed',
      '5',
      '-q',
      '--no-report',
    ];
    const whole = await nmsim([...common, '--out', join(dir, 'whole')]);
    assert.equal(whole.code, 0, whole.stderr);
    for (let i = 0; i < 3; i++) {
      // The third shard takes its index from a Kubernetes Indexed Job's variable.
      const r = await nmsim(
        i < 2
          ? [...common, '--shard', `${i}/3`, '--out', join(dir, 'parts')]
          : [...common, '--shard', 'auto/3', '--out', join(dir, 'parts')],
        {
          env: { JOB_COMPLETION_INDEX: '2' },
        },
      );
      assert.equal(r.code, 0, r.stderr);
    }
    const parts = listDir(join(dir, 'parts')).filter((f) => f.includes('-shard-'));
    assert.equal(parts.length, 3);
    const merged = await nmsim([
      'merge',
      ...parts.map((f) => join(dir, 'parts', f)),
      '-q',
      '--no-report',
      '--out',
      join(dir, 'merged'),
    ]);
    assert.equal(merged.code, 0, merged.stderr);
    const a = readFileSync(join(dir, 'whole', 's-sweep.json'), 'utf8');
    const b = readFileSync(join(dir, 'merged', 's-sweep.json'), 'utf8');
    assert.equal(b, a);
    // A missing shard is refused with exit 2 and nothing written.
    const partial = await nmsim(['merge', join(dir, 'parts', parts[0]), '-q', '--out', join(dir, 'bad')]);
    assert.equal(partial.code, 2);
    assert.match(partial.stderr, /missing/);
    assert.deepEqual(listDir(join(dir, 'bad')), []);
  } finally {
    cleanup();
  }
});
