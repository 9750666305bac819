/**
 * The capacity search without a simulation: a fake evaluate with a known boundary, so every
 * value the search tries can be checked by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  midpoint,
  searchCapacity,
  stepsToTolerance,
  type Effort,
  type SearchOptions,
  type Verdict,
} from '../../src/runner/capacity-search.js';

const OPTS: SearchOptions = { lo: 1, hi: 20000, integer: true, direction: 'largest', tolerance: 0.01, maxSteps: 16 };

/** A fake evaluate recording its calls as "x" (probe) or "xD" (decide). */
function fake(verdict: (x: number, effort: Effort) => Verdict, mean: (x: number) => number = (x) => x) {
  const calls: string[] = [];
  const evaluate = async (x: number, effort: Effort) => {
    calls.push(`${x}${effort === 'decide' ? 'D' : ''}`);
    return { verdict: verdict(x, effort), mean: mean(x) };
  };
  return { calls, evaluate };
}

test('midpoint: geometric over a factor of 4 or more (141 between 1 and 20000), arithmetic below it', () => {
  assert.equal(midpoint(1, 20000, true), 141);
  assert.equal(midpoint(1679, 5794, true), 3736);
  assert.equal(midpoint(100, 300, true), 200);
  assert.equal(midpoint(0, 100, true), 50);
  assert.equal(midpoint(0.5, 1.5, false), 1);
});

test('a boundary at 3141 in [1, 20000]: 11 probes by hand, then the answer 3140 and the first failing 3156 decided', async () => {
  const f = fake((x) => (x <= 3141 ? 'meets' : 'fails'));
  const out = await searchCapacity(f.evaluate, OPTS);
  // 141 = floor(sqrt(1 * 20000)), 1679 = floor(sqrt(141 * 20000)), 5794 = floor(sqrt(1679 * 20000));
  // 5794 / 1679 < 4, so arithmetic from there: 3736, 2707, ... until 3156 - 3140 = 16 <= 31 (1% of 3156).
  assert.deepEqual(f.calls, [
    '141',
    '1679',
    '5794',
    '3736',
    '2707',
    '3221',
    '2964',
    '3092',
    '3156',
    '3124',
    '3140',
    '3140D',
    '3156D',
  ]);
  assert.deepEqual(
    { status: out.status, answer: out.answer, firstFailing: out.firstFailing, band: out.band },
    { status: 'found', answer: 3140, firstFailing: 3156, band: null },
  );
  // Neither end of the range is run: 20000 instances would have been the dearest value.
  assert.ok(!f.calls.includes('20000') && !f.calls.includes('1'));
});

test('a value that meets by luck at probe effort is not the answer: 2996, below the bimodal band from 3012', async () => {
  // Bimodal from 3001 to 5000: a probe sees only the good mode, the full count the collapse.
  const f = fake((x, effort) =>
    x <= 3000 ? 'meets' : x <= 5000 && effort === 'probe' ? 'meets' : x <= 5000 ? 'uncertain' : 'fails',
  );
  const out = await searchCapacity(f.evaluate, { ...OPTS, maxSteps: 30 });
  assert.deepEqual(
    { status: out.status, answer: out.answer, firstFailing: out.firstFailing, band: out.band },
    { status: 'found', answer: 2996, firstFailing: 5022, band: [3012, 4989] },
  );
  assert.ok(f.calls.includes('2996D'), 'the answer was judged with full effort');
  // After the first contradiction (4989 probed meets, decided uncertain) every new value gets full effort.
  const flip = f.calls.indexOf('4989D');
  assert.ok(f.calls.slice(flip).every((c) => c.endsWith('D')));
});

test('every value meets: the top of the range is run, decided, and the status says above-range', async () => {
  const f = fake(() => 'meets');
  const out = await searchCapacity(f.evaluate, { ...OPTS, hi: 1000 });
  assert.equal(out.status, 'above-range');
  assert.equal(out.answer, 1000);
  assert.equal(out.firstFailing, null);
  assert.deepEqual(f.calls.slice(-2), ['1000', '1000D']);
});

test('every value fails: the bottom of the range is run and the status says below-range, no answer', async () => {
  const f = fake(() => 'fails');
  const out = await searchCapacity(f.evaluate, { ...OPTS, hi: 1000 });
  assert.equal(out.status, 'below-range');
  assert.equal(out.answer, null);
  assert.equal(out.firstFailing, 1);
  assert.ok(f.calls.includes('1'));
});

test('time budget: with 10 s per value and a 35 s budget, 4 values run and the status says budget', async () => {
  let now = 0;
  const f = fake((x) => (x <= 3141 ? 'meets' : 'fails'));
  const evaluate = async (x: number, e: Effort) => {
    now += 10;
    return f.evaluate(x, e);
  };
  const out = await searchCapacity(evaluate, { ...OPTS, budget: 35, clock: () => now });
  assert.equal(out.status, 'budget');
  assert.deepEqual(f.calls, ['141', '1679', '5794', '3736']);
  assert.equal(out.answer, null, 'no value was judged with full effort, so there is no answer');
});

test('step limit: 4 values, then the bracket ends are still decided and the status says steps', async () => {
  const f = fake((x) => (x <= 3141 ? 'meets' : 'fails'));
  const out = await searchCapacity(f.evaluate, { ...OPTS, maxSteps: 4 });
  assert.deepEqual(f.calls, ['141', '1679', '5794', '3736', '1679D', '3736D']);
  assert.deepEqual([out.status, out.answer, out.firstFailing], ['steps', 1679, 3736]);
});

test('auto direction: a pool size whose timeouts fall as it grows is searched for the smallest that meets', async () => {
  // Meets from 640 up; the metric falls with x, so hi meets and lo fails.
  const f = fake(
    (x) => (x >= 640 ? 'meets' : 'fails'),
    (x) => 1 / x,
  );
  const out = await searchCapacity(f.evaluate, { ...OPTS, lo: 100, hi: 2000, direction: 'auto' });
  assert.equal(out.direction, 'smallest');
  assert.deepEqual(f.calls.slice(0, 2), ['2000', '100']);
  assert.equal(out.status, 'found');
  assert.ok(out.answer !== null && out.answer >= 640 && out.answer - 640 <= 0.01 * out.answer + 1);
  assert.ok(out.firstFailing !== null && out.firstFailing < 640);
});

test('stepsToTolerance: 11 bisections of [1, 20000] to 1% when each keeps the wider half (the 3141 search took 11)', () => {
  assert.equal(stepsToTolerance(1, 20000, OPTS, 1), 11);
  assert.equal(stepsToTolerance(3140, 3156, OPTS, 1), 0);
});
