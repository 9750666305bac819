/**
 * The capacity search: the largest load (or smallest setting) that meets an SLO, found by
 * bisection over values whose verdicts come from confidence intervals. It knows nothing of
 * scenarios: `evaluate(x, effort)` runs the value and says whether its CI is within the
 * threshold ('meets'), beyond it ('fails') or straddles it ('uncertain').
 *
 * Effort is adaptive. Values far from the boundary are settled by a cheap 'probe' (a couple of
 * replications are enough when the CI sits well clear of the threshold); the two values that
 * decide the answer, the largest meeting and the first failing, are then re-judged with
 * 'decide' effort, and if a verdict changes the search goes on, with full effort for every new
 * value from then on (probes have been shown unreliable there). A bimodal value (most
 * replications fine, a few collapsed) can look safe by luck at a few replications; at the
 * full count it cannot.
 *
 * On wide ranges the midpoint is geometric, so [1, 20000] needs about as many steps to reach
 * the answer's decade as [1000, 2000] needs to split it: a cheap value is tried long before an
 * expensive one. The search works in "key" space, where the SLO holds at low keys (key = x for
 * 'largest', -x for 'smallest').
 */

export type Verdict = 'meets' | 'fails' | 'uncertain';
/** probe: enough replications to place a value far from the boundary; decide: the full count. */
export type Effort = 'probe' | 'decide';

export interface Evaluation {
  verdict: Verdict;
  /** The metric's mean (tells the direction when both ends have the same verdict). */
  mean: number;
}

export type Evaluate = (x: number, effort: Effort) => Promise<Evaluation>;

export interface SearchOptions {
  lo: number;
  hi: number;
  /** Only whole values (instances, pool sizes). */
  integer: boolean;
  /** auto: from the verdicts (or the metric's trend) at both ends. */
  direction: 'auto' | 'largest' | 'smallest';
  /** The metric improves as it grows (runSuccess): its trend reads the other way round. */
  higherIsBetter?: boolean;
  /** Stop when the bracket is within this fraction of its larger end. */
  tolerance: number;
  /** Most distinct values to evaluate. */
  maxSteps: number;
  /** Seconds after which no new value is started (undefined: no budget). */
  budget?: number;
  /** Seconds since an arbitrary origin (injectable for tests). */
  clock?: () => number;
  /** Called before each evaluation: values evaluated so far, and about how many new ones will follow this one. */
  onStep?: (s: { x: number; effort: Effort; evaluated: number; valuesLeft: number }) => void;
}

export type SearchStatus = 'found' | 'above-range' | 'below-range' | 'steps' | 'budget';

export interface SearchOutcome {
  direction: 'largest' | 'smallest';
  status: SearchStatus;
  /** Largest (smallest) value that meets, judged with 'decide' effort; null if none. */
  answer: number | null;
  /** Nearest value beyond the answer that fails; null if none failed. */
  firstFailing: number | null;
  /** Values between them whose verdict stayed uncertain, low to high. */
  band: [number, number] | null;
  /** Every value evaluated, in the order first evaluated. */
  values: number[];
}

/** The geometric midpoint when the gap spans a factor of 4 or more of positive values, else the arithmetic one. */
export function midpoint(a: number, b: number, integer: boolean): number {
  const [l, h] = a < b ? [a, b] : [b, a];
  const m = l > 0 && h / l >= 4 ? Math.sqrt(l * h) : (l + h) / 2;
  return integer ? Math.floor(m) : m;
}

/** In key space: largest meeting key, smallest failing key, uncertain keys between them. */
export function bracketOf(verdicts: Map<number, Verdict>, sign: 1 | -1) {
  let L: number | undefined;
  let H: number | undefined;
  for (const [x, v] of verdicts) {
    const k = sign * x;
    if (v === 'meets' && (L === undefined || k > L)) L = k;
    if (v === 'fails' && (H === undefined || k < H)) H = k;
  }
  // A failing value below a meeting one (noise against monotonicity): trust the lower failure.
  if (L !== undefined && H !== undefined && H < L) {
    let best: number | undefined;
    for (const [x, v] of verdicts)
      if (v === 'meets' && sign * x < H && (best === undefined || sign * x > best)) best = sign * x;
    L = best;
  }
  const U = [...verdicts]
    .filter(([x, v]) => v === 'uncertain' && (L === undefined || sign * x > L) && (H === undefined || sign * x < H))
    .map(([x]) => sign * x)
    .sort((p, q) => p - q);
  return { L, H, U };
}

