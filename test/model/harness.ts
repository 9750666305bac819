/**
 * A small harness for model tests: a full system built from a minimal scenario, with direct
 * access to the topology and the client helpers, so single mechanisms can be driven by hand.
 */
import { Simulation } from '../../src/engine/simulation.js';
import { httpGet, type ClientContext, type Exchange } from '../../src/model/clients/http-client.js';
import { Recorder } from '../../src/model/recorder.js';
import { buildTopology, type BuiltTopology } from '../../src/model/topology.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';

export interface System {
  sim: Simulation;
  topo: BuiltTopology;
  ctx: ClientContext;
  rec: Recorder;
}

/** Zero-cost CPU and a fixed agent response time unless overridden: timings become exact. */
export function system(overrides: Partial<ScenarioInput> = {}, instances = 4): System {
  const s = Scenario.parse({
    name: 'test',
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances }] },
    clients: [{ kind: 'periodic', interval: 1000 }],
    ...overrides,
    proxy: {
      ...overrides.proxy,
      eventlet: { cpuPerRequest: 0, cpuPerConnection: 0, ...overrides.proxy?.eventlet },
      haproxy: { cpuPerRequest: 0, ...overrides.proxy?.haproxy },
    },
    agent: { responseTime: 0.1, ...overrides.agent },
  });
  const sim = new Simulation(7);
  const topo = buildTopology(sim, s);
  const rec = new Recorder(s.topology.networks.length);
  const pop = rec.population('test', 'periodic');
  rec.openWindow(0);
  const ctx = { sim, rec, syn: { synRetries: s.kernel.synRetries, initialRto: s.kernel.initialRto }, pop };
  return { sim, topo, ctx, rec };
}

export interface Timed extends Exchange {
  at: number;
  latency: number;
}

/** Issues a GET from instance `i` at time `at`; the result lands in the returned array slot. */
export function getAt(sys: System, i: number, at: number, opts: { timeout?: number; keep?: boolean } = {}): Timed[] {
  const out: Timed[] = [];
  sys.sim.cal.scheduleAt(at, () => {
    httpGet(sys.ctx, sys.topo.instances[i], null, opts.timeout ?? 0, opts.timeout ?? 0, (x) => {
      out.push({ ...x, at, latency: sys.sim.now - at });
      if (!opts.keep) x.conn?.close();
    });
  });
  return out;
}
