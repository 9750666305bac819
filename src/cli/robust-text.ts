/**
 * `nmsim robust` for people and spreadsheets: the terminal summary (share of worlds per design,
 * the decisive parameter, pairwise wins, the tornado) and the CSV of every sampled world.
 */
import type { DesignRobustness, RobustResult, WorldOutcome } from '../runner/robust-analysis.js';
import { decisiveText, fmtParam, fmtShare, sloText } from '../report/robust-words.js';
import { csvField } from './csv.js';
import { fmtSecondsPair, isRateMetric, table } from './format.js';

const fmtValue = (metric: string, v: number | null): string =>
  v === null ? 'n/a' : isRateMetric(metric) ? `${(100 * v).toFixed(2)}%` : fmtSecondsPair(v);

const verdict = (o: WorldOutcome): string => (o.meets ? 'meets' : 'FAILS');

function tornadoText(r: RobustResult, d: DesignRobustness): string[] {
  const m = r.slos[0].metric;
  const rows = d.tornado.slice(0, 8).map((t) => {
    const p = r.parameters.find((q) => q.path === t.parameter)!;
    return [
      t.parameter,
      `${fmtParam(p, p.low)} – ${fmtParam(p, p.high)}`,
      `${fmtValue(m, t.low.metrics[m])} ${verdict(t.low)}`,
      `${fmtValue(m, t.high.metrics[m])} ${verdict(t.high)}`,
    ];
  });
  if (rows.length === 0) return [];
  return [
    '',
    `${d.label}: one at a time (default world: ${m} ${fmtValue(m, d.baseline.metrics[m])}, ${verdict(d.baseline)})`,
    table(['parameter', 'plausible range', `${m} at low`, `${m} at high`], rows),
  ];
}

export function robustText(r: RobustResult): string {
  const out: string[] = [
    `Robustness over ${r.parameters.length} uncertain parameter(s): ${r.samples} plausible worlds (Latin hypercube) x ${r.replications} replication(s) each, same worlds and random streams for every design; seed ${String(r.seed)}.`,
    `SLO: ${sloText(r)}. Shares are of worlds, with a 95% Wilson interval.`,
    '',
    table(
      ['design', 'meets the SLO in', 'default world', 'decisive parameter'],
      r.designs.map((d) => [
        d.label,
        `${fmtShare(d.share)} of ${d.share.n}`,
        verdict(d.baseline),
        d.drivers[0] && d.basis !== 'none'
          ? `${decisiveText(r, d)}; explains ${Math.round(100 * d.drivers[0].share)}% (${d.basis})`
          : decisiveText(r, d),
      ]),
    ),
  ];
  if (r.pairwise.length > 0) {
    out.push('', 'Pairwise, in the same worlds (better verdict, else lower first SLO metric by over 1%):');
    for (const p of r.pairwise)
      out.push(
        `  ${p.a} beats ${p.b} in ${p.aBetter.k} of ${p.aBetter.n} worlds ${fmtShare(p.aBetter)}; ${p.b} beats ${p.a} in ${p.bBetter.k}; ${p.ties} tie(s)`,
      );
  }
  for (const d of r.designs) out.push(...tornadoText(r, d));
  return out.join('\n');
}

/** One row per (sampled world, design): the parameter values, the SLO metrics and the verdict. */
export function robustCsv(r: RobustResult): string {
  const metrics = [...new Set(r.slos.map((s) => s.metric))];
  const header = ['world', 'design', ...r.parameters.map((p) => p.path), ...metrics, 'meets_slo'];
  const lines = [header.map(csvField).join(',')];
  r.worlds.forEach((w, k) =>
    w.outcomes.forEach((o, di) =>
      lines.push(
        [
          k,
          r.designs[di].label,
          ...r.parameters.map((p) => (p.defaults[di] === null ? '' : w.values[p.path])),
          ...metrics.map((m) => o.metrics[m] ?? ''),
          o.meets,
        ]
          .map(csvField)
          .join(','),
      ),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export { unconfirmedNote } from '../report/robust-words.js';
