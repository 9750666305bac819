/**
 * nmsim capacity <scenario> --slo 'p99<2s' --vary instances [--lo N --hi M]: the largest load
 * (or smallest setting) that meets the SLO, by bisection with confidence intervals.
 *
 * At every value the verdict comes from the 95% CI of the SLO metric: 'meets' when the upper
 * bound is within the threshold, 'fails' when the lower bound is beyond it; otherwise
 * replications are added (doubling) up to a cap and, if still straddling, the value is
 * 'uncertain'. The search narrows the bracket between the last value that meets and the first
 * that fails until it is within the tolerance (1%) or the step limit; uncertain values form
 * the reported band. Every value runs with the same seed (common random numbers), which keeps
 * the metric monotone in the load far better than independent runs would.
 */
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError } from '../../scenario/errors.js';
import {
  readScenario,
  scenarioDigest,
  validateScenario,
  type Override,
  type RawScenario,
} from '../../scenario/load.js';
import { getPath, parsePath, PathError, setPath, type PathSegment } from '../../scenario/paths.js';
import { parseCidr, usableInstanceAddresses } from '../../scenario/cidr.js';
import { MAX_INSTANCES, type Scenario } from '../../scenario/schema.js';
import type { ScenarioResult } from '../../stats/results.js';
import {
  globalOptions,
  guarded,
  interrupt,
  note,
  print,
  printJson,
  progressBar,
  toJsonText,
  UsageError,
  writeAll,
  type GlobalArgs,
} from '../common.js';
import { capacityText, fmtMetric, fmtThreshold } from '../format.js';
import { fileStem } from '../output.js';
import { renderHtml } from '../report.js';
import { parseSlo } from '../set.js';
import type { CapacityFile, CapacityPoint, CapacityResult, Verdict } from '../types.js';

interface CapacityArgs extends GlobalArgs {
  scenario: string;
  slo?: string;
  vary: string;
  lo?: number;
  hi?: number;
  tolerance: number;
  maxSteps: number;
  maxReplications?: number;
  direction: 'auto' | 'largest' | 'smallest';
}

type Obj = Record<string, unknown>;

/** Splits `total` instances over the networks in proportion to their counts (largest remainder). */
export function apportion(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k].i]++;
  return out;
}

/** The raw scenario with `total` instances spread over its networks as in `base`. */
function scaleInstances(raw: Obj, base: Scenario, total: number): Obj {
  const counts = base.topology.networks.map((n) => n.instances);
  const shares = apportion(counts, total);
  const sum = counts.reduce((a, b) => a + b, 0);
  const out = structuredClone(raw);
  const nets = getPath(out, ['topology', 'networks']) as Obj[];
  nets.forEach((n, i) => (n.instances = shares[i]));
  const clients = out.clients;
  if (Array.isArray(clients))
    clients.forEach((c: Obj, i) => {
      if (typeof c.instances !== 'number') return;
      const sel = base.clients[i]?.networks;
      const pool = sel
        ? base.topology.networks.reduce((a, n, j) => a + (sel.includes(n.name) ? shares[j] : 0), 0)
        : total;
      c.instances = Math.min(pool, Math.max(1, Math.round((c.instances * total) / sum)));
    });
  return out;
}

/** The most instances the networks' subnets hold when scaled proportionally. */
function maxInstances(base: Scenario): number {
  const t = base.topology;
  const counts = t.networks.map((n) => n.instances);
  const sum = counts.reduce((a, b) => a + b, 0);
  const usable = t.networks.map((n) => {
    const c = parseCidr(n.cidr);
    return typeof c === 'string' ? 0 : usableInstanceAddresses(c, t.dhcpAgentsPerNetwork, true);
  });
  let hi = Math.min(MAX_INSTANCES, ...counts.map((c, i) => (c > 0 ? Math.floor((usable[i] * sum) / c) : Infinity)));
  while (hi > 1 && apportion(counts, hi).some((s, i) => s > usable[i])) hi--;
  return hi;
}

