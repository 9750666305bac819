/**
 * Run-level answers lead: a design that cuts request timeouts but leaves every chef run without
 * its metadata must not read as progress. The comparison's first rows, its paired differences,
 * the CSV and the report's difference table all start with runSuccess.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCsv } from '../../src/cli/csv.js';
import { comparison } from '../../src/cli/format.js';
import type { CompareResult, StudyMetric } from '../../src/cli/types.js';
import { STUDY_METRICS } from '../../src/cli/types.js';
import { resultDiffTable } from '../../src/report/sections/compare.js';
import { estimate, makeResult } from '../report/fixtures.js';

test('compare: timeouts fall from 37% to 24% but runSuccess stays 0%: runSuccess is the first row, not significant', () => {
  const a = makeResult({ name: 'incident', timeoutShare: 0.37, seed: 1 });
  const b = makeResult({ name: 'split-2x23', timeoutShare: 0.24, seed: 1 });
  assert.equal(a.runs.success.mean, 0, 'the fixture loses every run at these timeout shares');
  assert.equal(b.runs.success.mean, 0);
  const diff = (m: StudyMetric) => {
    const e = m === 'runSuccess' ? { ...estimate(0, 0), halfWidth: 0 } : estimate(-0.1345, 0.0134);
    return { ...e, significant: m !== 'runSuccess' && Number.isFinite(e.mean) && (e.lo > 0 || e.hi < 0) };
  };
  const c: CompareResult = {
    kind: 'compare',
    seed: 1,
    scenarios: [a, b].map((r) => ({ name: r.meta.name, file: r.meta.file!, hash: r.meta.hash })),
    differences: [
      {
        scenario: 'split-2x23',
        baseline: 'incident',
        replications: 5,
        metrics: Object.fromEntries(
          STUDY_METRICS.map((m) => [m, diff(m)]),
        ) as CompareResult['differences'][0]['metrics'],
      },
    ],
    results: [a, b],
  };
  const text = comparison(c).split('\n');
  const rowsOf = (header: RegExp) => text.slice(text.findIndex((l) => header.test(l)) + 2);
  const side = rowsOf(/^metric\s+\[1\]\s+\[2\]$/);
  assert.match(side[0], /^runs with metadata\s+0\.00% ± 0\s+0\.00% ± 0$/);
  assert.ok(side.findIndex((l) => l.startsWith('timeouts')) > 0);
  const paired = rowsOf(/^metric\s+\[2\] - \[1\]$/);
  assert.match(paired[0], /^runs with metadata\s+0$/, 'no change in runs (printed as 0), no star');
  assert.match(
    paired.find((l) => l.startsWith('timeouts'))!,
    /-13\.45 pp ± 0\.18 \*$/,
  );

  const csv = compareCsv(c).split('\n');
  assert.match(csv[1], /^incident,runSuccess,0,/);
  assert.match(csv[1 + STUDY_METRICS.length], /^split-2x23,runSuccess,0,0,0,0,0,0$/);

  const html = resultDiffTable({ label: 'incident', result: a }, { label: 'split-2x23', result: b }, c.differences[0]);
  const firstRow = /<tbody>\s*<tr>\s*<t[hd][^>]*>([^<]*)</.exec(html);
  assert.equal(firstRow?.[1], 'runs with metadata');
});

test("--slo 'runSuccess>=99%' is met when the whole CI is at least 99%; 'runSuccess<99%' is refused", async () => {
  const { parseSlo } = await import('../../src/cli/set.js');
  const { sloVerdict } = await import('../../src/stats/run-metrics.js');
  assert.deepEqual(parseSlo('runSuccess>=99%'), { metric: 'runSuccess', threshold: 0.99 });
  assert.deepEqual(parseSlo('runP99 < 5m'), { metric: 'runP99', threshold: 300 });
  assert.throws(() => parseSlo('runSuccess<99%'), /runSuccess is met when at least the threshold: write runSuccess>=/);
  assert.throws(() => parseSlo('p99>2s'), /p99 is met when at most the threshold/);
  const e = (lo: number, hi: number) => ({ mean: (lo + hi) / 2, lo, hi, halfWidth: (hi - lo) / 2, n: 5 });
  assert.equal(sloVerdict('runSuccess', e(0.992, 0.998), 0.99).verdict, 'meets');
  assert.equal(sloVerdict('runSuccess', e(0.97, 0.985), 0.99).verdict, 'fails');
  assert.equal(sloVerdict('runSuccess', e(0.985, 0.995), 0.99).verdict, 'uncertain');
  // A run p99 that is "never" in some replication cannot meet a time objective.
  const never = { mean: Infinity, lo: 40, hi: Infinity, halfWidth: Infinity, n: 5 };
  assert.equal(sloVerdict('runP99', never, 300).verdict, 'uncertain');
  assert.equal(sloVerdict('runP99', { ...never, lo: 400 }, 300).verdict, 'fails');
});
