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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

// node's own modules a command loads, as process.moduleLoadList names them, written at exit.
const BUILTINS_LOG =
  'data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs").writeFileSync(' +
  'process.env.NMSIM_BUILTINS_LOG,process.moduleLoadList.join("\\n")))';

for (const [name, args] of [
  ['--help', ['--help']],
  ['validate', ['validate', join(ROOT, 'scenarios', 'incident.yaml')]],
] as const) {
  test(`nmsim ${name} passes yargs' assertions without loading node:assert`, async () => {
    const log = join(tmp.dir, `${name.replace(/\W/g, '')}-builtins.log`);
    const r = await nmsim([...args], { nodeArgs: ['--import', BUILTINS_LOG], env: { NMSIM_BUILTINS_LOG: log } });
    assert.equal(r.code, 0, r.stderr);
    const loaded = readFileSync(log, 'utf8').split('\n');
    assert.ok(loaded.includes('NativeModule fs'), `the log lists node's modules: ${loaded.slice(0, 5).join(', ')}`);
    assert.ok(!loaded.includes('NativeModule assert'), `${name} loaded node:assert`);
  });
}

test("the bundle's node:assert stand-in passes and throws exactly as node:assert does", async () => {
  const plugins = (await import(pathToFileURL(join(ROOT, 'scripts', 'bundle-plugins.mjs')).href)) as {
    builtinModuleText: (name: string) => string;
  };
  const file = join(tmp.dir, 'assert-stand-in.mjs');
  writeFileSync(file, plugins.builtinModuleText('assert'));
  type Check = (...a: unknown[]) => void;
  const standIn = (await import(pathToFileURL(file).href)) as Record<string, Check>;
  const real = (await import('node:assert')) as unknown as Record<string, Check>;
  const o = {};
  const cases: unknown[][] = [
    [],
    [1],
    [1, 1],
    [1, 2],
    [0, -0],
    [NaN, NaN],
    ['a', 'a'],
    [o, o],
    [o, {}],
    [1, '1'],
    [1, 2, 'why'],
  ];
  for (const fn of ['strictEqual', 'notStrictEqual', 'ok', 'deepStrictEqual'])
    for (const c of cases) {
      const outcome = (f: Check): string => {
        try {
          f(...c);
          return 'passed';
        } catch (e) {
          const err = e as Error & { code?: string };
          return `${err.constructor.name} ${err.code} ${err.message}`;
        }
      };
      assert.equal(outcome(standIn[fn]), outcome(real[fn]), `${fn}(${c.map((v) => String(v)).join(', ')})`);
    }
});