/** Runs the search; `evaluate` may be called again for a value to raise its effort. */
export async function searchCapacity(evaluate: Evaluate, o: SearchOptions): Promise<SearchOutcome> {
  const clock = o.clock ?? (() => performance.now() / 1000);
  const started = clock();
  const verdicts = new Map<number, Verdict>();
  const decided = new Set<number>();
  const values: number[] = [];
  // Once a full-effort verdict contradicts a probe, probes are not to be trusted near here:
  // every new value gets full effort from then on.
  let nearBoundary = false;
  const run = async (x: number, effort: Effort): Promise<Evaluation> => {
    const e = await evaluate(x, effort);
    if (effort === 'decide' && verdicts.has(x) && verdicts.get(x) !== e.verdict) nearBoundary = true;
    if (!verdicts.has(x)) values.push(x);
    verdicts.set(x, e.verdict);
    if (effort === 'decide') decided.add(x);
    return e;
  };
  const overBudget = () => o.budget !== undefined && clock() - started >= o.budget;

  let direction: 'largest' | 'smallest';
  if (o.direction !== 'auto') direction = o.direction;
  else {
    // Both ends tell the direction: the SLO holds at the end that meets (or whose metric is
    // better: lower, or higher for a metric such as runSuccess).
    const eHi = await run(o.hi, 'probe');
    const eLo = await run(o.lo, 'probe');
    if (eLo.verdict === 'meets' && eHi.verdict === 'fails') direction = 'largest';
    else if (eLo.verdict === 'fails' && eHi.verdict === 'meets') direction = 'smallest';
    else direction = eHi.mean >= eLo.mean !== (o.higherIsBetter ?? false) ? 'largest' : 'smallest';
  }
  const sign = direction === 'largest' ? 1 : -1;
  const good = direction === 'largest' ? o.lo : o.hi;
  const bad = direction === 'largest' ? o.hi : o.lo;
  let status: SearchStatus = 'found';
  for (;;) {
    const { L, H, U } = bracketOf(verdicts, sign);
    // New values while the step limit allows; the ends of the range stand in for a bracket
    // side not found yet. Then the values that decide the answer, with full effort.
    const fresh = values.length < o.maxSteps;
    const next = fresh ? nextValue(L ?? sign * good, H ?? sign * bad, U, o, sign) : undefined;
    let target: { x: number; effort: Effort } | undefined;
    if (next !== undefined) target = { x: next, effort: nearBoundary ? 'decide' : 'probe' };
    else if (fresh && L === undefined && !verdicts.has(good)) target = { x: good, effort: 'probe' };
    else if (fresh && H === undefined && !verdicts.has(bad)) target = { x: bad, effort: 'probe' };
    else if (L !== undefined && !decided.has(sign * L)) target = { x: sign * L, effort: 'decide' };
    else if (H !== undefined && !decided.has(sign * H)) target = { x: sign * H, effort: 'decide' };
    if (target === undefined) {
      if (L === sign * bad) status = 'above-range';
      else if (H === sign * good) status = 'below-range';
      else if (
        !fresh &&
        (nextValue(L ?? sign * good, H ?? sign * bad, U, o, sign) !== undefined ||
          (L === undefined && !verdicts.has(good)) ||
          (H === undefined && !verdicts.has(bad)))
      )
        status = 'steps';
      break;
    }
    if (overBudget()) {
      status = 'budget';
      break;
    }
    const fresh1 = verdicts.has(target.x) ? 0 : 1;
    const bisections = Math.max(0, stepsToTolerance(L ?? sign * good, H ?? sign * bad, o, sign) - fresh1);
    o.onStep?.({
      ...target,
      evaluated: values.length,
      valuesLeft: Math.min(bisections, o.maxSteps - values.length - fresh1),
    });
    await run(target.x, target.effort);
  }
  const { L, H, U } = bracketOf(verdicts, sign);
  // Only a value judged with full effort is an answer.
  const answer = L !== undefined && decided.has(sign * L) ? sign * L : null;
  return {
    direction,
    status,
    answer,
    firstFailing: H === undefined ? null : sign * H,
    band: U.length === 0 ? null : ([sign * U[0], sign * U[U.length - 1]].sort((p, q) => p - q) as [number, number]),
    values,
  };
}

/** The next value to probe in the widest gap still wider than the tolerance, in x; undefined when none. */
function nextValue(low: number, high: number, U: number[], o: SearchOptions, sign: 1 | -1): number | undefined {
  const gaps: [number, number][] =
    U.length === 0
      ? [[low, high]]
      : [
          [low, U[0]],
          [U[U.length - 1], high],
        ];
  let best: { x: number; width: number } | undefined;
  for (const [g0, g1] of gaps) {
    const [a, b] = [sign * g0, sign * g1];
    const width = Math.abs(b - a);
    const tol = o.tolerance * Math.max(Math.abs(a), Math.abs(b));
    const x = midpoint(a, b, o.integer);
    if (width <= (o.integer ? Math.max(1, Math.floor(tol)) : tol) || x === a || x === b) continue;
    if (!best || width > best.width) best = { x, width };
  }
  return best?.x;
}

/** How many bisections narrow [low, high] (keys) to the tolerance when each keeps the wider half. */
export function stepsToTolerance(low: number, high: number, o: SearchOptions, sign: 1 | -1): number {
  let [a, b] = [sign * low, sign * high].sort((p, q) => p - q);
  let n = 0;
  for (; n < 64; n++) {
    const tol = o.tolerance * Math.max(Math.abs(a), Math.abs(b));
    const m = midpoint(a, b, o.integer);
    if (b - a <= (o.integer ? Math.max(1, Math.floor(tol)) : tol) || m === a || m === b) break;
    if (m - a >= b - m) b = m;
    else a = m;
  }
  return n;
}
