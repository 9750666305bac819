/**
 * The run summary's counts (summary-text.ts `count`) group integers without ICU, to save its
 * ~20 ms initialisation at every start; they must read exactly as en-US toLocaleString writes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count } from '../../src/cli/summary-text.js';

test('count writes integers as en-US toLocaleString does, from 0 to 2^53 - 1 and negative', () => {
  const values = [0, 7, 999, 1000, 1001, 12345, 999999, 1000000, 1071144, -1, -1234, -1234567, Number.MAX_SAFE_INTEGER];
  for (let x = 1; x < 1e15; x *= 7) values.push(Math.floor(x), -Math.floor(x));
  for (const v of values) assert.equal(count(v), v.toLocaleString('en-US'), String(v));
});

test('a count that is not an integer (a mean over replications) still gets en-US fractions', () => {
  assert.equal(count(1234.5), '1,234.5');
  assert.equal(count(0.12345), '0.123');
});
