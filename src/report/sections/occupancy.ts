/** Pool occupancy and listen-queue length over time, per proxy, from the first replication. */
import type { ScenarioResult } from '../../stats/results.js';
import { occupancyChart, shownProxies, spread } from '../charts/index.js';
import { duration, num } from '../format.js';
import { esc, htmlTable } from '../html.js';
import type { Ctx, Section } from './context.js';

const MAX_PROXIES = 8;
const MAX_RESULTS = 4;

export function proxyTable(r: ScenarioResult): string {
  const proxies = r.components.filter((c) => c.kind.startsWith('proxy'));
  return htmlTable(
    [
      'proxy',
      'kind',
      'host',
      'pool mean',
      'pool max',
      'pool size',
      'queue mean',
      'queue max',
      'queue limit',
      'SYN drops',
      'accepted',
    ],
    proxies.map((c) => [
      c.id,
      c.kind.replace('proxy-', ''),
      c.host,
      num(c.poolMean),
      c.poolMax,
      c.capacity,
      num(c.queueMean),
      c.queueMax,
      c.acceptQueueCapacity,
      c.synDrops.toLocaleString('en-US'),
      c.connectionsAccepted.toLocaleString('en-US'),
    ]),
    'Per proxy, means over replications: connections held (pool) and waiting in the accept queue',
  );
}

export async function occupancySection(ctx: Ctx): Promise<Section> {
  const parts: string[] = [];
  const shown = spread(ctx.detail, MAX_RESULTS);
  let first = 0;
  for (const { label, result: r } of shown) {
    const proxies = r.components.filter((c) => c.kind.startsWith('proxy'));
    if (shown.length > 1 || ctx.kind !== 'run') parts.push(`<h3>${esc(label)}</h3>`);
    if (proxies.length === 0) {
      parts.push('<p>No proxy in this scenario.</p>');
      continue;
    }
    const dt = proxies[0].series.dt;
    const n = shownProxies(r, MAX_PROXIES).length;
    const more = proxies.length > n ? ` The ${n} busiest of ${proxies.length} proxies are shown.` : '';
    const caption = first
      ? `As Figure ${first}, for ${label}.${more}`
      : `First replication, sampled every ${duration(dt)} (peaks kept when thinned). Solid: connections holding a green thread or HAProxy slot; dashed: connections waiting in the kernel accept queue; dotted grey: the pool size and accept-queue limit, drawn when approached.${more}`;
    const fig = await ctx.figs.figure(occupancyChart(r, MAX_PROXIES), caption);
    first ||= ctx.figs.slots.length;
    parts.push(fig, proxyTable(r));
  }
  if (ctx.detail.length > shown.length)
    parts.unshift(`<p class="note">Shown for ${shown.length} of ${ctx.detail.length} results.</p>`);
  return { id: 'occupancy', title: 'Pool occupancy and listen queues over time', html: parts.join('\n') };
}
