/**
 * The topology's rules the schema cannot express field by field: unique names, subnets that can
 * address their instances, routers that exist, agent indices in range. The one home of these
 * rules: the loader reports them (`file: field.path: reason`) and the model, which trusts a
 * loaded scenario, can assert them with the same function.
 */
import { parseCidr, usableInstanceAddresses } from './cidr.js';
import type { FieldIssue } from './errors.js';
import type { Scenario } from './schema.js';

const quoted = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(', ');

/** Every broken topology rule of `s`, each with the path of the field to fix. */
export function topologyIssues(s: Pick<Scenario, 'topology'>): FieldIssue[] {
  const t = s.topology;
  const issues: FieldIssue[] = [];
  const routerNames = new Set<string>();
  t.routers.forEach((r, i) => {
    if (routerNames.has(r.name))
      issues.push({ path: ['topology', 'routers', i, 'name'], message: `duplicate router name "${r.name}"` });
    routerNames.add(r.name);
    if (r.l3Agent !== undefined && r.l3Agent >= t.l3Agents)
      issues.push({
        path: ['topology', 'routers', i, 'l3Agent'],
        message: `is ${r.l3Agent} but there are only ${t.l3Agents} L3 agent(s), numbered from 0`,
      });
  });
  const networkNames = new Map<string, number>();
  t.networks.forEach((n, i) => {
    const at = (field: string) => ['topology', 'networks', i, field];
    const first = networkNames.get(n.name);
    if (first !== undefined)
      issues.push({
        path: at('name'),
        message: `duplicate network name "${n.name}" (also topology.networks[${first}])`,
      });
    else networkNames.set(n.name, i);
    const c = parseCidr(n.cidr);
    if (typeof c === 'string') issues.push({ path: at('cidr'), message: c });
    else {
      // Every DHCP agent serving a network takes a port on it, whatever the metadata path.
      const usable = usableInstanceAddresses(c, t);
      if (n.instances > usable)
        issues.push({
          path: at('instances'),
          message: `${n.instances} instances do not fit in ${n.cidr}: it has ${usable} usable addresses (${c.size} minus network, broadcast, gateway${t.metadataPath === 'dvr' ? ', the DVR SNAT port' : ''} and ${t.dhcpAgentsPerNetwork} DHCP port(s))`,
        });
    }
    if (t.metadataPath !== 'isolated' && n.router !== undefined && !routerNames.has(n.router))
      issues.push({
        path: at('router'),
        message: `no router named "${n.router}" (routers: ${quoted(routerNames)})`,
      });
  });
  if (t.metadataPath === 'isolated' && t.dhcpAgentsPerNetwork > t.dhcpAgents)
    issues.push({
      path: ['topology', 'dhcpAgentsPerNetwork'],
      message: `is ${t.dhcpAgentsPerNetwork} but there are only ${t.dhcpAgents} DHCP agent(s)`,
    });
  if (t.networks.every((n) => n.instances === 0))
    issues.push({ path: ['topology', 'networks'], message: 'there are no instances on any network' });
  return issues;
}
