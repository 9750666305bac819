/**
 * A G/G/c/K queue on the engine (Calendar + Resource + samplers), for checks against theory.
 * Each replication has its own streams; per-customer sojourn and wait are kept exactly.
 */
import { Calendar } from '../../src/engine/calendar.js';
import { compile, type DistSpec } from '../../src/engine/distributions.js';
import { Grant, Resource } from '../../src/engine/resource.js';
import { StreamFactory } from '../../src/engine/random.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import { meanCI, tQuantile } from '../../src/stats/confidence.js';

export interface QueueRun {
  waits: number[];
  sojourns: LatencyHistogram;
  meanSojourn: number;
  blocked: number;
  arrivals: number;
  /** Time-average number in system over the measurement window. */
  L: number;
  /** Arrival rate measured over the window. */
  lambdaHat: number;
}

export function simulateQueue(o: {
  servers: number;
  queueCapacity?: number;
  lambda: number;
  service: DistSpec;
  customers: number;
  warmup: number;
  seed: string | number;
  replication: number;
}): QueueRun {
  const cal = new Calendar();
  const streams = new StreamFactory(o.seed).replication(o.replication);
  const inter = compile({ kind: 'exponential', mean: 1 / o.lambda }, streams.stream('arrivals'));
  const service = compile(o.service, streams.stream('service'));
  const res = new Resource(cal, o.servers, { queueCapacity: o.queueCapacity });
  const waits: number[] = [];
  const sojourns = new LatencyHistogram();
  let sum = 0;
  let blocked = 0;
  let arrived = 0;
  let measuredArrivals = 0;
  let t0 = 0;
  const total = o.warmup + o.customers;
  // L is measured over the arrival window [first measured arrival, last arrival].
  let area1 = 0;
  let t1 = 0;
  const arrive = (): void => {
    const n = arrived++;
    const at = cal.now;
    const measured = n >= o.warmup;
    if (n === o.warmup) {
      t0 = cal.now;
      res.resetStats();
    }
    if (n === total - 1) {
      t1 = cal.now;
      area1 = res.busy.integral(t1) + res.queueLength.integral(t1);
    }
    if (measured) measuredArrivals++;
    res.request((g, waited) => {
      if (g === Grant.Rejected) {
        if (measured) blocked++;
        return;
      }
      cal.schedule(service.sample(), () => {
        res.release();
        if (measured) {
          const s = cal.now - at;
          waits.push(waited);
          sojourns.record(s);
          sum += s;
        }
      });
    });
    if (arrived < total) cal.schedule(inter.sample(), arrive);
  };
  cal.schedule(inter.sample(), arrive);
  cal.run();
  const span = t1 - t0;
  return {
    waits,
    sojourns,
    meanSojourn: sum / waits.length,
    blocked,
    arrivals: measuredArrivals,
    L: area1 / span,
    lambdaHat: measuredArrivals / span,
  };
}

/** Two-sided 99% CI of replication values. */
export function ci99(values: number[]): { mean: number; lo: number; hi: number; halfWidth: number } {
  const c = meanCI(values, 0.99);
  return { mean: c.mean, lo: c.lo, hi: c.hi, halfWidth: c.halfWidth };
}

export { tQuantile };
