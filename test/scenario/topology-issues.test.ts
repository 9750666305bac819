/**
 * The topology rules (src/scenario/topology-issues.ts): each broken rule is reported once, with
 * the path of the field to fix, and the loader prints it as `file: field.path: reason`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ScenarioError, formatIssue } from '../../src/scenario/errors.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { formatPath } from '../../src/scenario/paths.js';
import { Scenario } from '../../src/scenario/schema.js';
import { topologyIssues } from '../../src/scenario/topology-issues.js';
import { tempDir, writeFiles } from '../cli/helpers.js';

const tmp = tempDir('nmsim-topology-');
after(tmp.cleanup);

/** The issues of a topology, as `field.path: reason` lines. */
function issuesOf(topology: Record<string, unknown>): string[] {
  const s = Scenario.parse({ name: 't', topology, clients: [{ kind: 'chef' }] });
  return topologyIssues(s).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

const net = (name: string, cidr: string, instances: number, extra: Record<string, unknown> = {}) => ({
  name,
  cidr,
  instances,
  ...extra,
});

test('a valid topology has no issues', () => {
  assert.deepEqual(issuesOf({ networks: [net('n1', '10.0.0.0/24', 252)] }), []);
});

test('subnet fit: 253 instances in a /24 with one DHCP port (252 usable) is refused; with DVR one fewer fits', () => {
  assert.deepEqual(issuesOf({ networks: [net('n1', '10.0.0.0/24', 253)] }), [
    'topology.networks[0].instances: 253 instances do not fit in 10.0.0.0/24: it has 252 usable addresses (256 minus network, broadcast, gateway and 1 DHCP port(s))',
  ]);
  assert.deepEqual(issuesOf({ metadataPath: 'dvr', networks: [net('n1', '10.0.0.0/24', 252)] }), [
    'topology.networks[0].instances: 252 instances do not fit in 10.0.0.0/24: it has 251 usable addresses (256 minus network, broadcast, gateway, the DVR SNAT port and 1 DHCP port(s))',
  ]);
});

test('router names: a duplicate router and a network naming a router that does not exist', () => {
  assert.deepEqual(
    issuesOf({
      routers: [{ name: 'r1' }, { name: 'r1' }],
      networks: [net('n1', '10.0.0.0/24', 10, { router: 'r2' })],
    }),
    [
      'topology.routers[1].name: duplicate router name "r1"',
      'topology.networks[0].router: no router named "r2" (routers: "r1")',
    ],
  );
  // Isolated metadata serves a network from its DHCP agents: its router is not looked up.
  assert.deepEqual(
    issuesOf({ metadataPath: 'isolated', networks: [net('n1', '10.0.0.0/24', 10, { router: 'r2' })] }),
    [],
  );
});

test('l3Agent range: index 2 of 2 L3 agents (numbered from 0) is refused, index 1 accepted', () => {
  const topo = (l3Agent: number) => ({
    l3Agents: 2,
    routers: [{ name: 'r1', l3Agent }],
    networks: [net('n1', '10.0.0.0/24', 10)],
  });
  assert.deepEqual(issuesOf(topo(2)), [
    'topology.routers[0].l3Agent: is 2 but there are only 2 L3 agent(s), numbered from 0',
  ]);
  assert.deepEqual(issuesOf(topo(1)), []);
});

test('dhcpAgentsPerNetwork: 3 per network with 2 DHCP agents is refused in isolated mode only', () => {
  const topo = (metadataPath: string) => ({
    metadataPath,
    dhcpAgents: 2,
    dhcpAgentsPerNetwork: 3,
    networks: [net('n1', '10.0.0.0/24', 10)],
  });
  assert.deepEqual(issuesOf(topo('isolated')), [
    'topology.dhcpAgentsPerNetwork: is 3 but there are only 2 DHCP agent(s)',
  ]);
  assert.deepEqual(issuesOf(topo('router')), []);
});

test('network names and instances: a duplicate network name, and no instances anywhere', () => {
  assert.deepEqual(issuesOf({ networks: [net('n1', '10.0.0.0/24', 0), net('n1', '10.0.1.0/24', 0)] }), [
    'topology.networks[1].name: duplicate network name "n1" (also topology.networks[0])',
    'topology.networks: there are no instances on any network',
  ]);
});

test('the loader reports a topology issue as file: field.path: reason', () => {
  writeFiles(tmp.dir, {
    'l3.yaml':
      'name: l3\ntopology:\n  routers: [{ name: r1, l3Agent: 1 }]\n  networks: [{ name: n1, cidr: 10.0.0.0/24, instances: 10 }]\nclients: [{ kind: chef }]\n',
  });
  const file = join(tmp.dir, 'l3.yaml');
  assert.throws(
    () => loadScenarioFile(file),
    (e: unknown) =>
      e instanceof ScenarioError &&
      e.issues.length === 1 &&
      formatIssue(e.issues[0]).endsWith(
        'l3.yaml: topology.routers[0].l3Agent: is 1 but there are only 1 L3 agent(s), numbered from 0',
      ),
  );
});
