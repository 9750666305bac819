/**
 * A malformed trace through the CLI: exit 2, one line `trace:LINE: column NAME: reason` (or the
 * client field for a file-level problem), nothing on stdout, nothing written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listDir, nmsim, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
const dir = tmp.dir;
after(tmp.cleanup);

const scenario = (file: string, extra = '') => `name: replay ${file}
duration: 10m
warmup: 0
replications: 1
topology:
  networks:
    - { name: n1, cidr: 10.0.0.0/24, instances: 20 }
clients:
  - kind: replay
    file: traces/${file}
${extra}`;

const cases: [string, string, string][] = [
  ['nan.csv', 'time,instance\n0,1\nsoon,2\n', 'traces/nan.csv:3: column time: "soon" is not a number'],
  [
    'order.csv',
    'time,instance\n0,1\n5,2\n4,3\n',
    "traces/order.csv:4: column time: 4 is before the previous row's time: rows must be in time order",
  ],
  [
    'inst.csv',
    'time,instance\n0,1\n1,2.5\n',
    'traces/inst.csv:3: column instance: 2.5 is not a whole number from 0 to 1000000000',
  ],
  ['fields.csv', 'time,instance,service\n0,1,0.1\n1,2\n', 'traces/fields.csv:3: 2 fields, the header has 3'],
  ['neg.csv', 'time,instance,service\n0,1,-0.5\n', 'traces/neg.csv:2: column service: -0.5 is below 0'],
  [
    'keep.csv',
    'time,instance,session,keepalive\n0,1,a,yes\n',
    'traces/keep.csv:2: column keepalive: "yes" is not 0, 1, true or false',
  ],
  [
    'header.csv',
    'time,instanse\n0,1\n',
    'traces/header.csv:1: column instanse: unknown column (the columns are time, instance, path, session, keepalive, service, hold)',
  ],
  [
    'missing.csv',
    'time,service\n0,1\n',
    'traces/missing.csv:1: column instance: missing from the header (time and instance are required)',
  ],
  ['empty.csv', '', 'traces/empty.csv:1: the file is empty (a CSV trace starts with a header: time,instance,...)'],
];

before(() => {
  const files: Record<string, string> = { 'absent.yaml': scenario('absent.csv') };
  for (const [name, text] of cases) {
    files[`traces/${name}`] = text;
    files[`${name}.yaml`] = scenario(name);
  }
  writeFiles(dir, files);
});

async function fails(file: string): Promise<string[]> {
  const out = join(dir, `out-${file}`);
  const r = await nmsim(['run', file, '--out', out], { cwd: dir });
  assert.equal(r.code, 2, `exit code for ${file}: ${r.stderr}`);
  assert.equal(r.stdout, '', `nothing on stdout for ${file}`);
  assert.deepEqual(listDir(out), [], `no files written for ${file}`);
  return r.stderr.trimEnd().split('\n');
}

test('a malformed trace row: exit 2, file:LINE: column NAME: reason, nothing written', async () => {
  for (const [name, , expected] of cases) assert.deepEqual(await fails(`${name}.yaml`), [expected]);
});

test('a missing trace file is reported against the client field', async () => {
  assert.deepEqual(await fails('absent.yaml'), ['absent.yaml: clients[0].file: "traces/absent.csv": no such file']);
});
