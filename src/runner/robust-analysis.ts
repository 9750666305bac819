/**
 * What a robustness study says: per design the share of plausible worlds in which it meets the
 * SLO (with a Wilson interval), the one-at-a-time tornado, which parameters explain its verdict
 * and where the most decisive one flips it; for several designs, in how many worlds each beats
 * each other (paired: same worlds, same random streams).
 *
 * A world's value of a metric is the mean over its replications; the world meets the SLO when
 * every objective holds for that mean (as `run`'s `met`). Parameters are ranked by Spearman's
 * rank correlation with the verdict over the Latin-hypercube worlds, and their "share" is their
 * squared correlation over the sum of all (a simple variance share); when the verdict is the same
 * in every world, by their correlation with the first SLO metric instead.
 */
import { spearman, wilsonShare, type Share } from '../stats/shares.js';
import type { RobustSetup, RepMetrics } from './robust.js';
import type { RobustPlan, StudyParameter, World } from './robust-plan.js';
import { higherIsBetter } from '../stats/run-metrics.js';

export interface Slo {
  metric: string;
  threshold: number;
}

/** The one rule of what meeting an objective means (a lower metric is better). */
export function sloHolds(value: number, slo: Slo): boolean {
  if (!Number.isFinite(value)) return false;
  return higherIsBetter(slo.metric) ? value >= slo.threshold : value <= slo.threshold;
}

/** Two metric values closer than this (relative) are a tie: the latency histogram's resolution. */
export const TIE_RELATIVE = 0.01;

export interface WorldOutcome {
  /** Mean over replications, per SLO metric (null: undefined in some replication). */
  metrics: Record<string, number | null>;
  meets: boolean;
}

export interface Driver {
  parameter: string;
  /** Spearman correlation with the verdict (1 = meets, 0 = fails); null when undefined. */
  rhoVerdict: number | null;
  /** Spearman correlation with the first SLO metric. */
  rhoMetric: number | null;
  /** Squared correlation over the sum of all parameters' (0..1). */
  share: number;
}

export interface Decisive {
  parameter: string;
  /** The verdict fails when the parameter is above (or below) the threshold. */
  failsWhen: 'above' | 'below';
  threshold: number;
  /** Share of the sampled worlds this one rule classifies correctly. */
  accuracy: number;
}

export interface DesignRobustness {
  label: string;
  file?: string;
  baseline: WorldOutcome;
  /** One-at-a-time, largest swing of the first SLO metric first. */
  tornado: { parameter: string; low: WorldOutcome; high: WorldOutcome; swing: number }[];
  /** Latin-hypercube worlds meeting the SLO. */
  share: Share;
  basis: 'verdict' | 'metric' | 'none';
  drivers: Driver[];
  decisive: Decisive | null;
}

export interface RobustResult {
  kind: 'robust';
  slos: Slo[];
  seed: string | number;
  samples: number;
  replications: number;
  parameters: StudyParameter[];
  designs: DesignRobustness[];
  /** For each ordered pair a < b of designs: worlds where a beats b, b beats a, and ties. */
  pairwise: { a: string; b: string; aBetter: Share; bBetter: Share; ties: number }[];
  /** The Latin-hypercube worlds: parameter values and each design's outcome. */
  worlds: { values: Record<string, number>; outcomes: WorldOutcome[] }[];
}

function outcome(reps: RepMetrics[], slos: Slo[]): WorldOutcome {
  const metrics: Record<string, number | null> = {};
  for (const m of new Set(slos.map((s) => s.metric))) {
    const vs = reps.map((r) => r[m]);
    metrics[m] = vs.some((v) => v === null || v === undefined)
      ? null
      : (vs as number[]).reduce((a, b) => a + b, 0) / vs.length;
  }
  return { metrics, meets: slos.every((s) => sloHolds(metrics[s.metric] ?? NaN, s)) };
}

const nul = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Which of two outcomes is better: +1 a, -1 b, 0 a tie (same verdict, metric within TIE_RELATIVE). */
function better(a: WorldOutcome, b: WorldOutcome, metric: string): number {
  if (a.meets !== b.meets) return a.meets ? 1 : -1;
  // Compared as "smaller is better": a metric that improves as it grows (runSuccess) is negated.
  const sign = higherIsBetter(metric) ? -1 : 1;
  const x = sign * (a.metrics[metric] ?? sign * Infinity);
  const y = sign * (b.metrics[metric] ?? sign * Infinity);
  if (x === y || Math.abs(x - y) <= TIE_RELATIVE * Math.max(Math.abs(x), Math.abs(y))) return 0;
  return x < y ? 1 : -1;
}

