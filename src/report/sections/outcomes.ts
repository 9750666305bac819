/** How requests ended (whole client runs are in the Runs section). */
import { OUTCOMES } from '../../stats/results.js';
import { OUTCOME_LABELS, outcomesChart } from '../charts/index.js';
import { pct } from '../format.js';
import { esc, htmlTable } from '../html.js';
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

export async function outcomesSection(ctx: Ctx): Promise<Section> {
  const fig = await ctx.figs.figure(
    outcomesChart(ctx.detail),
    'Each bar adds up to all requests that started in the measurement window (drained to their end); segments are labelled where they are wide enough, the table above has every value.',
  );
  return { id: 'outcomes', title: 'Outcomes', html: outcomesTable(ctx) + fig };
}
