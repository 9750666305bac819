/** Where a request's time goes, stage by stage along the metadata path. */
import { STAGES } from '../../stats/results.js';
import { STAGE_LABELS, stagesChart } from '../charts/index.js';
import { duration, estCell } from '../format.js';
import { htmlTable } from '../html.js';
import type { Ctx, Section } from './context.js';

export function stagesTable(ctx: Ctx): string {
  return htmlTable(
    ['scenario', ...STAGES.map((s) => STAGE_LABELS[s]), 'sum'],
    ctx.items.map(({ label, result: r }) => [
      label,
      ...STAGES.map((s) => estCell(r.stages[s])),
      duration(STAGES.reduce((a, s) => a + (Number.isFinite(r.stages[s].mean) ? r.stages[s].mean : 0), 0)),
    ]),
    'Mean time per request in each stage (± CI half-width); the sum is about the mean latency',
  );
}

const STAGE_HELP =
  'SYN retries: waiting for SYN retransmissions after drops by a full accept queue. Listen queue: connected, waiting in the kernel accept queue. Pool wait: accepted, waiting for a green thread or HAProxy slot. Proxy CPU: the proxy’s single CPU. Agent: the metadata agent (queue, pool, CPU), excluding RPC and Nova. RPC: get_ports lookups against neutron-server. Nova: the Nova metadata API call.';

export async function stagesSection(ctx: Ctx): Promise<Section> {
  const abs = await ctx.figs.figure(stagesChart(ctx.detail), STAGE_HELP);
  const share =
    ctx.detail.length > 1
      ? await ctx.figs.figure(
          stagesChart(ctx.detail, true),
          'The same stages as shares of each scenario’s mean time per request, so fast designs can be read too.',
        )
      : '';
  return { id: 'stages', title: 'Where the time goes', html: stagesTable(ctx) + abs + share };
}
