// esbuild plugins of scripts/bundle.mjs, each cutting a cost every nmsim command paid at start
// (README, Performance). Each rewrite of a package's source checks that the text it replaces is
// there exactly once, so an upgrade that moves it fails the build instead of silently losing
// the saving (or, worse, patching the wrong line).
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireHere = createRequire(import.meta.url);

/** `text` with each [from, to] pair replaced, after checking `from` occurs exactly once. */
function rewrite(path, text, pairs) {
  for (const [from, to] of pairs) {
    if (text.split(from).length !== 2) throw new Error(`${path}: expected this text once: ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

// yargs' help renderer (cliui, wrap-ansi) measures every cell with string-width. cliui and
// wrap-ansi pin string-width 7, which runs Intl.Segmenter over every character; yargs itself
// uses string-width 8, the same API with a fast path for printable ASCII: all three resolve to
// yargs' copy. That copy also builds an Intl.Segmenter and a \p{RGI_Emoji} class at load, ~15 ms
// each here, needed only for non-ASCII text: both are made on first use instead.
const yargsDir = dirname(requireHere.resolve('yargs/package.json'));
const stringWidthEntry = createRequire(join(yargsDir, 'index.mjs')).resolve('string-width');
const deferredAtLoad = [
  [
    'const segmenter = new Intl.Segmenter();',
    'let madeSegmenter;\nconst segmenter = { segment: (s) => (madeSegmenter ??= new Intl.Segmenter()).segment(s) };',
  ],
  [
    'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    'let madeRgiEmojiRegex;\nconst rgiEmojiRegex = { test: (s) => (madeRgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(s) };',
  ],
];
export const oneStringWidth = {
  name: 'one-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: stringWidthEntry }));
    b.onLoad({ filter: /string-width[\\/]index\.js$/ }, ({ path }) => {
      if (path !== stringWidthEntry) throw new Error(`unexpected string-width copy ${path}`);
      const text = rewrite(path, readFileSync(path, 'utf8'), deferredAtLoad);
      return { contents: text, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

// Once a command's handler has started, yargs renders that command's whole help and keeps it, in
// case the handler later asks for it (showHelp, or a failure that prints usage): ~4 ms of every
// `nmsim validate`. nmsim's handlers never do: each runs inside `guarded` (src/cli/common.ts),
// which catches every error and prints its own message, and the `.fail` handler of src/cli/cli.ts
// prints one line without the help. So the render is skipped; `--help` itself is not this path.
const yargsCommand = join(yargsDir, 'build', 'lib', 'command.js');
const helpCachedAfterHandler = [
  [
    'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();',
    '/* nmsim: no help render after a handler starts (scripts/bundle-plugins.mjs) */',
  ],
];
export const yargsHelpOnDemand = {
  name: 'yargs-help-on-demand',
  setup(b) {
    b.onLoad({ filter: /yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      if (path !== yargsCommand) throw new Error(`unexpected yargs copy ${path}`);
      const text = rewrite(path, readFileSync(path, 'utf8'), helpCachedAfterHandler);
      return { contents: text, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

// An ESM `import { x } from 'node:fs'` makes node build the module's ESM facade, which reads
// every export, getters included: fs.ReadStream's getter loads the whole streams stack, and the
// facades of fs, path, crypto and url cost `nmsim validate` ~8 ms of its ~85 ms over a bare
// node. process.getBuiltinModule (node 20.16) returns the CommonJS module with no facade, so each
// builtin import resolves to a module that re-exports its plain properties from there. Getters
// (fs.promises, fs.ReadStream, ...) are left out on purpose: importing one is a build error.
// node:assert (with its error class and colour tables, ~2.5 ms) is imported by yargs for its
// own sanity checks, which pass: its functions load the module on their first call instead. Its
// classes and its default export are not offered, so a use that needs them fails the build.
const builtinNames = new Set(builtinModules);
// yargs' checks (strictEqual, notStrictEqual) run on every command and pass: a passing check
// returns without loading node:assert (~1.8 ms with its error class and colour tables); the
// module is loaded only to throw its own error, or for a call with missing arguments. The
// conditions are node's: both compare with Object.is.
const passesWithoutModule = {
  strictEqual: 'a.length >= 2 && Object.is(a[0], a[1])',
  notStrictEqual: 'a.length >= 2 && !Object.is(a[0], a[1])',
};
const loadedOnFirstCall = new Set(['assert']);
const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));

export function builtinModuleText(name) {
  const id = JSON.stringify(`node:${name}`);
  const props = Object.entries(Object.getOwnPropertyDescriptors(requireHere(name))).filter(
    ([k, d]) => !d.get && k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k),
  );
  if (!loadedOnFirstCall.has(name)) {
    const names = props.map(([k]) => k).join(', ');
    return `const m = process.getBuiltinModule(${id});\nexport default m;\nexport const { ${names} } = m;\n`;
  }
  const calls = props
    .filter(([, d]) => typeof d.value === 'function' && !isClass(d.value))
    .map(([k]) =>
      passesWithoutModule[k]
        ? `export function ${k}(...a) { if (${passesWithoutModule[k]}) return; return mod().${k}(...a); }`
        : `export function ${k}(...a) { return mod().${k}(...a); }`,
    );
  return [`let m;`, `const mod = () => (m ??= process.getBuiltinModule(${id}));`, ...calls, ''].join('\n');
}

export const builtinsWithoutFacade = {
  name: 'builtins-without-esm-facade',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, ({ path, kind }) => {
      const name = path.replace(/^node:/, '');
      if (kind !== 'import-statement' || !builtinNames.has(name)) return undefined;
      return { path: name, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({ contents: builtinModuleText(path), loader: 'js' }));
  },
};
