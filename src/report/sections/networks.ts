/** Per network: size, which proxy serves it, its latency and timeouts. */
import type { ScenarioResult } from '../../stats/results.js';
import { duration, percent } from '../format.js';
import { htmlTable } from '../html.js';
import type { Ctx, Section } from './context.js';

export function networksTable(label: string, r: ScenarioResult): string {
  return htmlTable(
    [
      'network',
      'CIDR',
      'instances / usable',
      'served by',
      'requests',
      'ok',
      'client timeouts',
      'connect failures',
      'p99',
      'timeout rate',
    ],
    r.networks.map((n) => [
      n.name,
      n.cidr,
      `${n.instances} / ${n.usableAddresses}`,
      n.proxies.join(', '),
      n.requests.toLocaleString('en-US'),
      n.outcomes.ok.toLocaleString('en-US'),
      n.outcomes.clientTimeout.toLocaleString('en-US'),
      n.outcomes.connectFailure.toLocaleString('en-US'),
      duration(n.p99),
      percent(n.timeoutRate),
    ]),
    `Networks of ${label} (counts over all replications)`,
  );
}

export function networksSection(ctx: Ctx): Section {
  return {
    id: 'networks',
    title: 'Per network',
    html: ctx.detail.map((i) => networksTable(i.label, i.result)).join('\n'),
  };
}
