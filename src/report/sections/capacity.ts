/** For capacity reports: the SLO metric against the varied value, the threshold and the answer. */
import { curveChart } from '../charts/index.js';
import { finite, isRate, metricCell, metricLabel, num, targetText } from '../format.js';
import { esc, htmlTable } from '../html.js';
import type { CapacityResult } from '../types.js';
import type { Ctx, Section } from './context.js';

export function answerText(c: CapacityResult): string {
  const slo = `${metricLabel(c.slo.metric)} ${targetText(c.slo.metric, c.slo.threshold)}`;
  const which = c.direction === 'smallest' ? 'smallest' : 'largest';
  const why = c.confidence ? ` ${esc(c.confidence)}` : '';
  if (c.status === 'above-range' && c.range) {
    // Every value met: the answer is only where the search stopped looking.
    const top = c.direction === 'smallest' ? c.range[0] : c.range[1];
    const held = c.subnetsHold !== undefined && top === c.subnetsHold ? 'the subnets hold' : 'the range ends at';
    return `<p class="answer"><strong>No limit found ${c.direction === 'smallest' ? 'down' : 'up'} to ${esc(num(top))} (${held} ${esc(num(top))}): every value of <code>${esc(c.vary)}</code> evaluated meets ${esc(slo)}.</strong>${why}</p>`;
  }
  if (c.answer === null)
    return `<p class="answer"><strong>No value of <code>${esc(c.vary)}</code>${c.range ? ` in ${esc(num(c.range[0]))}–${esc(num(c.range[1]))}` : ''} meets ${esc(slo)}.</strong>${c.confidence ? ` ${esc(c.confidence)}` : ''}</p>`;
  return `<p class="answer"><strong>The ${which} <code>${esc(c.vary)}</code> that meets ${esc(slo)} is ${esc(num(c.answer))}</strong> (bracket ${esc(num(c.bracket[0]))}–${esc(num(c.bracket[1]))}${c.firstFailing !== undefined && c.firstFailing !== null ? `; ${esc(num(c.firstFailing))} fails` : ''}).${c.confidence ? ` ${esc(c.confidence)}` : ''}</p>`;
}

export async function capacitySection(ctx: Ctx, c: CapacityResult): Promise<Section> {
  const rate = isRate(c.slo.metric);
  const pts = [...c.points].sort((a, b) => a.value - b.value);
  const chart = curveChart(
    pts.map((p) => ({
      x: p.value,
      series: metricLabel(c.slo.metric),
      mean: p.estimate.mean,
      lo: finite(p.estimate.lo) ? p.estimate.lo : p.estimate.mean,
      hi: finite(p.estimate.hi) ? p.estimate.hi : p.estimate.mean,
      verdict: p.verdict,
    })),
    {
      title: `${metricLabel(c.slo.metric)[0].toUpperCase()}${metricLabel(c.slo.metric).slice(1)} against the varied value`,
      description: `The SLO metric at every value the capacity search evaluated, with confidence bands, the threshold and the answer.`,
      xTitle: c.vary,
      yTitle: rate ? `${metricLabel(c.slo.metric)} (%)` : `${metricLabel(c.slo.metric)} (s)`,
      percent: rate,
      verdictShapes: true,
      threshold: { value: c.slo.threshold, label: `SLO ${targetText(c.slo.metric, c.slo.threshold)}` },
      answer:
        c.answer === null || c.status === 'above-range'
          ? undefined
          : { value: c.answer, label: `answer: ${num(c.answer)}`, bracket: c.bracket },
      xDomain: c.range,
    },
  );
  const fig = await ctx.figs.figure(
    chart,
    'Every value the search evaluated: the mean over replications with its confidence band; marker shape gives the verdict (circle meets, cross fails, triangle uncertain). Dashed: the SLO threshold. Solid vertical: the answer; shaded: the bracket between it and the first failing value.',
  );
  const table = htmlTable(
    [c.vary, metricLabel(c.slo.metric), 'verdict', 'replications', ''],
    pts.map((p) => [
      num(p.value),
      metricCell(c.slo.metric, p.estimate),
      p.verdict,
      p.replications ?? p.estimate.n,
      p.value === c.answer ? '← answer' : p.value === c.firstFailing ? '← first failing' : '',
    ]),
    'Points evaluated by the search, by value',
  );
  return { id: 'capacity', title: 'Capacity', html: answerText(c) + fig + table };
}
