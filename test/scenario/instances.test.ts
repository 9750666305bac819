/**
 * Which instances a client runs on, one rule for the loader, the simulation and capacity:
 * "58%" of 25 is 15 (14.5 rounded half up). The loader used to compute (58 / 100) * 25 =
 * 14.499999999999998 and round it to 14 while the simulation picked 15.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { clientPool, selectedInstanceCount } from '../../src/scenario/instances.js';
import { validateScenario } from '../../src/scenario/load.js';
import { apportion, maxInstances, scaleInstances } from '../../src/scenario/scale.js';

test('"58%" of 25 instances is 15 (14.5 rounded half up), where (58 / 100) * 25 in floating point rounds to 14', () => {
  assert.equal(Math.round((58 / 100) * 25), 14, 'the floating-point residue the helper avoids');
  assert.equal(selectedInstanceCount('58%', 25), 15);
  assert.equal(selectedInstanceCount('12.5%', 4), 1); // 0.5 -> 1
  assert.equal(selectedInstanceCount('12.5%', 12), 2); // 1.5 -> 2
  assert.equal(selectedInstanceCount('33.3%', 1000), 333);
  assert.equal(selectedInstanceCount('0.05%', 1000), 1); // 0.5 -> 1
  assert.equal(selectedInstanceCount('0.04%', 1000), 0);
  assert.equal(selectedInstanceCount('100%', 7), 7);
  assert.equal(selectedInstanceCount('all', 7), 7);
  assert.equal(selectedInstanceCount(9, 7), 7, 'a count is capped at the pool');
  assert.equal(selectedInstanceCount(3, 7), 3);
});

test('every whole and one-decimal percentage of 1..200 instances rounds the exact product half up', () => {
  for (let n = 1; n <= 200; n++)
    for (let tenths = 0; tenths <= 1000; tenths++) {
      const p = `${Math.floor(tenths / 10)}${tenths % 10 ? `.${tenths % 10}` : ''}%`;
      // n * tenths / 1000 rounded half up, in integers: floor((2 n tenths + 1000) / 2000).
      const want = Math.floor((2 * n * tenths + 1000) / 2000);
      if (selectedInstanceCount(p, n) !== want)
        assert.fail(`${p} of ${n}: ${selectedInstanceCount(p, n)}, want ${want}`);
    }
});

test('clientPool: instances on the named networks, each name once and its first network; all networks when none is named', () => {
  const nets = [
    { name: 'a', instances: 10 },
    { name: 'b', instances: 5 },
  ];
  assert.equal(clientPool(nets, undefined), 15);
  assert.equal(clientPool(nets, ['b']), 5);
  assert.equal(clientPool(nets, ['b', 'b']), 5);
  assert.equal(clientPool([...nets, { name: 'a', instances: 7 }], ['a']), 10, 'a name is its first network');
});

const scenario = (instances: number, select: string) =>
  validateScenario({
    file: 'x.yaml',
    layers: [],
    sources: [],
    raw: {
      name: 'pct',
      duration: 600,
      warmup: 0,
      replications: 1,
      topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances }] },
      clients: [{ kind: 'cloud-init', instances: select, boot: { start: 10, window: 60 } }],
    },
  });

test('the simulation boots 15 of 25 instances for "58%" (one cloud-init run each)', () => {
  const r = simulateReplication(scenario(25, '58%'), { seed: 1, replication: 0, warmup: 0 });
  assert.equal(r.populations[0].started, 15);
});

test('scaleInstances: 2500 instances over networks of 600 and 400 are 1500 and 1000; a count of 100 becomes 250', () => {
  const raw = {
    name: 's',
    topology: {
      networks: [
        { name: 'a', cidr: '10.0.0.0/20', instances: 600 },
        { name: 'b', cidr: '10.1.0.0/20', instances: 400 },
      ],
    },
    clients: [
      { kind: 'chef', instances: 100 },
      { kind: 'chef', instances: 390, networks: ['b'] },
      { kind: 'chef', instances: '50%' },
    ],
  };
  const base = validateScenario({ file: 'x.yaml', layers: [], sources: [], raw });
  const out = scaleInstances(raw, base, 2500) as typeof raw;
  assert.deepEqual(
    out.topology.networks.map((n) => n.instances),
    [1500, 1000],
  );
  // 390 * 2500 / 1000 = 975, within b's 1000; a percentage scales by itself.
  assert.deepEqual(
    out.clients.map((c) => c.instances),
    [250, 975, '50%'],
  );
  // Scaling down: the count is capped by its networks' pool and kept at 1 or more.
  const small = scaleInstances(raw, base, 3) as typeof raw;
  assert.deepEqual(
    small.topology.networks.map((n) => n.instances),
    [2, 1],
  );
  assert.deepEqual(
    small.clients.map((c) => c.instances),
    [1, 1, '50%'],
  );
  assert.deepEqual(apportion([600, 400], 5), [3, 2]);
  // A /20 holds 4096 addresses less network, broadcast, gateway and the DHCP ports; network a,
  // with 600/1000 of the instances, fills first.
  const usable = 4096 - 3 - base.topology.dhcpAgentsPerNetwork;
  assert.equal(maxInstances(base), Math.floor((usable * 1000) / 600));
});
