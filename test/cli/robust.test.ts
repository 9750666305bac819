/**
 * `nmsim robust` from the command line: bad ranges are bad input (exit 2, `file: field: reason`,
 * nothing written), a study sharded in two and merged writes the bytes of an unsharded one, and
 * merge refuses robust partials edited, unsealed, or with tasks swapped or out of range.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealPartial } from '../../src/runner/partial-integrity.js';
import { listDir, nmsim, SMALL, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
const dir = tmp.dir;
after(tmp.cleanup);

const FAST = `name: fast
duration: 120
warmup: 0
topology: { networks: [{ name: n, cidr: 10.0.0.0/24, instances: 20 }] }
agent: { responseTime: { kind: constant, value: 0.5 } }
clients: [{ kind: periodic, interval: { kind: exponential, mean: 5 } }]
slo: { metric: p50, threshold: 1 }
ranges:
  agent.responseTime: { low: 0.25, high: 4, shape: log }
`;

before(() =>
  writeFiles(dir, {
    'base.yaml': SMALL,
    'fast.yaml': FAST,
    'inverted.yaml': 'extends: base.yaml\nranges:\n  neutronServer.rpcWorkers: { low: 8, high: 2 }\n',
    'textfield.yaml': 'extends: base.yaml\nranges:\n  proxy.kind: { low: 1, high: 2 }\n',
    'nofield.yaml': 'extends: base.yaml\nranges:\n  agent.rpcServerz: { low: 1, high: 2 }\n',
    'badpath.yaml': 'extends: base.yaml\nranges:\n  "agent..x": { low: 1, high: 2 }\n',
    'zero.yaml': 'extends: base.yaml\nranges:\n  neutronServer.rpcWorkers: { low: 0, high: 4, shape: uniform }\n',
    'zerolog.yaml': 'extends: base.yaml\nranges:\n  neutronServer.backgroundRpcRate: { low: 0, high: 4 }\n',
  }),
);

test('bad ranges: exit 2 naming the file and the field, nothing on stdout, nothing written', async () => {
  const cases: [string, string | RegExp][] = [
    ['inverted.yaml', 'inverted.yaml: ranges.neutronServer.rpcWorkers.low: 8 is above high (2)'],
    [
      'textfield.yaml',
      'textfield.yaml: ranges.proxy.kind: proxy.kind is not numeric (a range needs a number, a duration or a distribution)',
    ],
    ['nofield.yaml', 'nofield.yaml: ranges.agent.rpcServerz: no field agent.rpcServerz in this scenario'],
    ['badpath.yaml', 'badpath.yaml: ranges.agent..x: "agent..x": empty field name'],
    // Within the field's own bounds too: a range reaching 0 RPC workers is no design at all.
    ['zero.yaml', /^zero\.yaml: ranges\.neutronServer\.rpcWorkers\.low: 0 is not a valid value here/],
    // The schema's shape for the field (log-uniform) applies when the scenario gives none.
    [
      'zerolog.yaml',
      'zerolog.yaml: ranges.neutronServer.backgroundRpcRate.low: must be more than 0 for a log-uniform range',
    ],
  ];
  await Promise.all(
    cases.map(async ([file, line]) => {
      const out = join(dir, `out-${file}`);
      const r = await nmsim(['robust', file, '--samples', '4', '-r', '1', '--out', out], { cwd: dir });
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      if (typeof line === 'string') assert.equal(r.stderr.trim(), line);
      else assert.match(r.stderr.trim(), line);
      assert.deepEqual(listDir(out), []);
    }),
  );
  const v = await nmsim(['validate', 'inverted.yaml'], { cwd: dir });
  assert.equal(v.code, 2);
  const s = await nmsim(['robust', 'fast.yaml', '--samples', '1', '--out', join(dir, 'o1')], { cwd: dir });
  assert.equal(s.code, 2);
  assert.match(s.stderr, /--samples must be a whole number from 2 to 10000, got 1/);
});

test('robust sharded in two and merged writes the same JSON and CSV as one run', async () => {
  const args = ['fast.yaml', '--samples', '6', '-r', '2', '-w', '1', '--no-report'];
  const whole = await nmsim(['robust', ...args, '--out', 'whole'], { cwd: dir });
  assert.equal(whole.code, 0, whole.stderr);
  assert.match(whole.stdout, /fast +\d+% \(\d+%–\d+%\) of 6/);
  for (const i of [0, 1]) {
    const r = await nmsim(['robust', ...args, '--shard', `${i}/2`, '--out', 'parts'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
  const m = await nmsim(
    [
      'merge',
      'parts/fast-robust-shard-0-of-2.json',
      'parts/fast-robust-shard-1-of-2.json',
      '--out',
      'merged',
      '--no-report',
    ],
    { cwd: dir },
  );
  assert.equal(m.code, 0, m.stderr);
  for (const f of ['fast-robust.json', 'fast-robust.csv'])
    assert.equal(readFileSync(join(dir, 'merged', f), 'utf8'), readFileSync(join(dir, 'whole', f), 'utf8'), f);
  const bad = await nmsim(['merge', 'parts/fast-robust-shard-0-of-2.json', '--out', 'merged2'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /shard 1 of 2 is missing/);
  assert.deepEqual(listDir(join(dir, 'merged2')), []);
});

test('merge refuses robust partials edited, unsealed, swapped between shards or out of range (exit 2, nothing written)', async () => {
  const args = ['fast.yaml', '--samples', '2', '--no-oat', '-r', '2', '-w', '1', '--no-report', '-q'];
  for (const i of [0, 1]) {
    const r = await nmsim(['robust', ...args, '--shard', `${i}/2`, '--out', 'tamper'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
  type Part = { tasks: Record<string, unknown>[]; digest?: string };
  const read = (i: number): Part =>
    JSON.parse(readFileSync(join(dir, 'tamper', `fast-robust-shard-${i}-of-2.json`), 'utf8')) as Part;
  const [p0, p1] = [read(0), read(1)];
  assert.match(p0.digest ?? '', /^[0-9a-f]{64}$/, 'a robust partial is sealed');
  const reseal = (p: Part, tasks: Record<string, unknown>[]) => {
    const { digest: _d, ...rest } = p;
    return sealPartial({ ...rest, tasks });
  };
  const firstMetric = (t: Record<string, unknown>) => Object.keys(t.result as object)[0];
  const cases: [string, unknown, RegExp][] = [
    [
      'edited',
      { ...p0, tasks: [{ ...p0.tasks[0], result: { [firstMetric(p0.tasks[0])]: 0 } }, ...p0.tasks.slice(1)] },
      /edited\.json: its content does not match its digest/,
    ],
    ['unsealed', { ...p0, digest: undefined }, /unsealed\.json: has no integrity digest/],
    [
      'swapped',
      reseal(p0, [p1.tasks[0], ...p0.tasks.slice(1)]),
      /swapped\.json: task 0 .* does not belong to shard 0\/2/,
    ],
    ['range', reseal(p0, [{ ...p0.tasks[0], replication: 5 }]), /range\.json: task 0: replication 5 is not in 0\.\.1/],
    [
      'point',
      reseal(p0, [{ ...p0.tasks[0], point: 999 }]),
      /point\.json: task 0: point 999 is not one of the \d+ point/,
    ],
  ];
  for (const [name, content, why] of cases) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(content));
    const m = await nmsim(
      ['merge', `${name}.json`, 'tamper/fast-robust-shard-1-of-2.json', '--out', `merged-${name}`],
      { cwd: dir },
    );
    assert.equal(m.code, 2, `${name}: ${m.stderr}`);
    assert.match(m.stderr, why);
    assert.deepEqual(listDir(join(dir, `merged-${name}`)), []);
  }
});
