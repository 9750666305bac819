/**
 * One way to write an SLO (src/stats/slo-text.ts), with the comparison the verdict applies:
 * robust's words once wrote a runSuccess >= 99% SLO as "runSuccess < 990 ms".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sloText } from '../../src/stats/slo-text.js';
import { sloText as robustSloText } from '../../src/report/robust-words.js';
import { explainCapacity } from '../../src/cli/capacity-text.js';
import type { RobustResult } from '../../src/runner/robust-analysis.js';
import type { CapacityResult } from '../../src/cli/types.js';

test('sloText: runSuccess at least 99%, p99 at most 2.00 s, timeoutRate at most 1%', () => {
  assert.equal(sloText('runSuccess', 0.99), 'runSuccess ≥ 99%');
  assert.equal(sloText('p99', 2), 'p99 ≤ 2.00 s');
  assert.equal(sloText('timeoutRate', 0.01), 'timeoutRate ≤ 1%');
});

test("robust's SLO words and capacity's answer write the SLO as the run summary does", () => {
  const slos = [
    { metric: 'p99', threshold: 2 },
    { metric: 'runSuccess', threshold: 0.99 },
  ];
  assert.equal(robustSloText({ slos } as unknown as RobustResult), 'p99 ≤ 2.00 s and runSuccess ≥ 99%');
  const capacity = {
    slo: { metric: 'runSuccess', threshold: 0.99 },
    vary: 'instances',
    direction: 'largest',
    range: [100, 2000],
    bracket: [500, 600],
    answer: 500,
    points: [],
    confidence: '',
  } as unknown as CapacityResult;
  assert.match(explainCapacity(capacity), /runSuccess ≥ 99%/);
});
