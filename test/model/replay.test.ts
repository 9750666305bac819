/**
 * Replay of a trace: every row is exactly one request (with or without sessions, and when the
 * drain cap leaves some open), rows of a session share one connection in turn, and a request
 * never starts before its row's time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateReplication } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { replayScenario } from '../support/replay.js';

const run = (path: string) => {
  const { scenario } = loadScenarioFile(path);
  return simulateReplication(scenario, { seed: 1, replication: 0, warmup: 0 });
};

/** `n` rows one `gap` apart over instances 0..k-1 (more than the design has: they wrap). */
function rows(n: number, gap: number, k: number, extra: (i: number) => string = () => ''): string {
  const out = [`time,instance${extra(-1)}`];
  for (let i = 0; i < n; i++) out.push(`${(i * gap).toFixed(3)},${i % k}${extra(i)}`);
  return out.join('\n') + '\n';
}

test('a 1000-row trace over 37 instance numbers makes exactly 1000 requests and 1000 runs', () => {
  const r = run(replayScenario(rows(1000, 0.5, 37)));
  assert.equal(r.requests.started, 1000);
  assert.equal(r.requests.ended, 1000);
  assert.equal(r.populations[0].started, 1000);
  assert.equal(r.populations[0].requests.count, 1000);
  assert.equal(r.populations[0].ok, 1000);
});

test('500 rows in sessions of 5 with keepalive make exactly 500 requests, all answered', () => {
  // Rows of a session 10 ms apart: each waits for the previous one's response on the same connection.
  const t = ['time,instance,session,keepalive'];
  for (let i = 0; i < 500; i++) {
    const s = Math.floor(i / 5);
    t.push(`${(s * 2 + (i % 5) * 0.01).toFixed(2)},${s % 10},s${s},${i % 5 === 4 ? 0 : 1}`);
  }
  const r = run(replayScenario(t.join('\n') + '\n'));
  assert.equal(r.requests.started, 500);
  assert.equal(r.requests.ended, 500);
  assert.equal(r.populations[0].ok, 500);
});

test('rows left hanging at the drain cap are counted as open: started = ok + failed + openAtCap = 200', () => {
  // The agent answers after 1000 s, the client never gives up, the drain stops 60 s after the window.
  const r = run(
    replayScenario(rows(200, 1, 200), { duration: 300, drain: 60, agent: { responseTime: 1000 } }, { timeout: 0 }),
  );
  const p = r.populations[0];
  assert.equal(r.requests.started, 200);
  assert.equal(p.started, 200);
  assert.ok(p.openAtCap > 0, `openAtCap ${p.openAtCap}`);
  assert.equal(p.ok + p.failed + p.openAtCap, 200);
  assert.equal(r.requests.openAtCap + r.requests.ended, 200);
});

test('a trace that runs past the window is refused, naming the client field', () => {
  assert.throws(
    () => loadScenarioFile(replayScenario(rows(10, 100, 1), { duration: 500 })),
    /clients\[0\]\.file: the trace runs 900 s/,
  );
});

/** A design whose only cost is the agent: zero-CPU proxy, one agent worker with `pool` green threads. */
const idle = (pool: number) => ({
  proxy: { eventlet: { cpuPerRequest: 0, cpuPerConnection: 0, connectSpinCpu: 0 } },
  agent: { responseTime: 5, workers: 1, poolSize: pool },
});

test('the service column is each request latency exactly on an idle design (agent draw of 5 s unused)', () => {
  // Rows 10 s apart never meet: each latency is its own service time, not the agent's 5 s.
  const service = [0.1, 0.25, 0.05, 1.5, 0.75];
  const t = ['time,instance,service', ...service.map((s, i) => `${i * 10},${i},${s}`)].join('\n');
  const r = run(replayScenario(t, idle(100)));
  const lat = r.requests.latency;
  assert.equal(lat.count, 5);
  assert.ok(Math.abs(lat.sum - 2.65) < 1e-9, `sum ${lat.sum}`);
  assert.ok(Math.abs(lat.min - 0.05) < 1e-9 && Math.abs(lat.max - 1.5) < 1e-9, `min ${lat.min} max ${lat.max}`);
});

test('service column on a D/D/1: arrivals 1 s apart, service 1.5 s, one green thread: latency k = 1.5 + 0.5 k', () => {
  // Request k waits for the k before it: it starts service at 1.5 k, arrived at k.
  const n = 20;
  const t = ['time,instance,service', ...Array.from({ length: n }, (_, k) => `${k},${k},1.5`)].join('\n');
  // No client timeout: the last waits 1.5 + 0.5 * 19 = 11 s, past the default 10 s.
  const r = run(replayScenario(t, idle(1), { timeout: 0 }));
  const lat = r.requests.latency;
  // sum over k of (1.5 + 0.5 k) = 1.5 n + 0.25 n (n - 1)
  const expected = 1.5 * n + 0.25 * n * (n - 1);
  assert.equal(lat.count, n);
  assert.ok(Math.abs(lat.sum - expected) < 1e-6, `sum ${lat.sum}, expected ${expected}`);
  assert.ok(Math.abs(lat.max - (1.5 + 0.5 * (n - 1))) < 1e-9, `max ${lat.max}`);
});

test('serviceTimes: false ignores the column: every latency is the agent draw of 5 s', () => {
  const t = ['time,instance,service', '0,0,0.1', '10,1,0.2'].join('\n');
  const r = run(replayScenario(t, idle(100), { serviceTimes: false }));
  assert.ok(Math.abs(r.requests.latency.sum - 10) < 1e-9, `sum ${r.requests.latency.sum}`);
});
