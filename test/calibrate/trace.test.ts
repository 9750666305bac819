/**
 * Log -> trace -> replay: `nmsim calibrate --trace` turns an HAProxy log into a replay CSV whose
 * per-instance row counts are the log's per-client line counts; replaying the CSV and replaying
 * the log itself send the same 2000 requests with the same measured service times. A log line
 * the replay cannot read is an error naming its line.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateReplication } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { nmsim, tempDir, listDir } from '../cli/helpers.js';
import { mulberry32 } from '../support/rng.js';

const tmp = tempDir('nmsim-trace-');
after(tmp.cleanup);

const LINES = 2000;
const CLIENTS = 30;

/** An HAProxy httplog of LINES requests from CLIENTS addresses, written in completion order. */
function haproxyLog(seed: number): string {
  const u = mulberry32(seed);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const lines: { done: number; text: string }[] = [];
  let t = 0;
  for (let i = 0; i < LINES; i++) {
    t += -Math.log(1 - u()) * 0.5;
    const ms = Math.round(t * 1000);
    const tr = 5 + Math.floor(u() * 200);
    const ip = `10.0.${Math.floor(u() * CLIENTS)}.7`;
    const s = Math.floor(ms / 1000);
    const date = `24/Nov/2026:10:${pad(Math.floor(s / 60))}:${pad(s % 60)}.${pad(ms % 1000, 3)}`;
    lines.push({
      done: ms + tr,
      text: `${ip}:4${pad(i % 1000, 4)} [${date}] listener metadata/metadata 0/0/0/${tr}/${tr + 1} 200 345 - - ---- 3/3/0/0/0 0/0 "GET /latest/meta-data/ HTTP/1.1"`,
    });
  }
  // Written when each request ends: out of accept order by up to its response time.
  lines.sort((a, b) => a.done - b.done);
  return lines.map((l) => l.text).join('\n') + '\n';
}

const scenario = (file: string) =>
  JSON.stringify({
    name: 'replay a log',
    duration: 3600,
    warmup: 0,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: CLIENTS }] },
    clients: [{ kind: 'replay', file }],
  });

test('an agent log: wsgi request lines replayed, its error messages passed over', () => {
  const dir = tmp.dir;
  const log = [
    '2026-11-24 10:00:01.123 2231 INFO eventlet.wsgi.server [-] 10.0.0.15,<local> "GET /latest/meta-data/ HTTP/1.1" status: 200  len: 345 time: 0.0381530',
    '2026-11-24 10:00:02.050 2232 ERROR neutron.agent.metadata.agent [-] Unexpected error.: MessagingTimeout: Timed out waiting for a reply',
    '2026-11-24 10:00:03.500 2232 INFO eventlet.wsgi.server [-] 10.0.0.17,<local> "GET /latest/meta-data/hostname HTTP/1.1" status: 500  len: 228 time: 6.0213110',
    '2026-11-24 10:00:04.000 2232 INFO eventlet.wsgi.server [-] 10.0.0.15,<local> "GET /latest/meta-data/ HTTP/1.1" status: 200  len: 345 time: 0.0210050',
  ];
  writeFileSync(join(dir, 'agent.log'), log.join('\n') + '\n');
  writeFileSync(join(dir, 'agent.json'), scenario('agent.log'));
  const { scenario: s } = loadScenarioFile(join(dir, 'agent.json'));
  assert.ok(s.clients[0].kind === 'replay');
  assert.deepEqual([s.clients[0].trace?.rows, s.clients[0].trace?.instances], [3, 2]);
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 0 });
  assert.equal(r.requests.started, 3);
  // The measured times are the latencies: 0.038153 + 6.021311 + 0.021005 (the proxy costs CPU too).
  assert.ok(r.requests.latency.sum >= 6.080469 && r.requests.latency.sum < 6.2, `sum ${r.requests.latency.sum}`);
});

test('calibrate --trace: per-instance rows = per-client log lines; CSV and log replays send the same 2000 requests', async () => {
  const dir = tmp.dir;
  const log = haproxyLog(7);
  writeFileSync(join(dir, 'haproxy.log'), log);
  const r = await nmsim(['calibrate', 'haproxy.log', '--trace', '--name', 'day', '--out', 'out', '-q'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listDir(join(dir, 'out')), ['day.csv', 'day.html', 'day.yaml']);
  const csv = readFileSync(join(dir, 'out', 'day.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  assert.equal(csv[0], 'time,instance,service');
  assert.equal(csv.length - 1, LINES);
  // Clients numbered in order of first appearance in the file: count lines per client that way.
  const order: string[] = [];
  const perClient = new Map<string, number>();
  for (const l of log.trimEnd().split('\n')) {
    const ip = l.slice(0, l.indexOf(':'));
    if (!perClient.has(ip)) order.push(ip);
    perClient.set(ip, (perClient.get(ip) ?? 0) + 1);
  }
  const perInstance = new Map<number, number>();
  for (const row of csv.slice(1)) {
    const i = Number(row.split(',')[1]);
    perInstance.set(i, (perInstance.get(i) ?? 0) + 1);
  }
  assert.deepEqual(
    order.map((_, i) => perInstance.get(i)),
    order.map((ip) => perClient.get(ip)),
  );
  writeFileSync(join(dir, 'from-csv.json'), scenario('out/day.csv'));
  writeFileSync(join(dir, 'from-log.json'), scenario('haproxy.log'));
  const results = ['from-csv.json', 'from-log.json'].map((f) => {
    const { scenario: s } = loadScenarioFile(join(dir, f));
    assert.equal(s.clients[0].kind === 'replay' && s.clients[0].trace?.rows, LINES);
    return simulateReplication(s, { seed: 1, replication: 0, warmup: 0 });
  });
  for (const x of results) {
    assert.equal(x.requests.started, LINES);
    assert.equal(x.populations[0].ok, LINES);
  }
  // The same rows at the same times (to the microsecond) with the same service times.
  const [a, b] = results.map((x) => x.requests.latency.sum);
  assert.ok(Math.abs(a - b) < 1e-6 * LINES, `latency sums ${a} and ${b}`);
});

test('a request line the replay cannot read: exit 2 naming the line; a log far out of order too', async () => {
  const dir = tmp.dir;
  const lines = haproxyLog(8).split('\n');
  // A start-up message is passed over; a request line with its timers cut off is an error.
  const broken = lines[10].replace(/ 0\/0\/0\/\d+\/\d+ /, ' 0/0 ');
  const started = 'Nov 24 10:00:00 net-0 haproxy[2231]: Proxy listener started.';
  writeFileSync(join(dir, 'bad.log'), [started, ...lines.slice(0, 10), broken, ...lines.slice(11)].join('\n'));
  writeFileSync(join(dir, 'bad.json'), scenario('bad.log'));
  const r = await nmsim(['run', 'bad.json', '--out', 'out-bad'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trimEnd(),
    'bad.log:12: a request line the log format does not match (a replay needs every request)',
  );
  assert.deepEqual(listDir(join(dir, 'out-bad')), []);
  // A line stamped 10 minutes before the lines above it (past the 300 s reorder window).
  const late = lines[5].replace(/10:\d\d:\d\d\.\d{3}/, '09:50:00.000');
  writeFileSync(join(dir, 'late.log'), [...lines.slice(0, 1500), late].join('\n') + '\n');
  writeFileSync(join(dir, 'late.json'), scenario('late.log'));
  const l = await nmsim(['run', 'late.json', '--out', 'out-late'], { cwd: dir });
  assert.equal(l.code, 2);
  assert.equal(l.stderr.trimEnd(), 'late.log:1501: column time: more than 300 s before a line above it');
});
