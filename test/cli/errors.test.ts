/**
 * Bad input of many kinds: every one exits with code 2, prints the documented
 * `file: field: reason` lines on stderr, prints nothing on stdout and writes nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
const dir = tmp.dir;
after(tmp.cleanup);

before(() =>
  writeFiles(dir, {
    'base.yaml': SMALL,
    'syntax.yaml': 'name: x\ntopology:\n  networks: [\n  - a: b\n',
    'wrongtype.yaml':
      'extends: base.yaml\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/24, instances: many }\n',
    'cidr.yaml':
      'extends: base.yaml\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/24, instances: 20 }\n    - { name: n2, cidr: 10.0.0.0/33, instances: 20 }\n',
    'negrate.yaml': 'extends: base.yaml\nclients:\n  - kind: periodic\n    interval: { kind: exponential, mean: -5 }\n',
    'negslo.yaml': 'extends: base.yaml\nslo: { metric: p99, threshold: -1 }\n',
    'unknown.yaml': 'extends: base.yaml\nproxy:\n  eventlet:\n    poolsize: 5\n',
    'huge.yaml':
      'extends: base.yaml\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/8, instances: 1000000000 }\n',
    'toomany.yaml':
      'extends: base.yaml\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/24, instances: 253 }\n',
    'cyc1.yaml': 'extends: cyc2.yaml\nname: c1\n',
    'cyc2.yaml': 'extends: cyc1.yaml\n',
    'missing-ext.yaml': 'extends: nope.yaml\nname: m\n',
    'parent-bad.yaml': SMALL.replace('10.0.0.0/24', '10.0.0.0/40'),
    'child-of-bad.yaml': 'extends: parent-bad.yaml\nname: child\n',
    'kind.yaml': 'extends: base.yaml\nclients:\n  - kind: puppet\n',
    'refs.yaml':
      'extends: base.yaml\ntopology:\n  networks:\n    - { name: n1, cidr: 10.0.0.0/24, instances: 20, router: r9 }\n    - { name: n1, cidr: 10.0.1.0/24, instances: 5 }\nclients:\n  - kind: chef\n    instances: 30\n    networks: [n1, n7]\n',
    'empty.yaml': '',
    'list.yaml': '- a\n- b\n',
  }),
);

/** Runs `nmsim run <file>` and checks the failure contract; returns stderr lines. */
async function fails(file: string, args: string[] = []): Promise<string[]> {
  const out = join(dir, `out-${file}`);
  const r = await nmsim(['run', file, '--out', out, ...args], { cwd: dir });
  assert.equal(r.code, 2, `exit code for ${file}: ${r.stderr}`);
  assert.equal(r.stdout, '', `nothing on stdout for ${file}`);
  assert.deepEqual(listDir(out), [], `no files written for ${file}`);
  return r.stderr.trimEnd().split('\n');
}

const cases: [string, (string | RegExp)[]][] = [
  ['syntax.yaml', [/^syntax\.yaml: YAML syntax error at line 4, column 3: \S/]],
  ['wrongtype.yaml', ['wrongtype.yaml: topology.networks[0].instances: expected a number, got "many"']],
  ['cidr.yaml', ['cidr.yaml: topology.networks[1].cidr: "10.0.0.0/33" has prefix /33, over /32']],
  ['negrate.yaml', ['negrate.yaml: clients[0].interval.mean: exponential mean must be > 0, got -5']],
  ['negslo.yaml', ['negslo.yaml: slo.threshold: -1 is below the minimum of 0']],
  ['unknown.yaml', [/^unknown\.yaml: proxy\.eventlet\.poolsize: unknown field \(did you mean "poolSize"\?\)/]],
  ['huge.yaml', ['huge.yaml: topology.networks[0].instances: 1000000000 is over the maximum of 1000000 instances']],
  [
    'toomany.yaml',
    [
      'toomany.yaml: topology.networks[0].instances: 253 instances do not fit in 10.0.0.0/24: it has 252 usable addresses (256 minus network, broadcast, gateway and 1 DHCP port(s))',
    ],
  ],
  ['cyc1.yaml', ['cyc2.yaml: extends: cycle: cyc1.yaml -> cyc2.yaml -> cyc1.yaml']],
  ['missing-ext.yaml', ['missing-ext.yaml: extends: cannot read "nope.yaml": no such file']],
  ['does-not-exist.yaml', ['does-not-exist.yaml: no such file']],
  // A field set in the parent is reported against the parent file.
  ['child-of-bad.yaml', [/^parent-bad\.yaml: topology\.networks\[0\]\.cidr: "10\.0\.0\.0\/40" /]],
  [
    'kind.yaml',
    [
      'kind.yaml: clients[0].kind: "puppet" is not a known kind (expected one of "chef", "cloud-init", "periodic", "replay")',
    ],
  ],
  [
    'refs.yaml',
    [
      'refs.yaml: topology.networks[0].router: no router named "r9" (routers: "router1")',
      'refs.yaml: topology.networks[1].name: duplicate network name "n1" (also topology.networks[0])',
      'refs.yaml: clients[0].networks[1]: no network named "n7" (networks: "n1")',
      'refs.yaml: clients[0].instances: 30 is more than the 20 instances on its networks',
    ],
  ],
  ['empty.yaml', ['empty.yaml: the file is empty (a scenario needs at least name, topology and clients)']],
  ['list.yaml', ['list.yaml: the top level must be a mapping of fields (name, topology, clients, ...)']],
];

