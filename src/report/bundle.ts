/**
 * The browser libraries inlined into every report (vega, vega-lite, vega-embed), read from
 * their installed builds: a report must open offline, from an e-mail attachment, with no CDN.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

function buildDir(pkg: string): string {
  // The packages export only their module entry; their UMD builds sit beside it in build/.
  return dirname(fileURLToPath(import.meta.resolve(pkg)));
}

export function inlineLibraries(): string {
  if (cached !== null) return cached;
  const files = [
    join(buildDir('vega'), 'vega.min.js'),
    join(buildDir('vega-lite'), 'vega-lite.min.js'),
    join(buildDir('vega-embed'), 'vega-embed.min.js'),
  ];
  cached = files
    .map(
      (f) =>
        `<script>${readFileSync(f, 'utf8')
          .replace(/<\/script/gi, '<\\/script')
          .replace(/\/\/# sourceMappingURL=\S+/g, '')}</script>`,
    )
    .join('\n');
  return cached;
}
