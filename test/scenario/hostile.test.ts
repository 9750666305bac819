/**
 * One test per reproducer of issue 17 that the loader answers: each file below crashed, hung,
 * took gigabytes or was silently accepted before; each must now be refused naming its field,
 * and `--allow-large` lifts the caps (not the hard limits).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readScenario, validateScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { estimateWork } from '../../src/scenario/bounds.js';
import { compile, DistributionError, type DistSpec } from '../../src/engine/distributions.js';
import { StreamFactory } from '../../src/engine/random.js';
import { parsePath, PathError } from '../../src/scenario/paths.js';
import { tempDir, writeFiles } from '../cli/helpers.js';

const tmp = tempDir('nmsim-hostile-');
after(tmp.cleanup);

const BASE = `name: t
duration: 600
warmup: 0
replications: 1
topology:
  networks: [{name: n, cidr: 10.0.0.0/24, instances: 10}]
`;
const CLIENT = `clients:
  - kind: periodic
    interval: {kind: exponential, mean: 60}
`;

let n = 0;
/** Loads BASE (+ the default client) with the top-level fields of `extra` set over it. */
function load(extra: string, opts: { allowLarge?: boolean } = {}) {
  const data = parseYaml(`${BASE}${CLIENT}`) as Record<string, unknown>;
  const over = parseYaml(extra) as Record<string, unknown>;
  // defineProperty: a `__proto__` key stays a key, as the loader reads it.
  for (const [k, v] of Object.entries(over))
    Object.defineProperty(data, k, { value: v, enumerable: true, writable: true, configurable: true });
  const name = `s${n++}.json`;
  writeFiles(tmp.dir, { [name]: JSON.stringify(data) });
  return validateScenario(readScenario(join(tmp.dir, name)), [], opts);
}

function refused(extra: string, path: string, why: RegExp, opts: { allowLarge?: boolean } = {}): void {
  assert.throws(
    () => load(extra, opts),
    (e: unknown) => {
      assert.ok(e instanceof ScenarioError, `${extra}: ${String(e)}`);
      const hit = e.issues.find((i) => i.path === path);
      assert.ok(hit, `${extra}: expected ${path}, got ${e.message}`);
      assert.match(hit.message, why);
      return true;
    },
  );
}

test('caps: 1e9 agent workers, CPUs, Nova workers, L3 and DHCP agents are refused naming the field; --allow-large lifts the cap', () => {
  refused('agent: {workers: 1000000000}', 'agent.workers', /over the cap of 1024 .*--allow-large/);
  refused('agent: {hostCpus: 1000000000}', 'agent.hostCpus', /over the cap of 2048/);
  refused('nova: {workers: 1000000000}', 'nova.workers', /over the cap of 1024/);
  refused(
    'topology: {l3Agents: 1000000000, networks: [{name: n, cidr: 10.0.0.0/24, instances: 10}]}',
    'topology.l3Agents',
    /over the cap of 10000/,
  );
  refused(
    'topology: {dhcpAgents: 1000000000, networks: [{name: n, cidr: 10.0.0.0/24, instances: 10}]}',
    'topology.dhcpAgents',
    /over the cap of 10000/,
  );
  refused('replications: 1000000', 'replications', /over the cap of 1000 replications/);
  assert.equal(load('agent: {workers: 2000}', { allowLarge: true }).agent.workers, 2000);
});

test('simulated time: 100 years is over the hard limit of 1e9 s; 100 days over the 90-day cap unless --allow-large', () => {
  refused('duration: 3153600000', 'duration', /over the maximum of 1000000000 s/);
  refused('duration: 1e308', 'duration', /over the maximum/);
  refused('duration: 100d', 'duration', /8640000 is over the cap of 7776000/);
  assert.equal(load('duration: 100d', { allowLarge: true }).duration, 8_640_000);
  refused('duration: 3153600000', 'duration', /over the maximum/, { allowLarge: true });
});

test('work and memory: 1e6 instances x 27 held connections (~53 GiB) and 5e8+ requests are refused with their numbers', () => {
  const big = `topology:
  networks: [{name: n, cidr: 10.0.0.0/8, instances: 1000000}]
clients: [{kind: chef}]`;
  refused(big, 'topology.networks', /1000000 instances holding up to 27000000 connections need about 5[0-9]\.\d GiB/);
  // 10 instances polling every 1 ms for 90 days: ~7.8e10 requests.
  refused(
    'duration: 90d\nclients: [{kind: periodic, interval: 0.001}]',
    'duration',
    /about 7\.8e\+10 requests .* over the cap of 5\.0e\+8/,
  );
});