test('bad scenario files: one line per problem naming file and field (validate, all at once)', async () => {
  const r = await nmsim(['validate', ...cases.map(([f]) => f)], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  const expected = cases.flatMap(([, e]) => e);
  assert.equal(lines.length, expected.length, r.stderr);
  expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(lines[i], e) : assert.match(lines[i], e)));
});

test('run with a bad file: exit 2, the error lines on stderr, nothing on stdout, nothing written', async () => {
  const kinds = ['syntax.yaml', 'cidr.yaml', 'huge.yaml', 'cyc1.yaml', 'does-not-exist.yaml', 'unknown.yaml'];
  await Promise.all(
    kinds.map(async (file) => {
      const lines = await fails(file);
      const expected = cases.find(([f]) => f === file)![1];
      assert.equal(lines.length, expected.length, lines.join('\n'));
      expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(lines[i], e) : assert.match(lines[i], e)));
    }),
  );
});

test('validate reports every bad file and exits 2; good files pass', async () => {
  const r = await nmsim(['validate', 'base.yaml', 'cidr.yaml', 'huge.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^ok {2}base\.yaml: small \(20 instances, sha256 [0-9a-f]{12}\)$/m);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    'cidr.yaml: topology.networks[1].cidr: "10.0.0.0/33" has prefix /33, over /32',
    'huge.yaml: topology.networks[0].instances: 1000000000 is over the maximum of 1000000 instances',
  ]);
  const j = await nmsim(['validate', 'base.yaml', 'cidr.yaml', '--json'], { cwd: dir });
  assert.equal(j.code, 2);
  const reports = JSON.parse(j.stdout) as { file: string; valid: boolean; issues: unknown[] }[];
  assert.deepEqual(
    reports.map((x) => [x.file, x.valid, x.issues.length]),
    [
      ['base.yaml', true, 0],
      ['cidr.yaml', false, 1],
    ],
  );
});

test('compare and sweep reject bad files and bad --set values the same way', async () => {
  const out = join(dir, 'out-studies');
  const [c, s, s2] = await Promise.all([
    nmsim(['compare', 'base.yaml', 'cidr.yaml', '--out', out], { cwd: dir }),
    nmsim(['sweep', 'base.yaml', '--set', 'proxy.eventlet.poolSize=10,0', '--out', out], { cwd: dir }),
    nmsim(['sweep', 'base.yaml', '--set', 'topology.networks[0].instances=10,300', '--out', out], { cwd: dir }),
  ]);
  assert.equal(c.code, 2);
  assert.equal(c.stderr.trim(), 'cidr.yaml: topology.networks[1].cidr: "10.0.0.0/33" has prefix /33, over /32');
  assert.equal(s.code, 2);
  assert.equal(
    s.stderr.trim(),
    '--set proxy.eventlet.poolSize=0: proxy.eventlet.poolSize: 0 is below the minimum of 1',
  );
  assert.equal(s2.code, 2);
  assert.match(
    s2.stderr.trim(),
    /^--set topology\.networks\[0\]\.instances=300: topology\.networks\[0\]\.instances: 300 instances do not fit in 10\.0\.0\.0\/24/,
  );
  assert.deepEqual(listDir(out), []);
});

test('capacity --set: the same parsing and messages as sweep, exit 2, nothing written', async () => {
  const out = join(dir, 'out-capacity-set');
  const runs = await Promise.all([
    nmsim(['capacity', 'base.yaml', '--set', 'proxy.eventlet.poolSize=0', '--out', out], { cwd: dir }),
    nmsim(['capacity', 'base.yaml', '--set', 'proxy..poolSize=1', '--out', out], { cwd: dir }),
    nmsim(['capacity', 'base.yaml', '--set', 'proxy.eventlet.poolSize=10,20', '--out', out], { cwd: dir }),
    nmsim(['capacity', 'base.yaml', '--budget', 'soon', '--out', out], { cwd: dir }),
  ]);
  for (const r of runs) {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
  }
  assert.equal(
    runs[0].stderr.trim(),
    '--set proxy.eventlet.poolSize=0: proxy.eventlet.poolSize: 0 is below the minimum of 1',
  );
  assert.match(runs[1].stderr, /^--set proxy\.\.poolSize=1: "proxy\.\.poolSize": empty field name/);
  assert.match(runs[2].stderr, /^--set proxy\.eventlet\.poolSize: capacity takes one value per field/);
  assert.match(runs[3].stderr, /--budget soon: expected a duration > 0/);
  assert.deepEqual(listDir(out), []);
});

