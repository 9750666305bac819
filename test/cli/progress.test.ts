/**
 * Progress without a terminal: one line per batch and per finished replication, with the
 * elapsed time and an ETA at the rate so far; nothing with --quiet or --json. And the
 * simulated-time progress a replication reports, which must not change its result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { batchLine, clockText, etaSeconds, progressFor } from '../../src/cli/progress.js';
import { simulateReplication } from '../../src/model/simulate.js';
import { validateScenario } from '../../src/scenario/load.js';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, stream };
}

const ARGS = { out: 'reports', json: false, quiet: false, report: false, allowLarge: false };

test('clockText and etaSeconds: 42s, 3m05s, 1h02m; 3 of 10 done in 30 s leaves 70 s', () => {
  assert.deepEqual([clockText(41.6), clockText(185), clockText(3720)], ['42s', '3m05s', '1h02m']);
  assert.equal(etaSeconds(30, 3, 10), 70);
  assert.equal(etaSeconds(30, 0, 10), undefined);
  assert.equal(batchLine('p', 0, 5), 'p: replications 1-5');
  assert.equal(batchLine('p', 4, 5), 'p: replication 5');
});

test('log lines: a batch line, then one per replication with elapsed time and ETA (running work counts)', () => {
  const { lines, stream } = sink();
  let now = 100;
  const p = progressFor(ARGS, {}, { stream, clock: () => now });
  p.update(0, 4);
  p.stage('small', batchLine('small', 0, 4));
  now += 10;
  p.update(0, 4, 0.5); // within a replication: no line
  now += 10;
  p.update(1, 4, 1);
  now += 20;
  p.update(2, 4, 0);
  assert.deepEqual(lines, [
    'nmsim: small: replications 1-4 | 0/4 replications done | elapsed 0s | ETA ?',
    // 2 replications' worth (1 done + 1 running) in 20 s: 2 more take 20 s.
    'nmsim: 1/4 replications done | elapsed 20s | ETA 20s',
    'nmsim: 2/4 replications done | elapsed 40s | ETA 40s',
  ]);
});

test('capacity logs stages only; --quiet and --json print nothing', () => {
  const a = sink();
  let now = 0;
  const p = progressFor(ARGS, { perReplication: false }, { stream: a.stream, clock: () => now });
  p.update(0, 2);
  p.stage('instances=141', 'instances=141: probe replications 1-2');
  now = 65;
  p.update(2, 2);
  p.stage('instances=1679', 'instances=1679: probe replications 1-2');
  assert.deepEqual(a.lines, [
    'nmsim: instances=141: probe replications 1-2 | elapsed 0s',
    'nmsim: instances=1679: probe replications 1-2 | elapsed 1m05s',
  ]);
  for (const args of [
    { ...ARGS, quiet: true },
    { ...ARGS, json: true },
  ]) {
    const b = sink();
    const q = progressFor(args, {}, { stream: b.stream, clock: () => 0 });
    q.stage('x');
    q.update(1, 1);
    assert.deepEqual(b.lines, []);
  }
});

test('a replication reports 199 rising fractions of simulated time and its result is the same without them', () => {
  const s = validateScenario({
    file: 'x.yaml',
    layers: [],
    sources: [],
    raw: {
      name: 'p',
      duration: 600,
      warmup: 60,
      topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 30 }] },
      clients: [{ kind: 'chef', interval: '2m', splay: '30s' }],
    },
  });
  const fractions: number[] = [];
  const sliced = simulateReplication(s, { seed: 5, replication: 0, warmup: 60, onProgress: (f) => fractions.push(f) });
  const whole = simulateReplication(s, { seed: 5, replication: 0, warmup: 60 });
  assert.equal(JSON.stringify(sliced), JSON.stringify(whole));
  assert.ok(whole.requests.ended > 100, 'the run did some work');
  assert.equal(fractions.length, 199);
  assert.equal(fractions[0], 1 / 200);
  assert.ok(fractions.every((f, i) => i === 0 || f > fractions[i - 1]));
});
