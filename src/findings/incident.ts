/**
 * The README's incident findings: the shipped designs across the unknown socket lifetime of
 * ohai before #995 (`ohai.gcDelay`: how long Ruby's garbage collector leaves a leaked
 * connection open, see src/model/clients/chef.ts), from fixed seeds so the tables are
 * reproducible byte for byte.
 *
 * Two kinds of table: Little's-law estimates of the connections each proxy holds (arithmetic
 * only, cheap, recomputed in full by the test) and simulated answers (run-level first: chef
 * runs that got their metadata, then requests timed out), minutes of CPU.
 */
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import { join } from 'node:path';
import { runScenario } from '../runner/run-scenario.js';
import { haproxyTimeouts } from '../model/haproxy-timeouts.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { Estimate } from '../stats/results.js';

/** A shipped design, and what it changes for the Little's-law estimate. */
export interface Design {
  label: string;
  file: string;
  /** Changes made after loading (beyond the file). */
  patch?: (s: Scenario) => void;
}

export const DESIGNS: Design[] = [
  { label: 'incident (eventlet pool 100, ohai pre-995)', file: 'incident.yaml' },
  { label: 'eventlet pool 1000', file: 'pool-1000.yaml' },
  { label: '2 x /23, 2 routers', file: 'split-2x23.yaml' },
  { label: '4 x /24, 4 routers', file: 'split-4x24.yaml' },
  { label: 'wsgi_keep_alive = False', file: 'incident.yaml', patch: (s) => void (s.proxy.eventlet.keepAlive = false) },
  { label: 'ohai post-995 (keep-alive)', file: 'ohai-keepalive.yaml' },
  { label: 'HAProxy (Pike)', file: 'haproxy.yaml' },
];

/** GC delays swept: seconds (constant per connection), the schema default, or never during the run. */
export type GcDelay = number | 'default' | 'run-end';
export const GC_DELAYS: GcDelay[] = [1, 5, 20, 60, 'default', 'run-end'];

/** The simulated window: shorter than the scenarios' 4 h to keep the sweep to minutes. */
export const SIM = { seed: 1, replications: 3, warmup: 1800, duration: 7200 } as const;

export const gcLabel = (g: GcDelay): string =>
  g === 'run-end' ? 'run end' : g === 'default' ? 'default (median 20 s)' : `${g} s`;

/** A design's scenario at one GC delay, with the sweep's window and replications. */
export function designScenario(d: Design, gc: GcDelay, scenarioDir: string): Scenario {
  const s = loadScenarioFile(join(scenarioDir, d.file)).scenario;
  d.patch?.(s);
  for (const c of s.clients)
    if (c.kind === 'chef' && gc !== 'default') c.ohai.gcDelay = gc === 'run-end' ? gc : { kind: 'constant', value: gc };
  s.seed = SIM.seed;
  s.replications = SIM.replications;
  s.warmup = SIM.warmup;
  s.duration = SIM.duration;
  return s;
}

export interface SimCell {
  runsOk: Estimate;
  timeouts: Estimate;
}

/** Simulates every design at every GC delay (in order; each point uses `workers` threads). */
export async function simulateFindings(scenarioDir: string, workers?: number): Promise<SimCell[][]> {
  const out: SimCell[][] = [];
  for (const d of DESIGNS) {
    const row: SimCell[] = [];
    for (const gc of GC_DELAYS) {
      const r = await runScenario(designScenario(d, gc, scenarioDir), { workers });
      row.push({ runsOk: r.runs.success, timeouts: r.outcomeRates.clientTimeout });
    }
    out.push(row);
  }
  return out;
}

// ---- Little's law ---------------------------------------------------------------------------

const Z99 = 2.3263478740408408;
type LogNormal = { mu: number; sigma: number };
const fromMedianP99 = (median: number, p99: number): LogNormal => ({
  mu: Math.log(median),
  sigma: (Math.log(p99) - Math.log(median)) / Z99,
});
const survival = (d: LogNormal, t: number): number => (t <= 0 ? 1 : 1 - lognormalCdf(t, d.mu, d.sigma));

/** E[min(X, T, cap)] for independent X (survival sx) and lognormal T: trapezoid in 0.1 s steps. */
function meanMin(sx: (t: number) => number, tail: LogNormal, cap: number): number {
  const h = 0.1;
  // Past 7 sigma above the median the tail's survival is below 1e-12.
  const end = Math.min(cap, Math.exp(tail.mu + 7 * tail.sigma));
  let sum = 0;
  let prev = sx(0);
  for (let t = 0; t < end; t += h) {
    const b = Math.min(h, end - t);
    const next = sx(t + b) * survival(tail, t + b);
    sum += (b * (prev + next)) / 2;
    prev = next;
  }
  return sum;
}

/**
 * Mean connections one proxy of design `d` holds at GC delay `gc`, by Little's law:
 * (chef runs per second per proxy) x (connections per run) x (mean hold), from the scenario's
 * own settings. A held connection lives min(GC delay, run tail) (pre-995 GETs; the probe in
 * both versions), the whole tail (post-995's persistent connection), and at most 30 s behind
 * HAProxy; without wsgi_keep_alive only the probe is held. Crawl times are left out (under a
 * second unloaded).
 */
export function littleEstimate(d: Design, gc: GcDelay, scenarioDir: string): { held: number; capacity: number } {
  const s = designScenario(d, gc, scenarioDir);
  const c = s.clients[0];
  if (c.kind !== 'chef') throw new Error(`${d.file}: the findings expect a chef population first`);
  const spec = (x: unknown): LogNormal => {
    const v = x as { kind: string; median?: number; p99?: number; value?: number };
    if (v.kind === 'lognormal' && v.median !== undefined && v.p99 !== undefined) return fromMedianP99(v.median, v.p99);
    throw new Error(`${d.file}: the Little's-law table needs lognormal {median, p99} run tail and GC delay`);
  };
  const tail = spec(c.restOfRun);
  const haproxy = s.proxy.kind === 'haproxy';
  // HAProxy closes an idle client connection after timeout http-keep-alive (30 s).
  const cap = haproxy ? haproxyTimeouts(s.proxy.haproxy).httpKeepAlive : Infinity;
  const g = c.ohai.gcDelay;
  const constant = g !== 'run-end' && (g as { kind: string }).kind === 'constant';
  const gcSurvival =
    g === 'run-end' || constant
      ? () => 1
      : (
          (gl: LogNormal) => (t: number) =>
            survival(gl, t)
        )(spec(g));
  const leaked = meanMin(gcSurvival, tail, constant ? Math.min(cap, (g as { value: number }).value) : cap);
  const whole = meanMin(() => 1, tail, cap);
  const pre = s.proxy.eventlet;
  const req = c.ohai.requests;
  const k = typeof req === 'number' ? req : (req.min + req.max) / 2;
  const pre995 = c.ohai.version === 'pre-995';
  const getHold = pre995 ? (haproxy || pre.keepAlive ? k * leaked : 0) : whole;
  const preOhai = c.preOhai as { kind: string; min?: number; max?: number };
  const meanPre = preOhai.kind === 'uniform' ? (preOhai.min! + preOhai.max!) / 2 : 0;
  const meanTail = Math.exp(tail.mu + (tail.sigma * tail.sigma) / 2);
  const cycle = c.interval + c.splay / 2 + meanPre + meanTail;
  const perProxy = Math.max(...s.topology.networks.map((n) => n.instances));
  const capacity = haproxy ? s.proxy.haproxy.maxconn : pre.poolSize;
  return { held: (perProxy / cycle) * (leaked + getHold), capacity };
}
