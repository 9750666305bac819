/**
 * One replication of a scenario: build the system, start every client, discard the warm-up,
 * measure for `duration`, and return mergeable raw results.
 */
import { StreamFactory } from '../engine/random.js';
import { Priority } from '../engine/calendar.js';
import { Simulation } from '../engine/simulation.js';
import { drainCap } from '../scenario/drain.js';
import { selectedInstanceCount } from '../scenario/instances.js';
import type { ClientSpec, Scenario } from '../scenario/schema.js';
import type { LatencyHistogram } from '../stats/histogram.js';
import {
  STAGES,
  type ComponentStats,
  type PopulationStats,
  type ReplicationResult,
  type RequestStats,
  type StageTimes,
} from '../stats/results.js';
import type { ClientContext } from './clients/http-client.js';
import { spawnPopulation } from './clients/population.js';
import { synPolicyOf } from './tcp-connect.js';
import { Recorder, type PopulationRecord } from './recorder.js';
import { buildTopology, type BuiltTopology, type Instance } from './topology.js';
import { probesFor } from './probes.js';
import { sampleIntervalOf } from '../scenario/selection.js';

export interface ReplicationOptions {
  /** Master seed (the scenario's unless overridden). */
  seed: string | number;
  replication: number;
  /** Warm-up in seconds (the runner resolves "auto" before calling). */
  warmup: number;
  /**
   * Called synchronously between slices of simulated time with the fraction of the run done
   * (progress bars). Slicing the run cannot change it: the calendar fires the same events in
   * the same order whether it runs to the end at once or in steps.
   */
  onProgress?: (fraction: number) => void;
}

/** Slices of simulated time between progress calls. */
const PROGRESS_SLICES = 200;

/** Population name as used in results and stream names. */
export function clientName(c: ClientSpec, i: number): string {
  return c.name ?? `${c.kind}-${i + 1}`;
}

/** Instances a client population runs on: the networks filter, then a seeded choice of the count. */
function selectInstances(c: ClientSpec, topo: BuiltTopology, s: Scenario, pick: () => number): Instance[] {
  const nets = c.networks ? new Set(c.networks.map((n) => s.topology.networks.findIndex((x) => x.name === n))) : null;
  const pool = nets ? topo.instances.filter((x) => nets.has(x.network)) : topo.instances.slice();
  const n = selectedInstanceCount(c.instances, pool.length);
  if (n >= pool.length) return pool;
  // Partial Fisher-Yates: the first n of a seeded shuffle, kept in instance order.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(pick() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).sort((a, b) => a.index - b.index);
}

/** Starts every client population's instances, population by population. */
function startClients(s: Scenario, sim: Simulation, topo: BuiltTopology, rec: Recorder, warmup: number): void {
  const syn = synPolicyOf(s.kernel);
  s.clients.forEach((c, ci) => {
    const name = clientName(c, ci);
    const sel = sim.streams.stream(`select/${name}`);
    const instances = selectInstances(c, topo, s, () => sel.next());
    const ctx: ClientContext = { sim, rec, syn, pop: rec.population(name, c.kind) };
    spawnPopulation({ ctx, name, instances, warmup, end: warmup + s.duration }, c);
  });
}

const requestStats = (
  count: number,
  p: Pick<PopulationRecord, 'outcomes' | 'latency' | 'latencyOk' | 'timeToFailure'>,
): RequestStats => ({
  count,
  outcomes: { ...p.outcomes },
  latency: p.latency.toJSON(),
  latencyOk: p.latencyOk.toJSON(),
  timeToFailure: p.timeToFailure.toJSON(),
});

function populationStats(p: PopulationRecord): PopulationStats {
  const json = (h: LatencyHistogram) => h.toJSON();
  return {
    client: p.client,
    kind: p.kind,
    started: p.started,
    ok: p.ok,
    failed: p.failed,
    skipped: p.skipped,
    openAtCap: p.started - p.ok - p.failed - p.skipped,
    timeToMetadata: json(p.timeToMetadata),
    configuredAt: json(p.configuredAt),
    duration: json(p.duration),
    requests: requestStats(p.requests, p),
  };
}

/**
 * Schedules the measurement window's control events: at `warmup` the probes reset, the window
 * opens and sampling starts; at the end the components' stats are taken and the window closes.
 * Returns the components' stats (empty until the window has closed).
 */