test('the work estimate of the incident: 1000 chef instances, 28 requests per run every ~34 min, 5 replications', () => {
  const s = validateScenario(readScenario(join(tmpRoot(), 'scenarios', 'incident.yaml')));
  const w = estimateWork(s);
  // 1000 x (16200 s / (1800 + 150 + 62.75 s mean restOfRun) + 1) x 28 requests x 5 replications = 1,266,900.
  assert.equal(Math.round(w.requests / 1000), 1267);
  assert.equal(w.connections, 27_000);
});

function tmpRoot(): string {
  return new URL('../../../', import.meta.url).pathname;
}

test('lower bounds: zero sampleInterval, initial RTO, duration and cron period refused; a periodic interval of mean 0 refused', () => {
  refused('sampleInterval: 0', 'sampleInterval', /must be more than 0/);
  refused('kernel: {initialRto: 0}', 'kernel.initialRto', /must be more than 0/);
  refused('duration: 0', 'duration', /must be more than 0/);
  refused('clients: [{kind: chef, schedule: cron, cronPeriod: 0}]', 'clients[0].cronPeriod', /must be more than 0/);
  refused('clients: [{kind: periodic, interval: 0}]', 'clients[0].interval', /mean interval must be more than 0/);
  refused('sampleInterval: 0.000001', 'sampleInterval', /points per time series, over the cap/);
  refused('agent: {backlog: 1e308}', 'agent.backlog', /over the maximum of 9007199254740991/);
});

test('zero timeouts: refused where the real software fails with 0, kept where it documents 0 as none', () => {
  // oslo.messaging times a call out at once; Net::HTTP's wait_readable(0) raises ReadTimeout;
  // ohai's IO.select(..., 0) only polls; urllib3 refuses a 0 timeout (cloud-init's requests).
  refused('agent: {rpcTimeout: 0}', 'agent.rpcTimeout', /must be more than 0/);
  refused('clients: [{kind: chef, ohai: {readTimeout: 0}}]', 'clients[0].ohai.readTimeout', /must be more than 0/);
  refused('clients: [{kind: chef, ohai: {probeTimeout: 0}}]', 'clients[0].ohai.probeTimeout', /must be more than 0/);
  refused('clients: [{kind: cloud-init, timeout: 0}]', 'clients[0].timeout', /must be more than 0/);
  refused('clients: [{kind: cloud-init, datasource: ec2, waitTimeout: 0}]', 'clients[0].waitTimeout', /more than 0/);
  // 0 = none or never where the real software says so: neutron's client_socket_timeout, Ruby's
  // Timeout.timeout(0) for Net::HTTP's open_timeout, HAProxy's unset timeouts, the Nova call with no
  // timeout before 2024.1, and the model's own generic poller.
  const s = load(
    'agent: {novaTimeout: 0, cacheTtl: 0}\nproxy: {kind: haproxy, haproxy: {timeoutServer: 0, timeoutClient: 0, timeoutHttpRequest: 0, timeoutHttpKeepAlive: 0, timeoutQueue: 0, timeoutConnect: 0}, eventlet: {clientSocketTimeout: 0}}\nclients: [{kind: chef, ohai: {openTimeout: 0}}, {kind: periodic, interval: 60, timeout: 0}]',
  );
  assert.equal(s.agent.novaTimeout, 0);
  assert.equal(s.proxy.haproxy.timeoutQueue, 0);
  assert.equal(s.proxy.eventlet.clientSocketTimeout, 0);
  const [chef, poller] = s.clients;
  assert.equal(chef.kind === 'chef' && chef.ohai.openTimeout, 0);
  assert.equal(poller.kind === 'periodic' && poller.timeout, 0);
});

test('units are case-sensitive: "5M" is an error, "5m" is 300 s, "1E3" seconds still a number', () => {
  refused('sampleInterval: 5M', 'sampleInterval', /units us, ms, s, m, h, d in lower case/);
  assert.equal(load('sampleInterval: 5m').sampleInterval, 300);
  assert.equal(load('sampleInterval: 1E1s').sampleInterval, 10);
});

test('anchored patterns: kernel.version "4.15; rm -rf /" refused, "5.15.0-91-generic" accepted', () => {
  refused('kernel: {version: "4.15; rm -rf /"}', 'kernel.version', /not in the expected format/);
  assert.equal(load('kernel: {version: 5.15.0-91-generic}').kernel.version, '5.15.0-91-generic');
});

