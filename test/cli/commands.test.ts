/**
 * Every command of the built binary on small scenarios: exit codes, files written, and the
 * JSON output agreeing with the printed tables.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capacityText, comparison, summary, sweepTable } from '../../src/cli/format.js';
import { unconfirmedNote } from '../../src/cli/robust-text.js';
import type { CapacityFile, CapacityResult, CompareResult, SweepResult, SweepTable } from '../../src/cli/types.js';
import type { ScenarioResult } from '../../src/stats/results.js';
import { listDir, nmsim, ROOT, SMALL, tempDir, writeFiles } from './helpers.js';

const tmp = tempDir();
const dir = tmp.dir;
after(tmp.cleanup);

before(() =>
  writeFiles(dir, {
    'small.yaml': SMALL,
    'small-pool.yaml': 'extends: small.yaml\nname: small pool 5\nproxy:\n  eventlet:\n    poolSize: 5\n',
    // A chain: grandchild -> child -> small.
    'child.yaml': 'extends: small.yaml\nname: child\nproxy:\n  eventlet:\n    poolSize: 7\nagent:\n  poolSize: 50\n',
    'sub/grandchild.yaml': '',
  }),
);

const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
/** The printed text before the "wrote ..." lines. */
const body = (stdout: string): string => stdout.slice(0, stdout.indexOf('\n\nwrote ')).trimEnd();

test('--help of every command has usage and examples', async () => {
  const runs = await Promise.all(
    [[], ['run'], ['compare'], ['sweep'], ['capacity'], ['validate'], ['schema'], ['robust']].map((c) =>
      nmsim([...c, '--help']),
    ),
  );
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Examples:/);
  }
  assert.match(runs[1].stdout, /--seed/);
  assert.match(runs[1].stdout, /--replications/);
  assert.match(runs[1].stdout, /--json/);
  assert.match(runs[1].stdout, /--out/);
  assert.match(runs[1].stdout, /--quiet/);
});

