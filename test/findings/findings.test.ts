/**
 * The README's incident findings come from `npm run findings`. The Little's-law table is
 * recomputed in full (arithmetic, seconds); the simulated tables (minutes of CPU) are checked
 * through their recorded digest, which covers their text, the model's sources, the scenarios
 * and the sweep settings: a hand edit or a model changed since the last run fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReadme, readBlock, replaceBlock } from '../../src/findings/readme.js';
import { pctCell } from '../../src/findings/tables.js';
import { ROOT } from '../cli/helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('the README findings match the current model (else: npm run findings)', () => {
  assert.deepEqual(checkReadme(ROOT, readme), []);
});

test('a hand edit to a simulated table or to the Little table is caught', () => {
  const runs = readBlock(readme, 'runs')!;
  const edited = replaceBlock(readme, 'runs', runs.replace(/\d+%/, '42%'));
  assert.equal(checkReadme(ROOT, edited).length, 1);
  const little = readBlock(readme, 'little')!;
  assert.match(checkReadme(ROOT, replaceBlock(readme, 'little', little.replace('| 809 |', '| 808 |')))[0], /little/);
});

test('percentage cells: whole points, half-width rounded up, "± 0" when replications agree, limits within 0-100%', () => {
  const e = (mean: number, halfWidth: number) => ({ mean, halfWidth, lo: 0, hi: 0, n: 3 });
  assert.equal(pctCell(e(0.724, 0.031)), '72% ± 4');
  assert.equal(pctCell(e(0.724, 0.002)), '72% ± 1');
  assert.equal(pctCell(e(0, 0)), '0% ± 0');
  assert.equal(pctCell(e(0.99, 0.03)), '96-100%');
  assert.equal(pctCell(e(0.01, 0.02)), '0-3%');
});