test('unknown keys everywhere: __proto__ at the top and inside a section, constructor, and --set __proto__', () => {
  refused('__proto__: {x: 1}', '__proto__', /not allowed/);
  refused('agent: {__proto__: {poolSize: 1}}', 'agent.__proto__', /not allowed/);
  refused('nova: {constructor: 1}', 'nova.constructor', /not allowed/);
  assert.equal(({} as Record<string, unknown>).x, undefined, 'Object.prototype untouched');
  assert.throws(() => parsePath('__proto__.polluted'), PathError);
});

test('distributions: a misspelt, a mixed or a malformed parameter set is refused naming the parameter', () => {
  const d = (spec: string) => `agent: {cpuPerRequest: ${spec}}`;
  refused(d('{kind: uniform, min: 0, mni: 1, max: 2}'), 'agent.cpuPerRequest.mni', /did you mean "min"/);
  refused(
    d('{kind: lognormal, median: 1, p99: 2, mean: 3}'),
    'agent.cpuPerRequest.mean',
    /cannot be combined with median and p99/,
  );
  refused(d('{kind: mixture, components: [{weight: 1}]}'), 'agent.cpuPerRequest.components[0].dist', /missing/);
  refused(d('{kind: mixture, components: [null]}'), 'agent.cpuPerRequest.components[0]', /mapping \{weight, dist\}/);
  refused(
    d('{kind: mixture, components: [{weight: 1, dist: null}]}'),
    'agent.cpuPerRequest.components[0].dist',
    /got null/,
  );
  refused(d('{kind: empirical, quantiles: [1, 2]}'), 'agent.cpuPerRequest.quantiles[0]', /\[p, value\] pair/);
  refused(d('{kind: gamma, mean: 1, cv: 1e-200}'), 'agent.cpuPerRequest.cv', /cv must be >= 1e-6/);
  refused(d('null'), 'agent.cpuPerRequest', /got null/);
  refused(
    d('{kind: lognormal, mu: 700, sigma: 1}'),
    'agent.cpuPerRequest.mu',
    /mean of 1\.67\d*e\+304 s; at most 1000000000 s/,
  );
});

/** First draws of seed 5, stream "x", from the switch-based compile of commit 1188341. */
const firstBefore = { lognormal: 0.0034786174277329097, gamma: 1.4370662716820264 };

test('the registry draws exactly as before: lognormal median/p99 and gamma mean/cv first draws', () => {
  const first = (spec: DistSpec) => compile(spec, new StreamFactory(5).stream('x')).sample();
  // Pinned from the switch-based compile before the registry (same stream, same order).
  assert.equal(first({ kind: 'lognormal', median: 0.002, p99: 0.008 }), firstBefore.lognormal);
  assert.equal(first({ kind: 'gamma', mean: 1, cv: 0.5 }), firstBefore.gamma);
  assert.throws(
    () => compile({ kind: 'gamma', mean: 1, cv: 0 } as DistSpec, new StreamFactory(1).stream('y')),
    (e: unknown) => e instanceof DistributionError && e.param === 'cv',
  );
});

test('text: control characters in a name are refused and shown escaped; a 6000-character name is refused', () => {
  refused(
    'clients: [{kind: periodic, name: "a\\e[31mred\\nok  x.yaml", interval: 5}]',
    'clients[0].name',
    /control characters: "a\\u001b\[31mred\\nok {2}x\.yaml"/,
  );
  refused(`clients: [{kind: periodic, name: ${'x'.repeat(6000)}, interval: 5}]`, 'clients[0].name', /6000 characters/);
});

test('files: a 30,000-value list is refused before parsing; extends errors name the referring file and never quote the parent', () => {
  writeFiles(tmp.dir, {
    'long.json': JSON.stringify({ name: 'x', samples: new Array(30_000).fill(1) }),
    'bad-parent.yaml': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n  : :\n',
    'child.yaml': 'name: c\nextends: bad-parent.yaml\n',
  });
  assert.throws(
    () => readScenario(join(tmp.dir, 'long.json')),
    (e: unknown) => e instanceof ScenarioError && /about 30000 values/.test(e.message),
  );
  assert.throws(
    () => readScenario(join(tmp.dir, 'child.yaml')),
    (e: unknown) =>
      e instanceof ScenarioError &&
      e.issues[0].path === 'extends' &&
      /child\.yaml$/.test(e.issues[0].file) &&
      !/root|daemon|bash/.test(e.message),
  );
});
