/**
 * The browser libraries inlined into every report (vega, vega-lite, vega-embed), read from
 * their installed UMD builds: a report must open offline, from an e-mail attachment, with no
 * CDN. Read once per process.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIBRARIES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

/** The package's build/ directory: each package exports its module entry, which sits there. */
function buildDir(pkg: string): string {
  return dirname(fileURLToPath(import.meta.resolve(pkg)));
}

let scripts: string | null = null;
let versions: Record<string, string> | null = null;

/**
 * The three libraries as <script> elements. A build that contains `</script` or `<!--` would
 * end or derail the element; none does today, and an upgrade that did fails loudly here.
 */
export function inlineLibraries(): string {
  if (scripts !== null) return scripts;
  scripts = LIBRARIES.map(([pkg, file]) => {
    const code = readFileSync(join(buildDir(pkg), file), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');
    if (/<\/script|<!--|<script/i.test(code)) throw new Error(`${pkg}/${file} cannot be inlined in a <script> element`);
    return `<script>/* ${pkg} ${libraryVersions()[pkg]} */\n${code}\n</script>`;
  }).join('\n');
  return scripts;
}

/** Installed versions, for the reproducibility footer. */
export function libraryVersions(): Record<string, string> {
  if (versions !== null) return versions;
  versions = Object.fromEntries(
    LIBRARIES.map(([pkg]) => {
      const json = JSON.parse(readFileSync(join(buildDir(pkg), '..', 'package.json'), 'utf8')) as { version: string };
      return [pkg, json.version];
    }),
  );
  return versions;
}
