import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, usableInstanceAddresses, type ParsedCidr } from '../../src/scenario/cidr.js';
import { buildTopology } from '../../src/model/topology.js';
import { Simulation } from '../../src/engine/simulation.js';
import { validateScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const cidr = (s: string) => parseCidr(s) as ParsedCidr;

test('a /23 holds 508 instances (512 - network, broadcast, gateway, 1 DHCP port); DVR adds the SNAT port: 507', () => {
  assert.equal(usableInstanceAddresses(cidr('10.0.0.0/23'), { dhcpAgentsPerNetwork: 1, metadataPath: 'router' }), 508);
  assert.equal(usableInstanceAddresses(cidr('10.0.0.0/23'), { dhcpAgentsPerNetwork: 1, metadataPath: 'dvr' }), 507);
  assert.equal(usableInstanceAddresses(cidr('10.0.0.0/22'), { dhcpAgentsPerNetwork: 2, metadataPath: 'dvr' }), 1018);
});

test('DVR: 252 instances fit a /24 behind a legacy router but not behind a DVR router (the loader says so)', () => {
  const load = (metadataPath: 'router' | 'dvr') =>
    validateScenario({
      file: 'x.yaml',
      layers: [],
      sources: [],
      raw: {
        name: 't',
        topology: { metadataPath, networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 252 }] },
        clients: [{ kind: 'chef' }],
      },
    });
  assert.equal(buildTopology(new Simulation(1), load('router')).instances.length, 252);
  assert.throws(
    () => load('dvr'),
    (e: unknown) => e instanceof ScenarioError && /251 usable.*DVR SNAT port/.test(e.message),
  );
});
