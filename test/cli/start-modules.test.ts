/**
 * What a command's start loads (issue 13: `--help` and `validate` within 2.5x of `node -e 0`).
 * The bundle's files a command loads are logged by the test hook (test/support/load-gate.ts,
 * NMSIM_LOAD_LOG); each file's source map names the modules in it. `--help` and `validate` must
 * not load the model, the runner, the statistics or the report, and the number of files stays
 * at what it is: each one more is resolved, read, compiled and linked at every start (~1-2 ms),
 * and a change of the bundle's splitting once added six to `validate` (a dynamic import that
 * made the model an entry point of its own). Raise a bound here only on purpose.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nmsim, ROOT, tempDir } from './helpers.js';

const tmp = tempDir();
after(tmp.cleanup);
const HOOK = fileURLToPath(new URL('../support/load-gate.js', import.meta.url));

/** The bundle files `args` loads, and the source modules (repository paths) they hold. */
async function loads(name: string, args: string[]): Promise<{ files: string[]; sources: string[] }> {
  const log = join(tmp.dir, `${name}.log`);
  const r = await nmsim(args, { nodeArgs: ['--import', HOOK], env: { NMSIM_LOAD_LOG: log } });
  assert.equal(r.code, 0, r.stderr);
  const files = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((u) => u.includes('/dist/bundle/'))
        .map((u) => fileURLToPath(u)),
    ),
  ];
  const sources = new Set<string>();
  for (const f of files) {
    const map = `${f}.map`;
    assert.ok(existsSync(map), `${map}: the bundle has source maps`);
    for (const s of (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources)
      sources.add(s.replace(/^(\.\.\/)+/, ''));
  }
  return { files, sources: [...sources].sort() };
}

/** Code a quick command has no use for. */
const HEAVY = [
  /^src\/model\//,
  /^src\/runner\/(?!shard-error)/,
  /^src\/stats\//,
  /^src\/report\//,
  /node_modules\/(vega|@stdlib)/,
];

for (const [name, args, maxFiles] of [
  ['--help', ['--help'], 13],
  ['validate', ['validate', join(ROOT, 'scenarios', 'incident.yaml')], 20],
] as const) {
  test(`nmsim ${name} loads no model, runner, statistics or report code, from at most ${maxFiles} bundle files`, async () => {
    const { files, sources } = await loads(name.replace(/\W/g, ''), [...args]);
    assert.ok(
      sources.some((s) => s.startsWith('src/cli/')),
      `the log sees the bundle's modules: ${sources.join(' ')}`,
    );
    const heavy = sources.filter((s) => HEAVY.some((re) => re.test(s)));
    assert.deepEqual(heavy, [], `${name} loads ${heavy.join(', ')}`);
    assert.ok(files.length <= maxFiles, `${name} loads ${files.length} bundle files (at most ${maxFiles})`);
  });
}