export const capacityCommand: CommandModule<object, CapacityArgs> = {
  builder: (y: Argv<object>) =>
    globalOptions(y)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML or JSON)', demandOption: true })
      .option('slo', {
        type: 'string',
        describe: "Objective, e.g. 'p99<2s', 'p50<100ms', 'timeoutRate<1%' (default: the scenario's slo)",
      })
      .option('vary', {
        type: 'string',
        default: 'instances',
        describe: 'What to vary: "instances" (every network scaled proportionally) or a numeric scenario path',
      })
      .option('lo', { type: 'number', describe: 'Low end of the range (default 1)' })
      .option('hi', {
        type: 'number',
        describe: 'High end of the range (default for instances: the most the subnets hold; required otherwise)',
      })
      .option('tolerance', { type: 'number', default: 0.01, describe: 'Stop when the bracket is within this fraction' })
      .option('max-steps', { type: 'number', default: 16, describe: 'Most values to evaluate' })
      .option('max-replications', {
        type: 'number',
        describe: 'Replication cap at a value whose CI straddles the threshold (default 20, or the rule max)',
      })
      .option('direction', {
        choices: ['auto', 'largest', 'smallest'] as const,
        default: 'auto' as const,
        describe: 'largest: the SLO holds below the answer (a load); smallest: above it (e.g. a pool size)',
      })
      .check((a) => {
        const tol = a.tolerance as number;
        if (!(tol > 0 && tol < 1)) throw new UsageError('--tolerance must be between 0 and 1 (e.g. 0.01)');
        const steps = a['max-steps'] as number;
        if (!Number.isInteger(steps) || steps < 2) throw new UsageError('--max-steps must be a whole number >= 2');
        const mr = a['max-replications'] as number | undefined;
        if (mr !== undefined && (!Number.isInteger(mr) || mr < 2))
          throw new UsageError('--max-replications must be a whole number >= 2');
        return true;
      })
      .example("$0 capacity scenarios/haproxy.yaml --slo 'p99<2s'", 'How many instances one HAProxy proxy serves')
      .example("$0 capacity scenarios/incident.yaml --slo 'p99<2s' --vary instances --lo 10 --hi 1000", 'A range')
      .example(
        "$0 capacity scenarios/incident.yaml --slo 'timeoutRate<1%' --vary proxy.eventlet.poolSize --lo 100 --hi 2000",
        'The smallest pool that avoids timeouts',
      )
      .epilogue(
        'A value meets the SLO when the 95% CI upper bound of the metric is within the threshold, and fails when ' +
          'the lower bound is beyond it; in between, replications are added up to --max-replications and the value ' +
          'is reported as uncertain. The search stops when the bracket between the last value meeting and the first ' +
          'failing is within --tolerance, or after --max-steps values. Files: <out>/<name>-capacity.json ' +
          "(CapacityResult plus every value's ScenarioResult) and <out>/<name>-capacity.html. --json prints the\n" +
          'CapacityResult.',
      ) as unknown as Argv<CapacityArgs>,
  handler: (a) => guarded(() => capacity(a)),
};

