/**
 * The words of a robustness study, shared by the terminal summary and the report: a share of
 * worlds with its interval, a parameter value in its own terms, the SLO, the decisive cut.
 */
import type { DesignRobustness, RobustResult } from '../runner/robust-analysis.js';
import type { StudyParameter } from '../runner/robust-plan.js';
import type { Scenario } from '../scenario/schema.js';
import { parametersOf } from '../scenario/uncertain.js';
import { formatDuration } from '../scenario/units.js';
import type { Share } from '../stats/shares.js';
import { sloText as sloTextOf } from '../stats/slo-text.js';

/** A share as "93% (85–97%)": Wilson 95% interval, whole percents (n worlds never justify more). */
export function fmtShare(s: Share): string {
  if (s.n === 0) return 'n/a';
  const p = (x: number): string => `${Math.round(100 * x)}%`;
  return `${p(s.share)} (${p(s.lo)}–${p(s.hi)})`;
}

/** A parameter's value in its own terms: a distribution's median and durations in time units. */
export function fmtParam(p: Pick<StudyParameter, 'type'>, v: number): string {
  if (p.type === 'integer') return String(Math.round(v));
  if (p.type === 'dist') return formatDuration(Number(v.toPrecision(3)));
  return String(Number(v.toPrecision(3)));
}

/** The study's SLOs, all of which a world must meet: "p99 ≤ 2 s and runSuccess ≥ 99%". */
export function sloText(r: RobustResult): string {
  return r.slos.map((s) => sloTextOf(s.metric, s.threshold)).join(' and ');
}

/** "fails when clients[0].restOfRun > 12 s (fits 97% of worlds)". */
export function decisiveText(r: RobustResult, d: DesignRobustness): string {
  if (d.basis !== 'verdict' || !d.decisive)
    return d.share.k === 0 ? 'fails in every world' : d.share.k === d.share.n ? 'meets in every world' : '—';
  const x = d.decisive;
  const p = r.parameters.find((q) => q.path === x.parameter)!;
  return `${x.parameter}: fails when ${x.failsWhen === 'above' ? '>' : '<'} ${fmtParam(p, x.threshold)} (one cut fits ${Math.round(100 * x.accuracy)}% of worlds)`;
}

/**
 * The line `run` and `compare` add: which unconfirmed parameters the answer took at their
 * defaults, and how to see whether it survives their plausible ranges. Costs no simulation.
 */
export function unconfirmedNote(scenarios: unknown[], files: string[]): string {
  const paths = new Set<string>();
  for (const s of scenarios) {
    try {
      for (const p of parametersOf(s as Scenario)) if (p.atDefault) paths.add(p.path);
    } catch {
      return ''; // a result file from an older nmsim: nothing reliable to say
    }
  }
  if (paths.size === 0) return '';
  return `Unconfirmed parameters at their defaults (${paths.size}): ${[...paths].join(', ')}. Does the verdict survive their plausible ranges? nmsim robust ${files.join(' ')}`;
}