test('usage errors exit 2 with a message and write nothing', async () => {
  const out = join(dir, 'out-usage');
  const runs = await Promise.all([
    nmsim([], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--bogus', '--out', out], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--replications', '0', '--out', out], { cwd: dir }),
    nmsim(['compare', 'base.yaml', '--out', out], { cwd: dir }),
    nmsim(['sweep', 'base.yaml', '--set', 'a=1', '--set', 'b=2', '--set', 'c=3', '--out', out], { cwd: dir }),
    nmsim(['sweep', 'base.yaml', '--set', 'proxy..poolSize=1', '--out', out], { cwd: dir }),
    nmsim(['capacity', 'base.yaml', '--slo', 'p42<2s', '--out', out], { cwd: dir }),
    nmsim(['capacity', 'base.yaml', '--vary', 'proxy.eventlet.poolSize', '--out', out], { cwd: dir }),
  ]);
  for (const r of runs) {
    assert.equal(r.code, 2, r.stderr);
    assert.notEqual(r.stderr.trim(), '');
    assert.equal(r.stdout, '');
  }
  assert.match(runs[0].stderr, /Give a command/);
  assert.match(runs[1].stderr, /Unknown argument: bogus/);
  assert.match(runs[2].stderr, /--replications must be a whole number >= 1/);
  assert.match(runs[3].stderr, /at least two scenario files/);
  assert.match(runs[4].stderr, /one or two --set parameters/);
  assert.match(runs[5].stderr, /--set proxy\.\.poolSize=1: "proxy\.\.poolSize": empty field name/);
  assert.match(runs[6].stderr, /--slo "p42<2s": expected metric>=share for runSuccess or metric<threshold/);
  assert.match(runs[7].stderr, /--vary proxy\.eventlet\.poolSize: give the range with --lo and --hi/);
  assert.deepEqual(listDir(out), []);
});

test('run and compare take --set path=value with sweep’s parsing and errors; one value per field', async () => {
  const out = join(dir, 'out-set');
  const runs = await Promise.all([
    nmsim(['run', 'base.yaml', '--set', 'proxy.eventlet.poolSize=0', '--out', out], { cwd: dir }),
    nmsim(['compare', 'base.yaml', 'base.yaml', '--set', 'proxy.eventlet.poolSize=0', '--out', out], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--set', 'proxy.eventlet.poolSize=10,20', '--out', out], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--set', 'proxy..poolSize=1', '--out', out], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--set', 'seed=1', '--set', 'seed=2', '--out', out], { cwd: dir }),
    nmsim(['run', 'base.yaml', '--set', 'poolSize', '--out', out], { cwd: dir }),
  ]);
  for (const r of runs) {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
  }
  const poolZero = '--set proxy.eventlet.poolSize=0: proxy.eventlet.poolSize: 0 is below the minimum of 1';
  assert.equal(runs[0].stderr.trim(), poolZero, 'the message sweep gives');
  assert.equal(runs[1].stderr.trim(), `${poolZero}\n${poolZero}`, 'compare sets every scenario, reports each');
  assert.equal(
    runs[2].stderr.trim(),
    '--set proxy.eventlet.poolSize=10,20: give one value (2 given); to run a list of values, use nmsim sweep',
  );
  assert.match(runs[3].stderr, /--set proxy\.\.poolSize=1: "proxy\.\.poolSize": empty field name/);
  assert.equal(runs[4].stderr.trim(), '--set seed is given twice');
  assert.match(runs[5].stderr, /--set poolSize: expected path=value1,value2/);
  assert.deepEqual(listDir(out), []);
});

test('each command accepts only the options it uses: schema -w 3, validate --seed, merge --workers exit 2', async () => {
  const runs = await Promise.all([
    nmsim(['schema', '-w', '3'], { cwd: dir }),
    nmsim(['validate', 'base.yaml', '--seed', '3'], { cwd: dir }),
    nmsim(['merge', 'x.json', '--workers', '2'], { cwd: dir }),
    nmsim(['schema', '--help'], { cwd: dir }),
    nmsim(['validate', '--help'], { cwd: dir }),
  ]);
  for (const r of runs.slice(0, 3)) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Unknown argument/);
  }
  assert.doesNotMatch(runs[3].stdout, /--workers|--seed|--out|--replications|--json/);
  assert.doesNotMatch(runs[4].stdout, /--workers|--seed|--out|--replications|--report/);
  assert.match(runs[4].stdout, /--json/);
});