function scheduleWindow(
  s: Scenario,
  sim: Simulation,
  topo: BuiltTopology,
  rec: Recorder,
  warmup: number,
): () => ComponentStats[] {
  const end = warmup + s.duration;
  const probes = probesFor(topo);
  const dt = sampleIntervalOf(s);
  const series = probes.map(() => ({ pool: [] as number[], queue: [] as number[] }));
  const sample = (): void => {
    probes.forEach((p, i) => {
      series[i].pool.push(p.pool());
      series[i].queue.push(p.queue());
    });
    if (sim.now + dt <= end + 1e-9) sim.cal.scheduleAt(sim.now + dt, sample, undefined, Priority.Urgent);
  };
  // Control events go before model events at the same instant (Priority.Urgent): the window
  // opens before anything at t = warmup happens, samples see the state as of their instant,
  // and the window closes before model events at t = end (the window is [warmup, end)): a run
  // or request starting exactly at `end` is not counted. Then the drain.
  sim.cal.scheduleAt(
    warmup,
    () => {
      for (const p of probes) p.reset();
      rec.openWindow(sim.now);
      sample();
    },
    undefined,
    Priority.Urgent,
  );
  let components: ComponentStats[] = [];
  sim.cal.scheduleAt(
    end,
    () => {
      components = probes.map((p, i) => p.stats(end, { t0: warmup, dt, ...series[i] }));
      rec.onDrained = () => sim.cal.stop();
      rec.closeWindow();
    },
    undefined,
    Priority.Urgent,
  );
  return () => components;
}

/**
 * A replication built and started, run in steps so that a caller can report progress or yield
 * to its event loop between them: `advance` until it returns true, then `result()`. Stepping
 * cannot change the result: a step's boundary fires no event, so the calendar fires the same
 * events in the same order whether it runs to the end at once or in steps.
 */
export interface SteppedReplication {
  /**
   * Runs at most `budget` more events, and no further than simulated time `until` (by default
   * the end: the window's, then the drain's); true once it got there (for the end: the
   * replication is over), false if the budget ran out first.
   */
  advance(budget: number, until?: number): boolean;
  /** The fraction of warm-up plus window simulated so far, from 0 to 1 (1 while draining). */
  progress(): number;
  /** Events fired so far. */
  readonly events: number;
  result(): ReplicationResult;
}

export function simulateReplication(s: Scenario, o: ReplicationOptions): ReplicationResult {
  const run = prepareReplication(s, o);
  // Progress in slices of simulated time (warm-up and window).
  const end = o.warmup + s.duration;
  if (o.onProgress)
    for (let k = 1; k < PROGRESS_SLICES; k++) {
      run.advance(Infinity, (end * k) / PROGRESS_SLICES);
      o.onProgress(k / PROGRESS_SLICES);
    }
  run.advance(Infinity);
  return run.result();
}

/** Builds replication `o.replication` of `s` and starts its clients; see {@link SteppedReplication}. */
export function prepareReplication(s: Scenario, o: Omit<ReplicationOptions, 'onProgress'>): SteppedReplication {
  const streams = new StreamFactory(o.seed).replication(o.replication);
  const sim = new Simulation(streams);
  const topo = buildTopology(sim, s);
  const rec = new Recorder(s.topology.networks.length);
  const warmup = o.warmup;
  const end = warmup + s.duration;
  const cap = drainCap(s);

  const components = scheduleWindow(s, sim, topo, rec, warmup);
  startClients(s, sim, topo, rec, warmup);
  return {
    advance: (budget, until = end + cap) => sim.cal.runUntil(until, Priority.Normal, budget),
    progress: () => Math.min(1, sim.now / end),
    get events() {
      return sim.cal.executed;
    },
    result: () => replicationResult(s, o.replication, sim, topo, rec, warmup, components()),
  };
}

function replicationResult(
  s: Scenario,
  replication: number,
  sim: Simulation,
  topo: BuiltTopology,
  rec: Recorder,
  warmup: number,
  components: ComponentStats[],
): ReplicationResult {
  const end = warmup + s.duration;
  const cap = drainCap(s);
  const took = Math.min(cap, Math.max(0, sim.now - end));

  const stageSeconds = Object.fromEntries(STAGES.map((st, i) => [st, rec.stageSeconds[i]])) as StageTimes;
  return {
    replication,
    from: warmup,
    to: end,
    warmup,
    drain: { cap, took },
    requests: {
      started: rec.started,
      ended: rec.ended,
      openAtCap: rec.openRequests,
      inFlightAtStart: rec.inFlightAtStart,
      outcomes: { ...rec.outcomes },
      latency: rec.latency.toJSON(),
      latencyOk: rec.latencyOk.toJSON(),
      timeToFailure: rec.timeToFailure.toJSON(),
      stageSeconds,
    },
    populations: rec.populations.map(populationStats),
    components,
    networks: s.topology.networks.map((n, i) => ({
      name: n.name,
      cidr: n.cidr,
      instances: n.instances,
      usableAddresses: topo.usableAddresses[i],
      proxies: topo.networkProxies[i],
      requests: rec.networks[i].requests,
      outcomes: { ...rec.networks[i].outcomes },
      latency: rec.networks[i].latency.toJSON(),
    })),
    latencyTrace: rec.trace(),
    events: sim.cal.executed,
  };
}
