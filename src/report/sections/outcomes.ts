/** How requests ended, and how whole client runs fared. */
import { OUTCOMES } from '../../stats/results.js';
import { OUTCOME_LABELS, outcomesChart } from '../charts/index.js';
import { duration, pct } from '../format.js';
import { esc, htmlTable } from '../html.js';
import { LatencyHistogram } from '../../stats/histogram.js';
import type { Ctx, Section } from './context.js';

export function outcomesTable(ctx: Ctx): string {
  return htmlTable(
    ['scenario', ...OUTCOMES.map((o) => OUTCOME_LABELS[o])],
    ctx.items.map(({ label, result: r }) => [
      label,
      ...OUTCOMES.map((o) => ({
        html: `${r.outcomeCounts[o].toLocaleString('en-US')}<span class="ci">${esc(pct(r.outcomeRates[o]))}</span>`,
        num: true,
      })),
    ]),
    'Requests by outcome: count over all replications, and share ± CI half-width (percentage points)',
  );
}

export function runsTable(ctx: Ctx): string {
  const rows = ctx.items.flatMap(({ label, result: r }) =>
    r.runs.map((x) => {
      const h = LatencyHistogram.fromJSON(x.duration);
      return [
        label,
        x.client,
        x.kind,
        x.started,
        x.ok,
        x.failed,
        x.skipped,
        pct(x.successRate),
        h.count ? duration(h.quantile(0.5)) : 'n/a',
        h.count ? duration(h.quantile(0.99)) : 'n/a',
      ];
    }),
  );
  if (rows.length === 0) return '';
  return htmlTable(
    ['scenario', 'client', 'kind', 'runs', 'ok', 'failed', 'metadata skipped', 'success rate', 'median run', 'p99 run'],
    rows,
    'Client runs: chef-client/ohai runs, cloud-init crawls, periodic sessions (a run fails if any of its requests does)',
  );
}

export async function outcomesSection(ctx: Ctx): Promise<Section> {
  const fig = await ctx.figs.figure(
    outcomesChart(ctx.detail),
    'Each bar adds up to all requests that ended in the measurement window; segments are labelled where they are wide enough, the table above has every value.',
  );
  return { id: 'outcomes', title: 'Outcomes', html: outcomesTable(ctx) + fig + runsTable(ctx) };
}
