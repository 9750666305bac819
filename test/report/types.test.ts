/**
 * The CLI's study results (src/cli/types.ts) are valid report inputs: checked by the compiler,
 * so a change on either side that breaks `nmsim sweep/capacity/compare --report` fails the build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CapacityResult as CliCapacity, CompareDifference, SweepResult as CliSweep } from '../../src/cli/types.js';
import type { CapacityResult, PairedDifference, SweepResult } from '../../src/report/types.js';

type Assignable<To, From extends To> = From;

test('CLI sweep, capacity and compare results fit the report input types', () => {
  const checks:
    | [
        Assignable<SweepResult, CliSweep>,
        Assignable<CapacityResult, CliCapacity>,
        Assignable<PairedDifference, CompareDifference>,
      ]
    | null = null;
  assert.equal(checks, null);
});
