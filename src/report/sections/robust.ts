/**
 * The robustness section: which design meets the SLO in how many plausible worlds (the answer
 * first), the pairwise wins, then per design the tornado and the decisive parameter's scatter,
 * each chart with its table.
 */
import type { RobustResult } from '../../runner/robust-analysis.js';
import { decisiveText, fmtParam, fmtShare, sloText } from '../robust-words.js';
import { scatterChart, shareChart, tornadoChart } from '../charts/robust.js';
import { isRate } from '../format.js';
import { formatDuration } from '../../scenario/units.js';
import type { Figures } from '../figures.js';
import { esc, htmlTable } from '../html.js';
import type { Section } from './context.js';

const scaleOf = (metric: string) => (isRate(metric) ? { k: 100, unit: '%' } : { k: 1, unit: 's' });

const show = (metric: string, v: number | null): string =>
  v === null ? 'n/a' : isRate(metric) ? `${(100 * v).toFixed(2)}%` : formatDuration(Number(v.toPrecision(3)));

type Design = RobustResult['designs'][number];

async function designParts(figs: Figures, r: RobustResult, di: number): Promise<string> {
  const d = r.designs[di];
  const out: string[] = [`<h3>${esc(d.label)}</h3>`];
  if (d.tornado.length > 0) out.push(...(await tornadoParts(figs, r, d)));
  if (d.decisive) out.push(await decisiveScatter(figs, r, di));
  out.push(driversTable(r, d));
  return out.join('\n');
}

/** Each parameter alone at its low and high: the chart, widest swing first, and its table. */
async function tornadoParts(figs: Figures, r: RobustResult, d: Design): Promise<string[]> {
  const slo = r.slos[0];
  const { k, unit } = scaleOf(slo.metric);
  const base = (d.baseline.metrics[slo.metric] ?? NaN) * k;
  const bars = d.tornado.flatMap((t) =>
    (['low', 'high'] as const).map((end) => ({
      parameter: t.parameter,
      end,
      from: base,
      to: (t[end].metrics[slo.metric] ?? NaN) * k,
      verdict: t[end].meets ? 'meets' : 'fails',
      text: show(slo.metric, t[end].metrics[slo.metric]),
    })),
  );
  const verdictAt = (o: { metrics: Record<string, number | null>; meets: boolean }) =>
    `${show(slo.metric, o.metrics[slo.metric] ?? null)} ${o.meets ? 'meets' : 'fails'}`;
  return [
    await figs.figure(
      tornadoChart(bars, {
        design: d.label,
        metric: slo.metric,
        threshold: slo.threshold * k,
        unit,
        order: d.tornado.map((t) => t.parameter),
      }),
      `${d.label}: widest swing first.`,
    ),
    htmlTable(
      ['parameter', 'low – high', `${slo.metric} at low`, `${slo.metric} at high`],
      d.tornado.map((t) => {
        const p = parameterOf(r, t.parameter);
        return [t.parameter, `${fmtParam(p, p.low)} – ${fmtParam(p, p.high)}`, verdictAt(t.low), verdictAt(t.high)];
      }),
      `One at a time (default world: ${show(slo.metric, d.baseline.metrics[slo.metric] ?? null)}, ${d.baseline.meets ? 'meets' : 'fails'})`,
    ),
  ];
}

/** The decisive parameter against the SLO metric over every sampled world, with the cut. */
function decisiveScatter(figs: Figures, r: RobustResult, di: number): Promise<string> {
  const d = r.designs[di];
  const slo = r.slos[0];
  const { k, unit } = scaleOf(slo.metric);
  const p = parameterOf(r, d.decisive!.parameter);
  const pts = r.worlds.map((w) => ({
    x: w.values[p.path],
    y: (w.outcomes[di].metrics[slo.metric] ?? NaN) * k,
    verdict: w.outcomes[di].meets ? 'meets' : 'fails',
  }));
  return figs.figure(
    scatterChart(pts, {
      parameter: p.path,
      xUnit: p.type === 'dist' ? 's, median' : '',
      metric: slo.metric,
      yUnit: unit,
      threshold: slo.threshold * k,
      cut: d.decisive!.threshold,
      log: p.shape === 'log',
    }),
    `${d.label}: ${decisiveText(r, d)}.`,
  );
}

function driversTable(r: RobustResult, d: Design): string {
  const metric = r.slos[0].metric;
  const basis =
    d.basis === 'verdict'
      ? 'correlation with meeting the SLO'
      : d.basis === 'metric'
        ? `the verdict never changes: correlation with ${metric}`
        : 'nothing varies';
  return htmlTable(
    ['parameter', 'share of the verdict', 'rank correlation with verdict', `with ${metric}`],
    d.drivers.map((x) => [
      x.parameter,
      `${Math.round(100 * x.share)}%`,
      x.rhoVerdict === null ? '—' : x.rhoVerdict.toFixed(2),
      x.rhoMetric === null ? '—' : x.rhoMetric.toFixed(2),
    ]),
    `What explains ${d.label}'s verdict (${basis})`,
  );
}

const parameterOf = (r: RobustResult, path: string) => r.parameters.find((p) => p.path === path)!;

export async function robustSection(figs: Figures, r: RobustResult): Promise<Section> {
  const answer = r.designs
    .map(
      (d) =>
        `<li><strong>${esc(d.label)}</strong> meets ${esc(sloText(r))} in ${esc(fmtShare(d.share))} of ${d.share.n} worlds; ${esc(decisiveText(r, d))}.</li>`,
    )
    .join('');
  const bars = await figs.figure(
    shareChart(
      r.designs.map((d) => ({
        design: d.label,
        share: d.share.share,
        lo: d.share.lo,
        hi: d.share.hi,
        text: fmtShare(d.share),
      })),
    ),
    `${r.samples} worlds drawn by Latin hypercube over the plausible ranges below, ${r.replications} replication(s) each; every design in the same worlds with the same random streams.`,
  );
  const pairs =
    r.pairwise.length === 0
      ? ''
      : htmlTable(
          ['design A', 'design B', 'A better', 'B better', 'ties'],
          r.pairwise.map((p) => [
            p.a,
            p.b,
            `${p.aBetter.k} ${fmtShare(p.aBetter)}`,
            `${p.bBetter.k} ${fmtShare(p.bBetter)}`,
            p.ties,
          ]),
          'Pairwise, in the same worlds: better verdict, else the first SLO metric lower by more than 1%',
        );
  const ranges = htmlTable(
    ['parameter', 'plausible range', 'shape', 'why'],
    r.parameters.map((p) => [
      p.path,
      `${fmtParam(p, p.low)} – ${fmtParam(p, p.high)}`,
      p.shape === 'log' ? 'log-uniform' : 'uniform',
      p.why,
    ]),
    'The uncertain parameters (a distribution is moved by its median)',
  );
  const parts: string[] = [];
  for (let i = 0; i < r.designs.length; i++) parts.push(await designParts(figs, r, i));
  return {
    id: 'robust',
    title: 'Robustness over plausible worlds',
    html: `<ul class="answer">${answer}</ul>\n${bars}\n${pairs}\n${parts.join('\n')}\n${ranges}`,
  };
}
