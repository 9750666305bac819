// Bundles the CLI and its worker thread into dist/bundle/ (run by `npm run build` after tsc).
//
// Why: start time. Unbundled, `nmsim --help` resolved and read ~hundreds of files (our modules
// and yargs', zod's, yaml's), each a stat, a package.json lookup and a compile; node spent more
// time finding modules than running them (README, Performance). One file per entry point, with
// the commands' code in chunks loaded on demand (`splitting`), keeps the lazy loading of
// src/cli/commands/index.ts: --help still never loads the report or the statistics packages.
//
// Layout: dist/bundle/nmsim.js (the bin) and its chunks, and dist/bundle/replication-worker.js
// (one file, below), all in one folder, so the pool's `new URL('./replication-worker.js', import.meta.url)`
// finds the bundled worker and version.ts's `../../package.json` still reaches package.json.
// dist/src/cli/main.js (tsc's output) is replaced by a launcher of the bundle, so every
// documented `node dist/src/cli/main.js ...` runs the bundle too; the modules under dist/src stay
// as tsc wrote them for the tests that import them.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { argv, stdout } from 'node:process';
import { builtinsWithoutFacade, oneStringWidth, yargsHelpOnDemand } from './bundle-plugins.mjs';

// Chunk names carry a content hash: clear the old ones.
rmSync('dist/bundle', { recursive: true, force: true });

// Options both bundles share.
const common = {
  outdir: 'dist/bundle',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages read their own files at run time (vega's UMD builds for the report, cli-progress
  // through createRequire): left to node's resolution from dist/bundle, which finds node_modules.
  external: ['vega', 'vega-lite', 'vega-embed', 'cli-progress'],
  // CommonJS packages bundled into ESM (yargs' helpers, @stdlib) call require() for node's
  // built-ins; give them one.
  banner: {
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  legalComments: 'none',
  // Less to parse at every start (~8% of `nmsim validate`); --enable-source-maps maps traces back.
  minify: true,
  sourcemap: true,
  metafile: true,
  plugins: [oneStringWidth, yargsHelpOnDemand, builtinsWithoutFacade],
  logLevel: 'warning',
};

const result = await build({
  ...common,
  entryPoints: { nmsim: 'src/cli/main.ts' },
  splitting: true,
  chunkNames: '[name]-[hash]',
});

// The worker is a bundle of its own, one file: a worker thread has its own module graph, so
// chunks shared with the CLI saved only bytes on disk, while splitting the engine's modules
// between the two entry points cut the CLI's code into more chunks, each one more module for
// every command to resolve, read and link (6 more for `nmsim validate`, ~3 ms of its start).
await build({ ...common, entryPoints: { 'replication-worker': 'src/runner/replication-worker.ts' } });

writeFileSync(
  'dist/src/cli/main.js',
  "#!/usr/bin/env node\n// Launcher of the bundled CLI (scripts/bundle.mjs replaced tsc's output of src/cli/main.ts).\nimport '../../bundle/nmsim.js';\n",
);

if (argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  stdout.write(await analyzeMetafile(result.metafile));
}
