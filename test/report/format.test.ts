import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estCell, numEstimate, sec } from '../../src/report/format.js';

test('plain-number estimates are rounded to the half-width’s second significant digit', () => {
  assert.deepEqual(numEstimate(333.2158, 2.844), ['333.2', '2.8']);
  assert.deepEqual(numEstimate(0.111111, 0.004855), ['0.1111', '0.0049']);
  assert.deepEqual(numEstimate(1234.5, 56), ['1235', '56']);
  // Identical replications leave floating-point residue, not an interval worth printing.
  assert.deepEqual(numEstimate(100, 1.277e-13), ['100', null]);
  assert.equal(estCell({ mean: 100, lo: 100, hi: 100, halfWidth: 1.277e-13, n: 2 }, 'number').html, '100');
});

test('a zero half-width on a duration prints as a bare ± 0, not in another unit', () => {
  assert.equal(sec({ mean: 0.168, lo: 0.168, hi: 0.168, halfWidth: 0, n: 2 }), '168 ms ± 0');
  assert.equal(sec({ mean: 0.168, lo: 0.16, hi: 0.176, halfWidth: 0.008, n: 2 }), '168 ms ± 8.00 ms');
});

test('a duration pinned at a timeout in every replication shows no interval of residue', () => {
  const e = { mean: 30, lo: 30, hi: 30, halfWidth: 2.89e-12, n: 2 };
  assert.equal(estCell(e, 'time').html, '30.0 s');
  assert.equal(sec(e), '30.0 s ± 0');
});
