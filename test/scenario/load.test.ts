/**
 * Scenario loading in process: extends chains, release presets, canonical hashes, field
 * paths, and the shipped scenarios.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { apportion } from '../../src/scenario/scale.js';
import { parseSet, parseSlo, splitTopLevel } from '../../src/cli/set.js';
import { scenarioHash } from '../../src/runner/run-scenario.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import {
  canonicalJson,
  deepMerge,
  loadScenarioFile,
  readScenario,
  resolveScenario,
  validateScenario,
} from '../../src/scenario/load.js';
import { formatPath, parsePath, PathError, setPath } from '../../src/scenario/paths.js';
import { ROOT, SMALL, tempDir, writeFiles } from '../cli/helpers.js';

const tmp = tempDir('nmsim-load-');
after(tmp.cleanup);
const at = (f: string) => join(tmp.dir, f);

function issues(file: string): string[] {
  try {
    loadScenarioFile(file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

test('deepMerge: mappings merge, lists and scalars are replaced', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 }), {
    a: { b: 1, c: [3] },
    d: 1,
    e: 2,
  });
});

test('extends chain: three levels, child wins, lists replaced whole, extends removed', () => {
  writeFiles(tmp.dir, {
    'small.yaml': SMALL,
    'mid/mid.yaml':
      'extends: ../small.yaml\nname: mid\nproxy: { eventlet: { poolSize: 7 } }\nagent: { poolSize: 50 }\n',
    'top.yaml':
      'extends: mid/mid.yaml\nname: top\nagent: { cacheTtl: 0 }\ntopology:\n  networks: [{ name: x, cidr: 10.1.0.0/24, instances: 3 }]\n',
  });
  const l = loadScenarioFile(at('top.yaml'));
  const s = l.scenario;
  assert.equal(s.name, 'top');
  assert.equal(s.proxy.eventlet.poolSize, 7);
  assert.equal(s.agent.poolSize, 50);
  assert.equal(s.agent.cacheTtl, 0);
  assert.equal(s.duration, 600);
  assert.deepEqual(
    s.topology.networks.map((n) => n.name),
    ['x'],
  );
  assert.equal((s as Record<string, unknown>).extends, undefined);
  assert.equal(l.sources.length, 3);
  assert.ok(l.sources.every((x) => /^[0-9a-f]{64}$/.test(x.sha256)));
});

test('canonical JSON and hash: independent of key order and file layout; equal to meta.hash', () => {
  writeFiles(tmp.dir, {
    'flat.yaml': `${SMALL}proxy: { eventlet: { poolSize: 7 } }\n`,
    'flat-reordered.json': JSON.stringify({
      proxy: { eventlet: { poolSize: 7 } },
      clients: [{ name: 'chef-client', kind: 'chef' }],
      topology: { networks: [{ instances: 20, cidr: '10.0.0.0/24', name: 'n1' }] },
      seed: 3,
      replications: 2,
      warmup: 0,
      duration: '10m',
      description: 'A small test scenario.',
      name: 'small',
    }),
    // Its own description: one inherited silently would be marked as such (and hash apart).
    'via-extends.yaml':
      'extends: small.yaml\ndescription: A small test scenario.\nproxy: { eventlet: { poolSize: 7 } }\n',
    'no-description.yaml': 'extends: small.yaml\nproxy: { eventlet: { poolSize: 7 } }\n',
  });
  const a = resolveScenario(at('flat.yaml'));
  const b = resolveScenario(at('flat-reordered.json'));
  const c = resolveScenario(at('via-extends.yaml'));
  assert.equal(a.canonical, b.canonical);
  assert.equal(a.hash, c.hash);
  assert.equal(a.hash, scenarioHash(a.scenario));
  assert.equal(
    resolveScenario(at('no-description.yaml')).scenario.description,
    `No description of its own; ${at('small.yaml')} (which it extends) says: A small test scenario.`,
  );
  assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
  assert.deepEqual(JSON.parse(a.canonical), JSON.parse(JSON.stringify(a.scenario)));
});

test('release presets sit beneath the file and above the defaults', () => {
  writeFiles(tmp.dir, {
    'pike.yaml': `${SMALL}release: pike\n`,
    'queens.yaml': `${SMALL}release: queens\n`,
    'm80.yaml': `${SMALL}release: mitaka-8.0\n`,
    'ocata-own.yaml': `${SMALL}release: ocata\nproxy: { eventlet: { poolSize: 333 } }\nagent: { cacheTtl: 9 }\n`,
    'pike-eventlet.yaml': `${SMALL}release: pike\nproxy: { kind: eventlet }\n`,
  });
  const pike = loadScenarioFile(at('pike.yaml')).scenario;
  assert.equal(pike.proxy.kind, 'haproxy');
  assert.equal(pike.agent.cacheTtl, 5);
  const queens = loadScenarioFile(at('queens.yaml')).scenario;
  assert.equal(queens.proxy.kind, 'haproxy');
  assert.equal(queens.agent.cacheTtl, 0);
  const m80 = loadScenarioFile(at('m80.yaml')).scenario;
  assert.equal(m80.proxy.kind, 'eventlet');
  assert.equal(m80.proxy.eventlet.poolSize, 1000);
  assert.equal(m80.proxy.eventlet.backlog, 4096, 'schema defaults still fill the rest');
  const own = loadScenarioFile(at('ocata-own.yaml')).scenario;
  assert.equal(own.proxy.eventlet.poolSize, 333);
  assert.equal(own.agent.cacheTtl, 9);
  assert.equal(loadScenarioFile(at('pike-eventlet.yaml')).scenario.proxy.kind, 'eventlet');
});

test('issues are attributed to the file of the chain that set the field', () => {
  writeFiles(tmp.dir, {
    'parent.yaml': SMALL.replace('instances: 20', 'instances: 300'),
    'kid.yaml': 'extends: parent.yaml\nname: kid\nproxy: { eventlet: { poolSize: 0 } }\n',
  });
  try {
    loadScenarioFile(at('kid.yaml'));
    assert.fail('should not load');
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    assert.deepEqual(
      e.issues.map((i) => [i.file.endsWith('kid.yaml') ? 'kid' : 'parent', i.path]),
      [['kid', 'proxy.eventlet.poolSize']],
    );
  }
  writeFiles(tmp.dir, { 'kid2.yaml': 'extends: parent.yaml\nname: kid2\n' });
  try {
    loadScenarioFile(at('kid2.yaml'));
    assert.fail('should not load');
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    assert.equal(e.issues.length, 1);
    assert.ok(e.issues[0].file.endsWith('parent.yaml'));
    assert.equal(e.issues[0].path, 'topology.networks[0].instances');
  }
});

test('more checks: unknown fields per key, durations, distributions, DHCP ports, client counts', () => {
  writeFiles(tmp.dir, {
    'u.yaml': `${SMALL}agent: { cachettl: 1, foo: 2 }\n`,
    'dur.yaml': `${SMALL.replace('duration: 10m', 'duration: 10 fortnights')}`,
    'dhcp.yaml':
      'name: d\ntopology:\n  dhcpAgents: 3\n  dhcpAgentsPerNetwork: 3\n  networks: [{ name: n1, cidr: 10.0.0.0/24, instances: 251 }]\nclients: [{ kind: chef }]\n',
    'pct.yaml': `${SMALL}`.replace('name: chef-client', 'name: chef-client\n    instances: "150%"'),
    'sel.yaml': `${SMALL}`.replace('name: chef-client', 'name: chef-client\n    instances: 21'),
  });
  assert.deepEqual(
    issues(at('u.yaml')).map((x) => x.split(';')[0]),
    ['agent.cachettl: unknown field (did you mean "cacheTtl"?)', 'agent.foo: unknown field'],
  );
  assert.deepEqual(issues(at('dur.yaml')), [
    'duration: "10 fortnights" is not a duration >= 0 (e.g. 30, "30s", "15m", "24h"; units us, ms, s, m, h, d in lower case)',
  ]);
  assert.deepEqual(issues(at('dhcp.yaml')), [
    'topology.networks[0].instances: 251 instances do not fit in 10.0.0.0/24: it has 250 usable addresses (256 minus network, broadcast, gateway and 3 DHCP port(s))',
  ]);
  assert.deepEqual(issues(at('pct.yaml')), ['clients[0].instances: 150% is over 100%']);
  assert.deepEqual(issues(at('sel.yaml')), ['clients[0].instances: 21 is more than the 20 instances in the topology']);
});

test('field paths: parse, format, set (creating mappings, copying default lists)', () => {
  assert.deepEqual(parsePath('topology.networks[0].instances'), ['topology', 'networks', 0, 'instances']);
  assert.equal(formatPath(['topology', 'networks', 0, 'instances']), 'topology.networks[0].instances');
  for (const bad of ['', 'a..b', 'a.', '[0]', 'a[x]', 'a b']) assert.throws(() => parsePath(bad), PathError, bad);
  const chain = readScenario(join(ROOT, 'scenarios', 'incident.yaml'));
  const base = validateScenario(chain);
  const raw = setPath(chain.raw, parsePath('topology.routers[0].l3Agent'), 0, base) as Record<string, any>;
  assert.deepEqual(raw.topology.routers, [{ name: 'router1', l3Agent: 0 }]);
  const raw2 = setPath(chain.raw, parsePath('nova.cacheExpiration'), '30s', base) as Record<string, any>;
  assert.equal(validateScenario({ ...chain, raw: raw2 }).nova.cacheExpiration, 30);
  assert.equal(chain.raw.nova, undefined, 'the original is not modified');
});

test('--set and --slo parsing', () => {
  assert.deepEqual(splitTopLevel('1,{a: 1, b: 2},[3,4],"x,y"'), ['1', '{a: 1, b: 2}', '[3,4]', '"x,y"']);
  assert.deepEqual(parseSet('proxy.eventlet.poolSize=100,200').values, [100, 200]);
  assert.deepEqual(parseSet('release=mitaka,pike').values, ['mitaka', 'pike']);
  assert.deepEqual(parseSet('agent.cacheTtl=5s,0,true').values, ['5s', 0, true]);
  assert.deepEqual(parseSet('agent.rpcLatency={kind: constant, value: 0.1},0.2').values, [
    { kind: 'constant', value: 0.1 },
    0.2,
  ]);
  assert.deepEqual(parseSlo('p99<2s'), { metric: 'p99', threshold: 2 });
  assert.deepEqual(parseSlo('p99.9 <= 500ms'), { metric: 'p99.9', threshold: 0.5 });
  assert.deepEqual(parseSlo('timeoutRate<1%'), { metric: 'timeoutRate', threshold: 0.01 });
  assert.throws(() => parseSlo('p99>2s'));
  assert.throws(() => parseSlo('timeoutRate<150%'));
});

test('capacity: instances are apportioned proportionally and exactly', () => {
  assert.deepEqual(apportion([500, 500], 101), [51, 50]);
  assert.deepEqual(apportion([250, 250, 250, 250], 1000), [250, 250, 250, 250]);
  assert.deepEqual(apportion([1000, 0], 7), [7, 0]);
  for (const t of [1, 2, 3, 99, 1234])
    assert.equal(
      apportion([3, 5, 7], t).reduce((a, b) => a + b),
      t,
    );
});

test('every shipped scenario loads, has a description, and its instances fit', () => {
  const dir = join(ROOT, 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  for (const f of [
    'incident.yaml',
    'pool-1000.yaml',
    'ohai-keepalive.yaml',
    'haproxy.yaml',
    'split-2x23.yaml',
    'split-4x24.yaml',
    'isolated-metadata.yaml',
    'dvr.yaml',
    'boot-storm.yaml',
  ])
    assert.ok(files.includes(f), f);
  const byName = Object.fromEntries(files.map((f) => [f, loadScenarioFile(join(dir, f)).scenario]));
  for (const [f, s] of Object.entries(byName)) {
    assert.ok(s.description.length > 80, `${f} has a description`);
    assert.equal(
      s.topology.networks.reduce((a, n) => a + n.instances, 0),
      1000,
      `${f}: the story is about 1000 instances`,
    );
  }
  const inc = byName['incident.yaml'];
  assert.equal(inc.topology.networks[0].cidr, '10.0.0.0/22');
  assert.equal(inc.proxy.kind, 'eventlet');
  assert.equal(inc.proxy.eventlet.poolSize, 100);
  assert.equal(inc.release, 'mitaka');
  const chef = inc.clients[0];
  assert.ok(chef.kind === 'chef' && chef.ohai.version === 'pre-995' && chef.schedule === 'daemon');
  assert.equal(byName['pool-1000.yaml'].proxy.eventlet.poolSize, 1000);
  const k = byName['ohai-keepalive.yaml'].clients[0];
  assert.ok(k.kind === 'chef' && k.ohai.version === 'post-995');
  assert.equal(byName['haproxy.yaml'].proxy.kind, 'haproxy');
  assert.deepEqual(
    byName['split-2x23.yaml'].topology.networks.map((n) => [n.cidr, n.instances]),
    [
      ['10.0.0.0/23', 500],
      ['10.0.2.0/23', 500],
    ],
  );
  assert.equal(byName['split-2x23.yaml'].topology.l3Agents, 2);
  assert.deepEqual(
    byName['split-4x24.yaml'].topology.networks.map((n) => n.instances),
    [250, 250, 250, 250],
  );
  assert.equal(byName['isolated-metadata.yaml'].topology.metadataPath, 'isolated');
  assert.equal(byName['dvr.yaml'].topology.metadataPath, 'dvr');
  assert.equal(byName['dvr.yaml'].topology.computeHosts, 20);
  assert.equal(byName['boot-storm.yaml'].clients[0].kind, 'cloud-init');
});
