/** Utilisation of every component: proxies, metadata agents, Nova, neutron-server. */
import type { ScenarioResult } from '../../stats/results.js';
import { utilisationChart } from '../charts/index.js';
import { estCell, num, percent } from '../format.js';
import { htmlTable } from '../html.js';
import type { Ctx, Section } from './context.js';

export function componentsTable(label: string, r: ScenarioResult): string {
  return htmlTable(
    [
      'component',
      'kind',
      'host',
      'pool mean',
      'pool max / size',
      'queue mean',
      'queue max / limit',
      'CPU',
      'SYN drops',
    ],
    r.components.map((c) => [
      c.id,
      c.kind,
      c.host,
      c.poolMeanCI ? estCell(c.poolMeanCI, 'number') : num(c.poolMean),
      `${c.poolMax} / ${c.capacity}`,
      c.queueMeanCI ? estCell(c.queueMeanCI, 'number') : num(c.queueMean),
      // 0: no kernel accept queue (neutron-server's RPC calls wait in RabbitMQ, unbounded).
      `${c.queueMax} / ${c.acceptQueueCapacity > 0 ? c.acceptQueueCapacity : 'no limit'}`,
      c.cpuCI ? estCell(c.cpuCI, 'rate') : percent(c.cpuUtilisation),
      c.synDrops.toLocaleString('en-US'),
    ]),
    `Components of ${label}: means over replications ± CI half-width`,
  );
}

export async function utilisationSection(ctx: Ctx): Promise<Section> {
  const fig = await ctx.figs.figure(
    utilisationChart(ctx.detail),
    'Pool: mean busy slots (green threads, HAProxy connections, worker pools) as a share of the pool size. CPU: mean utilisation of the component’s CPUs. Up to 16 busiest components per scenario.',
  );
  return {
    id: 'utilisation',
    title: 'Utilisation per component',
    html: fig + ctx.detail.map((i) => componentsTable(i.label, i.result)).join('\n'),
  };
}
