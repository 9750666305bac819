/** The headline: does each scenario meet its SLO? */
import { metricLabel, metricText, pct, targetText } from '../format.js';
import { esc, htmlTable } from '../html.js';
import { unconfirmedNote } from '../robust-words.js';
import type { Labelled } from '../types.js';
import type { Ctx, Section } from './context.js';

const WORDS = { meets: 'MEETS SLO', fails: 'FAILS SLO', uncertain: 'UNCERTAIN' } as const;
const SYMBOLS = { meets: '✓', fails: '✗', uncertain: '?' } as const;

function card({ label, result: r }: Labelled): string {
  const v = r.slo;
  return `<div class="verdict ${v.verdict}">
<div class="tag"><span aria-hidden="true">${SYMBOLS[v.verdict]}</span> ${WORDS[v.verdict]}</div>
<div class="name">${esc(label)}</div>
<div class="value">${esc(metricLabel(v.metric))} ${esc(metricText(v.metric, v.value, r))}<br><span class="sub">target ${esc(targetText(v.metric, v.threshold))}</span></div>
<div class="sub">runs with metadata ${esc(pct(r.runs.success))} of ${r.runs.started.toLocaleString('en-US')}; then requests: client timeouts ${esc(pct(r.outcomeRates.clientTimeout))} of ${r.requestsSimulated.toLocaleString('en-US')}; ${r.meta.replications} replication(s)</div>
</div>`;
}

export function headline(items: Labelled[]): string {
  const n = { meets: 0, fails: 0, uncertain: 0 };
  for (const i of items) n[i.result.slo.verdict]++;
  if (items.length === 1) {
    const { label, result: r } = items[0];
    const verb = { meets: 'meets', fails: 'fails', uncertain: 'may or may not meet' }[r.slo.verdict];
    return `<p class="headline">${esc(label)} ${verb} its SLO: ${esc(metricLabel(r.slo.metric))} is ${esc(metricText(r.slo.metric, r.slo.value, r))}, the target ${esc(targetText(r.slo.metric, r.slo.threshold))}; ${esc(pct(r.runs.success))} of runs got their metadata.</p>`;
  }
  const parts = [
    `${n.meets} of ${items.length} ${items.length === 1 ? 'meets' : 'meet'} the SLO`,
    n.fails ? `${n.fails} fail${n.fails === 1 ? 's' : ''}` : '',
    n.uncertain ? `${n.uncertain} uncertain` : '',
  ].filter(Boolean);
  return `<p class="headline">${parts.join('; ')}.</p>`;
}

export function verdictSection(ctx: Ctx): Section {
  const items = ctx.items;
  const level = Math.round(items[0].result.meta.confidenceLevel * 100);
  const legend = `<p class="note">MEETS: the whole ${level}% confidence interval is within the target; FAILS: all of it is beyond; UNCERTAIN: it straddles the target (more replications would decide).</p>`;
  const body =
    items.length <= 8
      ? `<div class="verdicts">${items.map(card).join('')}</div>`
      : htmlTable(
          ['scenario', 'verdict', 'SLO metric', 'value', 'target'],
          items.map(({ label, result: r }) => [
            label,
            WORDS[r.slo.verdict],
            metricLabel(r.slo.metric),
            metricText(r.slo.metric, r.slo.value, r),
            targetText(r.slo.metric, r.slo.threshold),
          ]),
          'SLO verdict per scenario',
        );
  const caveat = unconfirmedNote(
    items.map((i) => i.result.scenario),
    items.map((i) => i.result.meta.file ?? `${i.label}.yaml`),
  );
  const robust = caveat ? `<p class="note">${esc(caveat)}</p>` : '';
  return { id: 'verdict', title: 'Verdict', html: headline(items) + body + legend + robust };
}
