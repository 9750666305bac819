import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeDvr, placeIsolated, placeProxies, placeRouter } from '../../src/model/placement.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';

const topology = (t: ScenarioInput['topology']) =>
  Scenario.parse({ name: 't', topology: t, clients: [{ kind: 'chef' }] }).topology;
const ids = (p: ReturnType<typeof placeRouter>) => p.proxies.map((x) => `${x.id} on ${x.host}`);

test('router: LeastRoutersScheduler puts 3 unpinned routers on 2 L3 agents as 0, 1, 0; a pinned one stays put', () => {
  const p = placeRouter(
    topology({
      l3Agents: 2,
      computeHosts: 3,
      routers: [{ name: 'a' }, { name: 'b', l3Agent: 1 }, { name: 'c' }, { name: 'd' }],
      networks: [
        { name: 'n1', cidr: '10.0.0.0/24', instances: 2, router: 'c' },
        { name: 'n2', cidr: '10.0.1.0/24', instances: 3 },
      ],
    }),
  );
  assert.deepEqual(ids(p), [
    'qrouter-a on network-node-0',
    'qrouter-b on network-node-1',
    'qrouter-c on network-node-0',
    'qrouter-d on network-node-1',
  ]);
  // n1 reaches router c, n2 the first router; compute hosts round-robin across networks.
  assert.deepEqual(
    p.instances.map((x) => [x.network, x.proxy, x.computeHost]),
    [
      [0, 2, 0],
      [0, 2, 1],
      [1, 0, 2],
      [1, 0, 0],
      [1, 0, 1],
    ],
  );
  assert.deepEqual(p.networkProxies, [[2], [0]]);
  assert.deepEqual(p.usableAddresses, [252, 252]);
});

test('isolated: 2 DHCP ports per network on 3 DHCP agents go to distinct least-loaded agents; instances alternate ports', () => {
  const p = placeIsolated(
    topology({
      metadataPath: 'isolated',
      dhcpAgents: 3,
      dhcpAgentsPerNetwork: 2,
      networks: [
        { name: 'n1', cidr: '10.0.0.0/24', instances: 3 },
        { name: 'n2', cidr: '10.0.1.0/24', instances: 1 },
      ],
    }),
  );
  assert.deepEqual(ids(p), [
    'qdhcp-n1@dhcp-0 on dhcp-node-0',
    'qdhcp-n1@dhcp-1 on dhcp-node-1',
    'qdhcp-n2@dhcp-2 on dhcp-node-2',
    'qdhcp-n2@dhcp-0 on dhcp-node-0',
  ]);
  assert.deepEqual(
    p.instances.map((x) => x.proxy),
    [0, 1, 0, 2],
  );
  // A network lists every DHCP port it has, used or not.
  assert.deepEqual(p.networkProxies, [
    [0, 1],
    [2, 3],
  ]);
  assert.ok(p.proxies.every((x) => !x.viaRouter));
  assert.deepEqual(
    p.proxies.map((x) => x.key),
    ['n1', 'n1', 'n2', 'n2'],
  );
  // Each DHCP port takes an address: 256 - 3 - 2.
  assert.deepEqual(p.usableAddresses, [251, 251]);
});

test('dvr: one proxy per (router, compute host) with instances: 5 instances on 3 hosts make 3 proxies, 1 on 4 hosts 1 more', () => {
  const p = placeDvr(
    topology({
      metadataPath: 'dvr',
      computeHosts: 3,
      routers: [{ name: 'r1' }, { name: 'r2' }],
      networks: [
        { name: 'n1', cidr: '10.0.0.0/24', instances: 5 },
        { name: 'n2', cidr: '10.0.1.0/24', instances: 1, router: 'r2' },
      ],
    }),
  );
  assert.deepEqual(ids(p), [
    'qrouter-r1@compute-0 on compute-0',
    'qrouter-r1@compute-1 on compute-1',
    'qrouter-r1@compute-2 on compute-2',
    'qrouter-r2@compute-2 on compute-2',
  ]);
  assert.deepEqual(
    p.instances.map((x) => [x.proxy, x.computeHost]),
    [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
      [1, 1],
      [3, 2],
    ],
  );
  assert.deepEqual(p.networkProxies, [[0, 1, 2], [3]]);
  // The DVR SNAT port takes one more address: 256 - 4 - 1.
  assert.deepEqual(p.usableAddresses, [251, 251]);
});

test('placeProxies follows metadataPath; an unvalidated impossible topology is an internal error', () => {
  const t = topology({ metadataPath: 'dvr', networks: [{ name: 'n', cidr: '10.0.0.0/30', instances: 1 }] });
  assert.throws(() => placeProxies(t), /placement: networks\[0\] does not fit/);
  const r = topology({
    l3Agents: 1,
    routers: [{ name: 'a', l3Agent: 3 }],
    networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 1 }],
  });
  assert.throws(() => placeProxies(r), /placement: routers\[0\]/);
  const ok = topology({ metadataPath: 'isolated', networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 2 }] });
  assert.deepEqual(
    placeProxies(ok).proxies.map((x) => x.id),
    ['qdhcp-n@dhcp-0'],
  );
});
