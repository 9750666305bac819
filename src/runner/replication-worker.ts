/**
 * Worker-thread entry: runs the replications it is sent and posts their results back.
 * A replication depends only on (scenario, seed, replication index, warm-up), so where it runs
 * cannot change its result. While it runs, the worker posts the simulated-time fraction done.
 */
import { parentPort } from 'node:worker_threads';
import { simulateReplication } from '../model/simulate.js';
import type { Scenario } from '../scenario/schema.js';
import { PROGRESS_EVERY_MS } from './worker-pool.js';

export interface ReplicationTask {
  id: number;
  scenario: Scenario;
  seed: string | number;
  replication: number;
  warmup: number;
}

parentPort!.on('message', (t: ReplicationTask) => {
  let last = Date.now();
  const onProgress = (fraction: number): void => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    parentPort!.postMessage({ id: t.id, progress: fraction });
  };
  try {
    const result = simulateReplication(t.scenario, {
      seed: t.seed,
      replication: t.replication,
      warmup: t.warmup,
      onProgress,
    });
    parentPort!.postMessage({ id: t.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: t.id, error: e instanceof Error ? e.message : String(e) });
  }
});
