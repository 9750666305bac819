#!/usr/bin/env node
// Writes scenarios/traces/rollout.csv, the trace scenarios/replay-rollout.yaml replays:
// a monitoring-agent roll-out in 10 batches of 50 instances, one batch a minute; each instance
// starts at a uniform point of its batch's minute and reads 6 metadata keys on one kept-alive
// connection (20 ms apart as written; a row waits for the previous response), closing it after
// the last. Deterministic (mulberry32, seed 2026): rerunning it rewrites the same bytes.
//   node scripts/rollout-trace.mjs
import { writeFileSync } from 'node:fs';
import { stdout } from 'node:process';
import { fileURLToPath, URL } from 'node:url';

function mulberry32(seed) {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BATCHES = 10;
const PER_BATCH = 50;
const KEYS = ['instance-id', 'hostname', 'local-ipv4', 'placement/availability-zone', 'public-keys/', 'user-data'];
const u = mulberry32(2026);
const rows = [];
for (let b = 0; b < BATCHES; b++)
  for (let k = 0; k < PER_BATCH; k++) {
    const instance = b * PER_BATCH + k;
    const start = b * 60 + u() * 60;
    KEYS.forEach((key, i) =>
      rows.push([start + i * 0.02, instance, `/latest/meta-data/${key}`, `s${instance}`, i === KEYS.length - 1 ? 0 : 1]),
    );
  }
rows.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
const text = ['time,instance,path,session,keepalive', ...rows.map((r) => [r[0].toFixed(3), ...r.slice(1)].join(','))];
writeFileSync(fileURLToPath(new URL('../scenarios/traces/rollout.csv', import.meta.url)), text.join('\n') + '\n');
stdout.write(`wrote scenarios/traces/rollout.csv: ${rows.length} rows\n`);