test('run: summary table, JSON, latency CSV and HTML report; --json matches the table and the file', async () => {
  const out = join(dir, 'run');
  const r = await nmsim(['run', 'small.yaml', '--out', out], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  // Without a terminal, progress is logged: the batch, then each replication with an ETA.
  // SMALL measures 10 min, under 3 chef cycles: its run-length warnings come beside them.
  const log = r.stderr
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('warning: small: chef-client: '));
  assert.equal(log.length, 3, r.stderr);
  assert.match(log[0], /^nmsim: small: replications 1-2 \| 0\/2 replications done \| elapsed \d+s \| ETA \?$/);
  assert.match(log[1], /^nmsim: 1\/2 replications done \| elapsed \d+s \| ETA \d+s$/);
  assert.match(log[2], /^nmsim: 2\/2 replications done \| elapsed \d+s \| ETA 0s$/);
  assert.deepEqual(listDir(out), ['small-latency.csv', 'small.html', 'small.json']);
  assert.match(r.stdout, /\nwrote run\/small\.json\nwrote run\/small-latency\.csv\nwrote run\/small\.html\n$/);
  const html = readFileSync(join(out, 'small.html'), 'utf8');
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /<\/html>\s*$/);

  const fromFile = readJson<ScenarioResult>(join(out, 'small.json'));
  // The summary, then the line naming the unconfirmed parameters used at default.
  const note = unconfirmedNote([fromFile.scenario], ['small.yaml']);
  assert.match(
    note,
    /^Unconfirmed parameters at their defaults \(16\): agent\.cpuPerRequest, .*nmsim robust small\.yaml$/,
  );
  assert.equal(body(r.stdout), `${summary(fromFile)}\n\n${note}`);
  assert.equal(fromFile.meta.name, 'small');
  assert.equal(fromFile.meta.file, 'small.yaml');
  assert.equal(fromFile.meta.replications, 2);
  assert.match(fromFile.meta.hash, /^[0-9a-f]{64}$/);

  const j = await nmsim(['run', 'small.yaml', '--out', join(dir, 'run-json'), '--json', '--no-report'], { cwd: dir });
  assert.equal(j.code, 0, j.stderr);
  const printed = JSON.parse(j.stdout) as ScenarioResult;
  assert.deepEqual(printed, fromFile, 'same seed, same result; --json prints the file');
  assert.equal(`${summary(printed)}\n\n${note}`, body(r.stdout), '--json output matches the printed table');
  assert.match(j.stderr, /wrote run-json\/small\.json/);

  // The CSV carries the same numbers, to the 12 significant digits that leave no residue.
  const csv = readFileSync(join(out, 'small-latency.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv[0], 'section,key,mean,ci_low,ci_high,bin_low_s,bin_high_s,count,cumulative_fraction');
  const p99 = csv.find((l) => l.startsWith('latency,p99,'))!.split(',');
  assert.equal(Number(p99[2]), Number(fromFile.latency.p99.mean.toPrecision(12)));
  const stages = csv.filter((l) => l.startsWith('stage,'));
  assert.equal(stages.length, 7);
  const bins = csv.filter((l) => l.startsWith('histogram,')).map((l) => l.split(','));
  assert.equal(
    bins.reduce((a, b) => a + Number(b[7]), 0),
    fromFile.histogram.count,
  );
  assert.equal(Number(bins[bins.length - 1][8]), 1);
});

test('run --quiet prints nothing and still writes; --seed changes the draws', async () => {
  const out = join(dir, 'quiet');
  const q = await nmsim(['run', 'small.yaml', '--out', out, '--quiet', '--no-report', '--seed', '99'], { cwd: dir });
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.stdout, '');
  assert.equal(q.stderr, '');
  assert.deepEqual(listDir(out), ['small-latency.csv', 'small.json']);
  const r = readJson<ScenarioResult>(join(out, 'small.json'));
  assert.equal(r.meta.seed, 99);
  const base = readJson<ScenarioResult>(join(dir, 'run', 'small.json'));
  assert.notDeepEqual(r.histogram, base.histogram);
});

test('extends chains resolve: child fields win, the rest comes from the parent', async () => {
  writeFiles(dir, { 'sub/grandchild.yaml': 'extends: ../child.yaml\nname: grandchild\nduration: 5m\n' });
  const r = await nmsim(['run', 'sub/grandchild.yaml', '--json', '--no-report', '--out', join(dir, 'chain')], {
    cwd: dir,
  });
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as ScenarioResult & { scenario: Record<string, any> };
  assert.equal(res.meta.name, 'grandchild');
  assert.equal(res.meta.duration, 300);
  assert.equal(res.scenario.proxy.eventlet.poolSize, 7);
  assert.equal(res.scenario.agent.poolSize, 50);
  assert.equal(res.scenario.topology.networks[0].instances, 20);
  assert.equal(res.scenario.extends, undefined);
  assert.deepEqual(listDir(join(dir, 'chain')), ['grandchild-latency.csv', 'grandchild.json']);
});

