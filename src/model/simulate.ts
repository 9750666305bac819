/**
 * One replication of a scenario: build the system, start every client, discard the warm-up,
 * measure for `duration`, and return mergeable raw results.
 */
import { compile } from '../engine/distributions.js';
import { StreamFactory } from '../engine/random.js';
import { Priority } from '../engine/calendar.js';
import { Simulation } from '../engine/simulation.js';
import type { ClientSpec, Scenario } from '../scenario/schema.js';
import { STAGES, type ComponentStats, type ReplicationResult, type StageTimes } from '../stats/results.js';
import { cloudInitInstance } from './clients/cloud-init.js';
import { chefInstance } from './clients/chef.js';
import type { ClientContext } from './clients/http-client.js';
import { periodicInstance } from './clients/periodic.js';
import { Recorder } from './recorder.js';
import { buildTopology, type BuiltTopology, type Instance } from './topology.js';
import { ComponentProbe, probesFor } from './probes.js';
import { sampleIntervalOf } from '../scenario/selection.js';

export interface ReplicationOptions {
  /** Master seed (the scenario's unless overridden). */
  seed: string | number;
  replication: number;
  /** Warm-up in seconds (the runner resolves "auto" before calling). */
  warmup: number;
}

/** Population name as used in results and stream names. */
export function clientName(c: ClientSpec, i: number): string {
  return c.name ?? `${c.kind}-${i + 1}`;
}

/** Instances a client population runs on: the networks filter, then a seeded choice of the count. */
function selectInstances(c: ClientSpec, topo: BuiltTopology, s: Scenario, pick: () => number): Instance[] {
  const nets = c.networks ? new Set(c.networks.map((n) => s.topology.networks.findIndex((x) => x.name === n))) : null;
  const pool = nets ? topo.instances.filter((x) => nets.has(x.network)) : topo.instances.slice();
  let n = pool.length;
  if (typeof c.instances === 'number') n = Math.min(n, c.instances);
  else if (c.instances !== 'all') n = Math.round((pool.length * parseFloat(c.instances)) / 100);
  if (n >= pool.length) return pool;
  // Partial Fisher-Yates: the first n of a seeded shuffle, kept in instance order.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(pick() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).sort((a, b) => a.index - b.index);
}

export function simulateReplication(s: Scenario, o: ReplicationOptions): ReplicationResult {
  const streams = new StreamFactory(o.seed).replication(o.replication);
  const sim = new Simulation(streams);
  const topo = buildTopology(sim, s);
  const rec = new Recorder(s.topology.networks.length);
  const ctx: ClientContext = {
    sim,
    rec,
    syn: {
      synRetries: s.kernel.synRetries,
      synLinearTimeouts: s.kernel.synLinearTimeouts,
      initialRto: s.kernel.initialRto,
    },
  };
  const warmup = o.warmup;
  const end = warmup + s.duration;

  s.clients.forEach((c, ci) => {
    const name = clientName(c, ci);
    const sel = streams.stream(`select/${name}`);
    const chosen = selectInstances(c, topo, s, () => sel.next());
    const record = () => rec.run(name, c.kind);
    rec.run(name, c.kind);
    const think = sim.sampler(c.kind === 'chef' ? c.ohai.thinkTime : c.thinkTime, `${name}/think`);
    chosen.forEach((inst, j) => {
      const base = `${name}/i${inst.index}`;
      if (c.kind === 'chef') {
        const run = streams.stream(`${base}/run`);
        const req = c.ohai.requests;
        const k =
          typeof req === 'number' ? () => req : () => req.min + Math.floor(run.next() * (req.max - req.min + 1));
        sim.spawn(
          chefInstance(
            ctx,
            c,
            inst,
            streams.stream(`${base}/schedule`),
            { preOhai: compile(c.preOhai, run), restOfRun: compile(c.restOfRun, run), k },
            think,
            record,
          ),
        );
      } else if (c.kind === 'cloud-init') {
        const st = streams.stream(`${base}/boot`);
        const wave = j % c.boot.waves;
        const bootAt = warmup + c.boot.start + wave * c.boot.waveGap + st.next() * c.boot.window;
        sim.spawn(cloudInitInstance(ctx, c, inst, bootAt, compile(c.bootDelay, st).sample(), think, record));
      } else {
        const st = streams.stream(`${base}/interval`);
        sim.spawn(periodicInstance(ctx, c, inst, compile(c.interval, st), think, st, record));
      }
    });
  });

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
  // and the run stops before model events at t = end (the window is [warmup, end)).
  sim.cal.scheduleAt(
    warmup,
    () => {
      for (const p of probes) p.reset();
      rec.startMeasuring();
      sample();
    },
    undefined,
    Priority.Urgent,
  );

  sim.cal.runUntil(end, Priority.Urgent);

  const stageSeconds = Object.fromEntries(STAGES.map((st, i) => [st, rec.stageSeconds[i]])) as StageTimes;
  const components: ComponentStats[] = probes.map((p, i) => p.stats(end, { t0: warmup, dt, ...series[i] }));
  return {
    replication: o.replication,
    from: warmup,
    to: end,
    warmup,
    requests: {
      started: rec.started,
      ended: rec.ended,
      inFlightAtStart: rec.inFlightAtStart,
      inFlightAtEnd: rec.inFlight,
      outcomes: { ...rec.outcomes },
      latency: rec.latency.toJSON(),
      latencyOk: rec.latencyOk.toJSON(),
      stageSeconds,
    },
    runs: [...rec.runs.values()].map((r) => ({
      client: r.client,
      kind: r.kind,
      started: r.started,
      ok: r.ok,
      failed: r.failed,
      skipped: r.skipped,
      duration: r.duration.toJSON(),
    })),
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

export type { ComponentProbe };