async function capacity(a: CapacityArgs): Promise<void> {
  const chain = readScenario(a.scenario);
  const base = validateScenario(chain, [], { allowLarge: a.allowLarge });
  const slo = a.slo !== undefined ? parseSlo(a.slo) : base.slo;
  const byInstances = a.vary === 'instances';
  let segments: PathSegment[] = [];
  if (!byInstances) {
    try {
      segments = parsePath(a.vary);
    } catch (e) {
      if (e instanceof PathError) throw new UsageError(`--vary ${a.vary}: ${e.message}`);
      throw e;
    }
    if (a.hi === undefined) throw new UsageError(`--vary ${a.vary}: give the range with --lo and --hi`);
  }
  const current = byInstances ? undefined : getPath(base, segments);
  if (!byInstances && current !== undefined && typeof current !== 'number')
    throw new UsageError(`--vary ${a.vary}: the field holds ${JSON.stringify(current)}, not a number`);
  const integer =
    byInstances ||
    (Number.isInteger(a.lo ?? 1) && Number.isInteger(a.hi) && (current === undefined || Number.isInteger(current)));
  const lo = a.lo ?? 1;
  const hi = a.hi ?? maxInstances(base);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new UsageError(`capacity: the range must have --lo below --hi (got ${lo} and ${hi})`);
  if (byInstances && (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1))
    throw new UsageError('capacity: --lo and --hi are whole numbers of instances, --lo at least 1');

  const label = (x: number) => `--vary ${a.vary}=${x}`;
  /** The scenario at value x (validated; errors name the --vary value). */
  const scenarioAt = (x: number): Scenario => {
    const raw0 = byInstances ? scaleInstances(chain.raw, base, x) : (setPath(chain.raw, segments, x, base) as Obj);
    const raw = { ...raw0, slo: { metric: slo.metric, threshold: slo.threshold } };
    const overrides: Override[] = byInstances
      ? [
          { path: ['topology', 'networks'], label: label(x) },
          { path: ['clients'], label: label(x) },
        ]
      : [{ path: segments, label: label(x) }];
    const r: RawScenario = { ...chain, raw };
    const s = validateScenario(r, overrides, { allowLarge: a.allowLarge });
    return { ...s, name: `${base.name} [${a.vary}=${x}]` };
  };
  // Both ends must be valid scenarios before anything runs.
  const issues = [];
  for (const x of [lo, hi])
    try {
      scenarioAt(x);
    } catch (e) {
      if (e instanceof ScenarioError) issues.push(...e.issues);
      else throw e;
    }
  if (issues.length > 0) throw new ScenarioError(issues);

  const seed = a.seed ?? base.seed;
  const { Point, replicationRule, Study } = await import('../study.js');
  const rule = replicationRule(base, a.replications);
  const start = Math.max(2, rule.min);
  const cap = Math.max(start, a.maxReplications ?? (rule.sequential ? rule.max : 20));
  const bar = progressBar(a);
  let barLabel = '';
  const study = new Study({
    seed,
    workers: a.workers,
    signal: interrupt.signal,
    onProgress: (done, total) => bar.update(done, total, barLabel),
  });

  const points: CapacityPoint[] = [];
  const results: ScenarioResult[] = [];
  const verdictAt = new Map<number, Verdict>();
  const evaluate = async (x: number): Promise<Verdict> => {
    const known = verdictAt.get(x);
    if (known) return known;
    const p = new Point(`${a.vary}=${x}`, scenarioAt(x), chain.file);
    barLabel = p.label.slice(0, 40);
    let n = start;
    study.plan(n);
    await study.extend(p, n);
    let r = study.result(p);
    while (r.slo.verdict === 'uncertain' && n < cap) {
      const next = Math.min(cap, 2 * n);
      study.plan(next - n);
      n = next;
      await study.extend(p, n);
      r = study.result(p);
    }
    results.push(r);
    points.push({
      value: x,
      estimate: r.slo.value,
      verdict: r.slo.verdict,
      replications: n,
      result: results.length - 1,
    });
    verdictAt.set(x, r.slo.verdict);
    return r.slo.verdict;
  };

  let direction: 'largest' | 'smallest';
  let status: CapacityResult['status'] = 'steps';
  try {
    const vHi = await evaluate(hi);
    const vLo = await evaluate(lo);
    if (a.direction !== 'auto') direction = a.direction;
    else if (byInstances) direction = 'largest';
    else if (vLo === 'meets' && vHi === 'fails') direction = 'largest';
    else if (vLo === 'fails' && vHi === 'meets') direction = 'smallest';
    else {
      // Same verdict at both ends: the metric's trend tells which way is better.
      const eLo = points.find((p) => p.value === lo)!.estimate.mean;
      const eHi = points.find((p) => p.value === hi)!.estimate.mean;
      direction = eHi >= eLo ? 'largest' : 'smallest';
    }
    // Search in key space, where the SLO holds at low keys.
    const sign = direction === 'largest' ? 1 : -1;
    const key = (x: number) => sign * x;
    const good = direction === 'largest' ? lo : hi;
    const bad = direction === 'largest' ? hi : lo;
    if (verdictAt.get(bad) === 'meets') status = 'above-range';
    else if (verdictAt.get(good) === 'fails') status = 'below-range';
    else {
      for (;;) {
        const { L, H, U } = state(verdictAt, key);
        const gaps: [number, number][] = [];
        if (U.length === 0) {
          if (L !== undefined && H !== undefined) gaps.push([L, H]);
        } else {
          if (L !== undefined) gaps.push([L, U[0]]);
          if (H !== undefined) gaps.push([U[U.length - 1], H]);
        }
        const open = gaps
          .map(([g0, g1]) => ({ g0, g1, mid: integer ? Math.floor((g0 + g1) / 2) : (g0 + g1) / 2 }))
          .filter(({ g0, g1, mid }) => {
            const width = g1 - g0;
            const tol = a.tolerance * Math.max(Math.abs(g0), Math.abs(g1));
            return width > (integer ? Math.max(1, Math.floor(tol)) : tol) && mid !== g0 && mid !== g1;
          })
          .sort((p, q) => q.g1 - q.g0 - (p.g1 - p.g0));
        if (open.length === 0) {
          status = 'found';
          break;
        }
        if (points.length >= a.maxSteps) break;
        const x = sign * open[0].mid;
        await evaluate(integer ? Math.round(x) : x);
      }
    }
  } finally {
    bar.stop();
    study.close();
  }

  const sign = direction === 'largest' ? 1 : -1;
  const { L, H, U } = state(verdictAt, (x) => sign * x);
  const answer = L === undefined ? null : sign * L;
  const firstFailing = H === undefined ? null : sign * H;
  const band: [number, number] | null =
    U.length === 0 ? null : ([sign * U[0], sign * U[U.length - 1]].sort((p, q) => p - q) as [number, number]);
  const ends = [answer ?? (direction === 'largest' ? lo : hi), firstFailing ?? (direction === 'largest' ? hi : lo)];
  const bracket = [Math.min(...ends), Math.max(...ends)] as [number, number];
  const result: CapacityResult = {
    kind: 'capacity',
    scenario: { name: base.name, file: chain.file, hash: scenarioDigest(base).hash },
    seed,
    vary: a.vary,
    slo: { metric: slo.metric, threshold: slo.threshold },
    direction,
    range: [lo, hi],
    answer,
    firstFailing,
    bracket,
    band,
    status,
    tolerance: a.tolerance,
    confidence: '',
    points,
  };
  result.confidence = explain(result, cap, byInstances && a.hi === undefined);

  const stem = `${fileStem(chain.file)}-capacity`;
  const file: CapacityFile = { ...result, results };
  const html = a.report
    ? await renderHtml({ kind: 'capacity', results, capacity: result, sourceFiles: chain.sources })
    : undefined;
  const written = await writeAll(a, [
    { name: `${stem}.json`, content: toJsonText(file) },
    ...(html !== undefined ? [{ name: `${stem}.html`, content: html }] : []),
  ]);
  printJson(a, result);
  print(a, capacityText(result));
  print(a, '');
  for (const f of written) (a.json ? note : print)(a, `wrote ${f}`);
}

