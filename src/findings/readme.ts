/**
 * The README's findings blocks: `<!-- findings:NAME -->` ... `<!-- /findings -->`, and the
 * recorded digest `<!-- findings:digest HEX -->`. The check recomputes the Little's-law table
 * in full (arithmetic, a second) and, for the simulated tables (minutes of CPU), the digest of
 * their text with the model's sources, the scenarios and the sweep settings: hand edits, or a
 * model changed since the last `npm run findings`, make it fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingsDigest, littleTable } from './tables.js';

const open = (name: string) => `<!-- findings:${name} -->\n`;
const CLOSE = '<!-- /findings -->';
const DIGEST = /<!-- findings:digest ([0-9a-f]+) -->/;

export function readBlock(text: string, name: string): string | null {
  const a = text.indexOf(open(name));
  if (a < 0) return null;
  const b = text.indexOf(CLOSE, a);
  return b < 0 ? null : text.slice(a + open(name).length, b);
}

export function replaceBlock(text: string, name: string, content: string): string {
  const a = text.indexOf(open(name));
  const b = a < 0 ? -1 : text.indexOf(CLOSE, a);
  if (b < 0) throw new Error(`README.md has no "${open(name).trim()}" ... "${CLOSE}" block`);
  return text.slice(0, a + open(name).length) + content + text.slice(b);
}

export function setDigest(text: string, digest: string): string {
  if (!DIGEST.test(text)) throw new Error('README.md has no "<!-- findings:digest ... -->" marker');
  return text.replace(DIGEST, `<!-- findings:digest ${digest} -->`);
}

/** The simulated blocks' text, as the digest covers it. */
export const simulatedText = (runs: string, timeouts: string): string => `${runs}\n${timeouts}`;

/** Problems with `readme` (the README's text) against the findings of the repository at `root`. */
export function checkReadme(root: string, readme = readFileSync(join(root, 'README.md'), 'utf8')): string[] {
  const problems: string[] = [];
  const little = readBlock(readme, 'little');
  if (little === null) problems.push('no findings:little block');
  else if (little !== littleTable(join(root, 'scenarios'))) problems.push('the findings:little table differs');
  const runs = readBlock(readme, 'runs');
  const timeouts = readBlock(readme, 'timeouts');
  const recorded = DIGEST.exec(readme)?.[1];
  if (runs === null || timeouts === null || recorded === undefined)
    problems.push('no findings:runs / findings:timeouts block or digest');
  else if (findingsDigest(root, simulatedText(runs, timeouts)) !== recorded)
    problems.push(
      'the simulated findings tables do not match their digest: the model, the scenarios or the sweep changed since they were made, or they were edited by hand',
    );
  return problems.map((p) => `README.md: ${p}; run \`npm run findings\` to regenerate`);
}