test('a file extending another without a description says the text is inherited; --set renames the run', async () => {
  writeFiles(dir, { 'nodesc.yaml': 'extends: small.yaml\nname: no description\nduration: 5m\n' });
  const r = await nmsim(
    ['run', 'nodesc.yaml', '--set', 'proxy.eventlet.poolSize=9', '--json', '--no-report', '--out', join(dir, 'nodesc')],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as ScenarioResult & { scenario: Record<string, any> };
  assert.equal(
    res.meta.description,
    'No description of its own; small.yaml (which it extends) says: A small test scenario.',
  );
  assert.equal(res.meta.name, 'no description [proxy.eventlet.poolSize=9]');
  assert.equal(res.scenario.proxy.eventlet.poolSize, 9);
  // 5 min measured is less than 3 chef cycles of 35 min: warned on stderr, not on stdout.
  assert.match(
    r.stderr,
    /warning: no description \[proxy\.eventlet\.poolSize=9\]: chef-client: 300 s measured spans fewer than 3 cycles/,
  );
});

test('compare: same seed for all, paired differences; results equal what run gives', async () => {
  const out = join(dir, 'compare');
  const r = await nmsim(['compare', 'small.yaml', 'small-pool.yaml', '--out', out, '--no-report'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listDir(out), ['compare-small-vs-small-pool.csv', 'compare-small-vs-small-pool.json']);
  const c = readJson<CompareResult>(join(out, 'compare-small-vs-small-pool.json'));
  const note = unconfirmedNote(
    c.results.map((x) => x.scenario),
    ['small.yaml', 'small-pool.yaml'],
  );
  assert.equal(body(r.stdout), `${comparison(c)}\n\n${note}`);
  assert.equal(c.kind, 'compare');
  assert.equal(c.results.length, 2);
  assert.equal(c.differences.length, 1);
  assert.equal(c.differences[0].replications, 2);
  assert.ok(c.results.every((x) => x.meta.seed === 3));
  // The baseline's result is exactly `nmsim run`'s (same scenario, seed and replications).
  const run = readJson<ScenarioResult>(join(dir, 'run', 'small.json'));
  assert.deepEqual(c.results[0], run);
  // A pool of 5 is worse than 100; the paired difference of the mean latency says so.
  assert.ok(c.differences[0].metrics.mean.mean > 0);
  const j = await nmsim(['compare', 'small.yaml', 'small-pool.yaml', '--json', '--no-report', '--out', out], {
    cwd: dir,
  });
  assert.deepEqual(JSON.parse(j.stdout), c);
});

test('sweep: a 2x2 grid, table on stdout, JSON/CSV files; --json prints the table', async () => {
  const out = join(dir, 'sweep');
  const args = ['sweep', 'small.yaml', '--set', 'proxy.eventlet.poolSize=5,100', '--set', 'release=mitaka,pike'];
  const r = await nmsim([...args, '--out', out, '--no-report'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listDir(out), ['small-sweep.csv', 'small-sweep.json']);
  const sw = readJson<SweepResult>(join(out, 'small-sweep.json'));
  assert.deepEqual(
    sw.rows.map((x) => x.values),
    [
      [5, 'mitaka'],
      [5, 'pike'],
      [100, 'mitaka'],
      [100, 'pike'],
    ],
  );
  assert.deepEqual(
    sw.rows.map((x) => x.index),
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
  );
  assert.equal(sw.points.length, 4);
  assert.equal(sw.points[1].result.scenario && (sw.points[1].result.scenario as any).proxy.kind, 'haproxy');
  assert.equal((sw.points[0].result.scenario as any).proxy.eventlet.poolSize, 5);
  const { points: _points, ...table } = sw;
  assert.equal(body(r.stdout), sweepTable(table));
  const csv = readFileSync(join(out, 'small-sweep.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv.length, 5);
  assert.match(csv[0], /^proxy\.eventlet\.poolSize,release,runSuccess,runSuccess_ci_low,runSuccess_ci_high,runP50,/);
  const j = await nmsim([...args, '--json', '--no-report', '--out', join(dir, 'sweep-json')], { cwd: dir });
  assert.equal(j.code, 0, j.stderr);
  assert.deepEqual(JSON.parse(j.stdout) as SweepTable, JSON.parse(JSON.stringify(table)));
});

test('capacity: bisection on instances with CI verdicts', async () => {
  const out = join(dir, 'capacity');
  const r = await nmsim(
    [
      'capacity',
      'small.yaml',
      '--slo',
      'p99<2s',
      '--lo',
      '2',
      '--hi',
      '120',
      '--max-replications',
      '4',
      '--max-steps',
      '8',
      '--out',
      out,
      '--no-report',
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listDir(out), ['small-capacity.csv', 'small-capacity.json']);
  const c = readJson<CapacityFile>(join(out, 'small-capacity.json'));
  // The CSV: a row per value, low to high, the answer and first failing value marked.
  const csv = readFileSync(join(out, 'small-capacity.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv[0], 'value,metric,mean,ci_low,ci_high,verdict,replications,role');
  const rows = csv.slice(1).map((l) => l.split(','));
  assert.deepEqual(
    rows.map((x) => Number(x[0])),
    c.points.map((p) => p.value).sort((x, y) => x - y),
  );
  if (c.answer !== null) assert.deepEqual(rows.find((x) => x[7] === 'answer')!.slice(0, 2), [String(c.answer), 'p99']);
  const { results, ...answer } = c;
  assert.equal(body(r.stdout), capacityText(answer as CapacityResult));
  assert.equal(c.kind, 'capacity');
  assert.equal(c.vary, 'instances');
  assert.equal(c.direction, 'largest');
  assert.deepEqual(c.slo, { metric: 'p99', threshold: 2 });
  assert.ok(c.points.length >= 2 && c.points.length <= 8);
  assert.equal(results.length, c.points.length);
  for (const p of c.points) {
    assert.ok(p.replications >= 2 && p.replications <= 4);
    assert.equal(results[p.result].slo.verdict, p.verdict);
    assert.equal(
      results[p.result].scenario && (results[p.result].scenario as any).topology.networks[0].instances,
      p.value,
    );
  }
  if (c.answer !== null) {
    assert.ok(c.answer >= 2 && c.answer <= 120);
    const at = c.points.find((p) => p.value === c.answer)!;
    assert.equal(at.verdict, 'meets');
    assert.equal(at.replications, 4, 'the answer meets with --max-replications, not a 2-replication probe');
  }
  // The first value is the geometric midpoint of the range: floor(sqrt(2 * 120)) = 15.
  assert.equal(c.points[0].value, 15);
  assert.equal(c.replicationsToAnswer, 4);
  if (c.firstFailing !== null) assert.equal(c.points.find((p) => p.value === c.firstFailing)!.verdict, 'fails');
  assert.ok(c.bracket[0] <= c.bracket[1]);
  assert.ok(c.confidence.length > 0);
});

test('capacity that never fails says "no limit found up to 252 instances (the subnets hold 252)"; --set applies', async () => {
  const out = join(dir, 'capacity-top');
  const r = await nmsim(
    [
      'capacity',
      'small.yaml',
      '--slo',
      'p99<60s',
      '--set',
      'duration=5m',
      '--max-replications',
      '3',
      '--out',
      out,
      '--no-report',
      '--json',
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout) as CapacityResult;
  assert.equal(c.status, 'above-range');
  assert.deepEqual([c.range, c.subnetsHold, c.answer], [[1, 252], 252, 252]);
  assert.match(c.confidence, /^No limit found up to 252 instances \(the subnets hold 252; widen their CIDRs/);
  assert.equal(c.points.find((p) => p.value === 252)!.replications, 3);
  const file = readJson<CapacityFile>(join(out, 'small-capacity.json'));
  assert.equal(file.results[0].meta.duration, 300, '--set duration=5m reached every value');
});

test('schema: JSON Schema for editors, and --markdown is the committed reference', async () => {
  const [j, m] = await Promise.all([nmsim(['schema']), nmsim(['schema', '--markdown'])]);
  assert.equal(j.code, 0);
  const schema = JSON.parse(j.stdout) as { properties: Record<string, any>; required: string[] };
  assert.deepEqual(schema.required.sort(), ['clients', 'name', 'topology']);
  assert.equal(schema.properties.duration.default, 21600);
  assert.equal(m.code, 0);
  assert.equal(m.stdout, readFileSync(join(ROOT, 'scenarios', 'REFERENCE.md'), 'utf8'));
});

test('every shipped scenario validates', async () => {
  const files = listDir(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`);
  assert.ok(files.length >= 9);
  const r = await nmsim(['validate', ...files]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').length, files.length);
});
