/** The reproducibility footer: versions, scenario files and hashes, seeds, replications, date. */
import { libraryVersions } from '../bundle.js';
import { duration } from '../format.js';
import { esc, htmlTable } from '../html.js';
import type { Labelled } from '../types.js';

const STOP = {
  fixed: 'fixed count',
  precision: 'precision reached',
  'max-replications': 'cap reached',
} as Record<string, string>;

export function footer(
  items: Labelled[],
  sourceFiles: { path: string; sha256: string }[],
  generatedAt: string,
): string {
  const versions = [...new Set(items.map((i) => i.result.meta.nmsimVersion))];
  const libs = Object.entries(libraryVersions())
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const runs = htmlTable(
    ['scenario', 'file', 'seed', 'replications', 'stopped', 'warm-up', 'measured', 'resolved scenario sha256'],
    items.map(({ label, result: r }) => [
      label,
      r.meta.file ?? '—',
      String(r.meta.seed),
      r.meta.replications,
      STOP[r.meta.stopReason] ?? r.meta.stopReason,
      duration(r.meta.warmup),
      duration(r.meta.duration),
      { html: `<span class="hash">${esc(r.meta.hash)}</span>` },
    ]),
    'Simulations in this report',
  );
  const files =
    sourceFiles.length === 0
      ? ''
      : htmlTable(
          ['scenario file', 'sha256'],
          sourceFiles.map((f) => [f.path, { html: `<span class="hash">${esc(f.sha256)}</span>` }]),
          'Scenario files read (including files they extend)',
        );
  return `<h2 id="reproducibility-h">Reproducibility</h2>
<p>Generated <time datetime="${esc(generatedAt)}">${esc(generatedAt)}</time> by nmsim ${esc(versions.join(', '))}. Charts: ${esc(libs)}, inlined; the report needs no network. Running the same scenario files with the same nmsim version and seed reproduces these numbers.</p>
${runs}${files}`;
}