/** The one cut of a parameter that best separates meeting worlds from failing ones. */
export function decisiveThreshold(
  p: Pick<StudyParameter, 'path' | 'shape'>,
  xs: number[],
  meets: boolean[],
): Decisive | null {
  const order = xs.map((x, i) => ({ x, ok: meets[i] })).sort((a, b) => a.x - b.x);
  const n = order.length;
  const totalFail = order.filter((o) => !o.ok).length;
  if (totalFail === 0 || totalFail === n) return null;
  let best: Decisive | null = null;
  let failBelow = 0; // failing worlds at or below the cut
  for (let i = 0; i < n - 1; i++) {
    if (!order[i].ok) failBelow++;
    if (order[i].x === order[i + 1].x) continue;
    const okBelow = i + 1 - failBelow;
    // "fails above the cut": errors are failing worlds below plus meeting worlds above.
    const errAbove = failBelow + (n - totalFail - okBelow);
    const errBelow = okBelow + (totalFail - failBelow);
    const lo = order[i].x;
    const hi = order[i + 1].x;
    const cut = p.shape === 'log' && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    for (const [failsWhen, err] of [
      ['above', errAbove],
      ['below', errBelow],
    ] as const)
      if (!best || 1 - err / n > best.accuracy)
        best = { parameter: p.path, failsWhen, threshold: cut, accuracy: 1 - err / n };
  }
  return best;
}

function drivers(params: StudyParameter[], di: number, worlds: World[], outs: WorldOutcome[], metric: string) {
  const used = params.filter((p) => p.defaults[di] !== null);
  const xs = (p: StudyParameter) => worlds.map((w) => w.values[p.path]);
  const verdict = outs.map((o) => (o.meets ? 1 : 0));
  const values = outs.map((o) => o.metrics[metric] ?? Infinity);
  const rows = used.map((p) => ({
    parameter: p.path,
    rhoVerdict: nul(spearman(xs(p), verdict)),
    rhoMetric: nul(spearman(xs(p), values)),
  }));
  const varies = verdict.some((v) => v !== verdict[0]);
  const basis: DesignRobustness['basis'] = varies
    ? 'verdict'
    : rows.some((r) => r.rhoMetric !== null)
      ? 'metric'
      : 'none';
  const key = (r: (typeof rows)[number]): number =>
    (basis === 'verdict' ? r.rhoVerdict : basis === 'metric' ? r.rhoMetric : 0) ?? 0;
  const total = rows.reduce((a, r) => a + key(r) ** 2, 0);
  const out: Driver[] = rows
    .map((r) => ({ ...r, share: total > 0 ? key(r) ** 2 / total : 0 }))
    .sort((a, b) => b.share - a.share || (a.parameter < b.parameter ? -1 : 1));
  const top = used.find((p) => p.path === out[0]?.parameter);
  const decisive =
    basis === 'verdict' && top
      ? decisiveThreshold(
          top,
          xs(top),
          outs.map((o) => o.meets),
        )
      : null;
  return { basis, drivers: out, decisive };
}

export function analyseRobust(setup: RobustSetup, plan: RobustPlan, byPoint: RepMetrics[][]): RobustResult {
  const { slos } = setup;
  const metric = slos[0].metric;
  const nw = plan.worlds.length;
  const outs = setup.designs.map((_, di) => plan.worlds.map((_w, wi) => outcome(byPoint[di * nw + wi], slos)));
  const sampleIdx = plan.worlds.flatMap((w, i) => (w.kind === 'sample' ? [i] : []));
  const samples = sampleIdx.map((i) => plan.worlds[i]);
  const designs: DesignRobustness[] = setup.designs.map((d, di) => {
    const o = outs[di];
    const sampled = sampleIdx.map((i) => o[i]);
    const tornado = plan.parameters
      .filter((p) => p.defaults[di] !== null)
      .flatMap((p) => {
        const lo = plan.worlds.findIndex((w) => w.kind === 'low' && w.parameter === p.path);
        const hi = plan.worlds.findIndex((w) => w.kind === 'high' && w.parameter === p.path);
        if (lo < 0 || hi < 0) return [];
        const swing = Math.abs((o[hi].metrics[metric] ?? Infinity) - (o[lo].metrics[metric] ?? Infinity));
        return [{ parameter: p.path, low: o[lo], high: o[hi], swing: Number.isFinite(swing) ? swing : 0 }];
      })
      .sort((a, b) => b.swing - a.swing || (a.parameter < b.parameter ? -1 : 1));
    return {
      label: d.label,
      ...(d.file !== undefined ? { file: d.file } : {}),
      baseline: o[0],
      tornado,
      share: wilsonShare(sampled.filter((x) => x.meets).length, sampled.length),
      ...drivers(plan.parameters, di, samples, sampled, metric),
    };
  });
  const pairwise: RobustResult['pairwise'] = [];
  for (let a = 0; a < designs.length; a++)
    for (let b = a + 1; b < designs.length; b++) {
      const cmp = sampleIdx.map((i) => better(outs[a][i], outs[b][i], metric));
      const n = cmp.length;
      pairwise.push({
        a: designs[a].label,
        b: designs[b].label,
        aBetter: wilsonShare(cmp.filter((c) => c > 0).length, n),
        bBetter: wilsonShare(cmp.filter((c) => c < 0).length, n),
        ties: cmp.filter((c) => c === 0).length,
      });
    }
  return {
    kind: 'robust',
    slos,
    seed: setup.seed,
    samples: setup.samples,
    replications: setup.replications,
    parameters: plan.parameters,
    designs,
    pairwise,
    worlds: sampleIdx.map((i) => ({ values: plan.worlds[i].values, outcomes: outs.map((o) => o[i]) })),
  };
}