/** In key space (SLO holds at low keys): largest meeting key, smallest failing key, uncertain keys between. */
function state(verdicts: Map<number, Verdict>, key: (x: number) => number) {
  let L: number | undefined;
  let H: number | undefined;
  for (const [x, v] of verdicts) {
    const k = key(x);
    if (v === 'meets' && (L === undefined || k > L)) L = k;
    if (v === 'fails' && (H === undefined || k < H)) H = k;
  }
  // A failing value below a meeting one (noise against monotonicity): trust the lower failure.
  if (L !== undefined && H !== undefined && H < L) {
    let best: number | undefined;
    for (const [x, v] of verdicts)
      if (v === 'meets' && key(x) < H && (best === undefined || key(x) > best)) best = key(x);
    L = best;
  }
  const U = [...verdicts]
    .filter(([x, v]) => v === 'uncertain' && (L === undefined || key(x) > L) && (H === undefined || key(x) < H))
    .map(([x]) => key(x))
    .sort((p, q) => p - q);
  return { L, H, U };
}

/** `subnetsFull`: the range's top is the most instances the scenario's subnets hold. */
function explain(c: CapacityResult, cap: number, subnetsFull = false): string {
  const thr = `${c.slo.metric} < ${fmtThreshold(c.slo.metric, c.slo.threshold)}`;
  const what = c.vary === 'instances' ? 'instances' : c.vary;
  const val = (x: number) => (c.vary === 'instances' ? `${x} instances` : `${what} = ${x}`);
  const up = c.direction === 'largest' ? 'up to' : 'down to';
  const parts: string[] = [];
  if (c.status === 'above-range') {
    parts.push(
      `${thr} is met across the whole range: ${val(c.direction === 'largest' ? c.range[1] : c.range[0])} still meets it (capacity is beyond the range searched${subnetsFull && c.direction === 'largest' ? ': the subnets hold no more instances; widen their CIDRs to look further' : ''}).`,
    );
  } else if (c.status === 'below-range') {
    parts.push(
      `${thr} is not met anywhere in the range: ${val(c.direction === 'largest' ? c.range[0] : c.range[1])} already fails it.`,
    );
  } else {
    if (c.answer !== null) parts.push(`Capacity: ${thr} is met ${up} ${val(c.answer)} (95% CI within the threshold).`);
    else parts.push(`No value in the range was shown to meet ${thr}.`);
    if (c.firstFailing !== null) parts.push(`${val(c.firstFailing)} fails it (95% CI beyond the threshold).`);
    if (c.band)
      parts.push(
        `From ${c.band[0]} to ${c.band[1]} the verdict stays uncertain even with ${cap} replications: the answer lies in that band.`,
      );
    const tol = `${+(100 * c.tolerance).toPrecision(3)}%`;
    parts.push(
      c.status !== 'found'
        ? `Stopped after ${c.points.length} values with the bracket [${c.bracket[0]}, ${c.bracket[1]}] (raise --max-steps to narrow it).`
        : c.band
          ? `The edges of the band are resolved within ${tol}.`
          : `The bracket [${c.bracket[0]}, ${c.bracket[1]}] is within ${tol}.`,
    );
  }
  const at = c.points.find((p) => p.value === c.answer);
  if (at) parts.push(`At the answer ${c.slo.metric} = ${fmtMetric(c.slo.metric, at.estimate)}.`);
  return parts.join(' ');
}
