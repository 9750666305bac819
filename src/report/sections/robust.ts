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

async function designParts(figs: Figures, r: RobustResult, di: number): Promise<string> {
  const d = r.designs[di];
  const slo = r.slos[0];
  const { k, unit } = scaleOf(slo.metric);
  const param = (path: string) => r.parameters.find((p) => p.path === path)!;
  const out: string[] = [`<h3>${esc(d.label)}</h3>`];
  if (d.tornado.length > 0) {
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
    out.push(
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
          const p = param(t.parameter);
          return [
            t.parameter,
            `${fmtParam(p, p.low)} – ${fmtParam(p, p.high)}`,
            `${show(slo.metric, t.low.metrics[slo.metric])} ${t.low.meets ? 'meets' : 'fails'}`,
            `${show(slo.metric, t.high.metrics[slo.metric])} ${t.high.meets ? 'meets' : 'fails'}`,
          ];
        }),
        `One at a time (default world: ${show(slo.metric, d.baseline.metrics[slo.metric])}, ${d.baseline.meets ? 'meets' : 'fails'})`,
      ),
    );
  }
  if (d.decisive) {
    const p = param(d.decisive.parameter);
    const pts = r.worlds.map((w) => ({
      x: w.values[p.path],
      y: (w.outcomes[di].metrics[slo.metric] ?? NaN) * k,
      verdict: w.outcomes[di].meets ? 'meets' : 'fails',
    }));
    out.push(
      await figs.figure(
        scatterChart(pts, {
          parameter: p.path,
          xUnit: p.type === 'dist' ? 's, median' : '',
          metric: slo.metric,
          yUnit: unit,
          threshold: slo.threshold * k,
          cut: d.decisive.threshold,
          log: p.shape === 'log',
        }),
        `${d.label}: ${decisiveText(r, d)}.`,
      ),
    );
  }
  out.push(
    htmlTable(
      ['parameter', 'share of the verdict', 'rank correlation with verdict', `with ${slo.metric}`],
      d.drivers.map((x) => [
        x.parameter,
        `${Math.round(100 * x.share)}%`,
        x.rhoVerdict === null ? '—' : x.rhoVerdict.toFixed(2),
        x.rhoMetric === null ? '—' : x.rhoMetric.toFixed(2),
      ]),
      `What explains ${d.label}'s verdict (${d.basis === 'verdict' ? 'correlation with meeting the SLO' : d.basis === 'metric' ? `the verdict never changes: correlation with ${slo.metric}` : 'nothing varies'})`,
    ),
  );
  return out.join('\n');
}

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
