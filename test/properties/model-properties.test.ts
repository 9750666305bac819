/**
 * Property tests over random small scenarios (fast-check shrinks any counterexample):
 * - conservation: every request started ends in exactly one outcome or is still in flight;
 *   stage times add up to latencies;
 * - Little's law per resource, exactly, on systems that drain (boot storms run to the end);
 * - monotonicity: more green threads never raise the mean wait, with common random numbers,
 *   where it holds path by path (FIFO, deterministic service, no abandonment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulateReplication } from '../../src/model/simulate.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Recorder } from '../../src/model/recorder.js';
import { buildTopology } from '../../src/model/topology.js';
import { cloudInitInstance } from '../../src/model/clients/cloud-init.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import { LatencyHistogram } from '../../src/stats/histogram.js';
import { EventletProxy } from '../../src/model/proxy-eventlet.js';

const RUNS = Number(process.env.NMSIM_PROPERTY_RUNS ?? 60);

const scenarioArb = fc.record({
  kind: fc.constantFrom('eventlet', 'haproxy'),
  pool: fc.integer({ min: 1, max: 12 }),
  maxconn: fc.integer({ min: 1, max: 30 }),
  somaxconn: fc.integer({ min: 1, max: 16 }),
  nets: fc.integer({ min: 1, max: 3 }),
  perNet: fc.integer({ min: 1, max: 40 }),
  path: fc.constantFrom('router', 'isolated', 'dvr'),
  client: fc.constantFrom('chef-pre', 'chef-post', 'cloud-init', 'periodic'),
  keepAlive: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

type Shape = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function toScenario(x: Shape): ScenarioInput {
  const client =
    x.client === 'cloud-init'
      ? { kind: 'cloud-init', boot: { window: 60 }, timeout: 3, retries: 2 }
      : x.client === 'periodic'
        ? {
            kind: 'periodic',
            interval: { kind: 'exponential', mean: 5 },
            requests: 3,
            keepAlive: x.keepAlive,
            timeout: 4,
          }
        : {
            kind: 'chef',
            interval: 120,
            splay: 30,
            ohai: { version: x.client === 'chef-pre' ? 'pre-995' : 'post-995' },
            restOfRun: { kind: 'uniform', min: 1, max: 30 },
          };
  return {
    name: 'prop',
    duration: 600,
    warmup: 120,
    topology: {
      metadataPath: x.path as 'router',
      computeHosts: 3,
      networks: Array.from({ length: x.nets }, (_, i) => ({
        name: `n${i}`,
        cidr: `10.0.${i}.0/24`,
        instances: x.perNet,
      })),
    },
    kernel: { namespaceSomaxconn: x.somaxconn },
    proxy: {
      kind: x.kind as 'eventlet',
      eventlet: { poolSize: x.pool, keepAlive: x.keepAlive },
      haproxy: { maxconn: x.maxconn },
    },
    agent: { workers: 1, poolSize: 4 },
    clients: [client as never],
  };
}

test('conservation and stage accounting hold on random small scenarios', () => {
  fc.assert(
    fc.property(scenarioArb, (x) => {
      const s = Scenario.parse(toScenario(x));
      const r = simulateReplication(s, { seed: x.seed, replication: 0, warmup: s.warmup as number });
      const q = r.requests;
      // Every request that started in the window is counted once: resolved, or open at the cap.
      assert.equal(q.started, q.ended + q.openAtCap);
      assert.equal(
        r.populations.reduce((a, p) => a + p.requests.count, 0),
        q.ended,
      );
      for (const p of r.populations) assert.equal(p.started, p.ok + p.failed + p.skipped + p.openAtCap);
      assert.equal(q.outcomes.ok + q.outcomes.clientTimeout + q.outcomes.connectFailure + q.outcomes.http5xx, q.ended);
      const lat = LatencyHistogram.fromJSON(q.latency).sum;
      const stages = Object.values(q.stageSeconds).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(lat - stages) <= 1e-6 * Math.max(1, lat), `stages ${stages} vs latency ${lat}`);
      const perNet = r.networks.reduce((a, n) => a + n.requests, 0);
      assert.equal(perNet, q.ended);
      for (const c of r.components) assert.ok(c.poolMax <= c.capacity, `${c.id} pool ${c.poolMax} > ${c.capacity}`);
    }),
    { numRuns: RUNS },
  );
});

test("once a boot storm drains, Little's law holds for the RPC and API pools and each CPU was busy for exactly the work it was given", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 1e6 }),
      (instances, pool, seed) => {
        const s = Scenario.parse({
          name: 'little',
          topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances }] },
          proxy: { eventlet: { poolSize: pool } },
          agent: { workers: 2 },
          // No background RPCs: they never stop, and the check needs the system to drain.
          neutronServer: { rpcWorkers: 2, backgroundRpcRate: 0 },
          clients: [{ kind: 'cloud-init', boot: { window: 20 }, requests: 5, timeout: 3, retries: 1 }],
        });
        const sim = new Simulation(seed);
        const topo = buildTopology(sim, s);
        const rec = new Recorder(1);
        const pop = rec.population('c', 'cloud-init');
        const ctx = { sim, rec, syn: { synRetries: 6, initialRto: 1 }, pop };
        const c = s.clients[0];
        if (c.kind !== 'cloud-init') throw new Error('unreachable');
        const think = sim.sampler(c.thinkTime, 'think');
        for (const inst of topo.instances)
          sim.spawn(cloudInitInstance(ctx, c, inst, sim.streams.stream(`b${inst.index}`).next() * 20, 1, think));
        sim.cal.run(); // every instance finishes its crawl: the system drains
        const end = sim.now;
        // The pools read as a control event does, before the model's events of their instant:
        // a second later, the last release (at `end`) has been counted.
        sim.cal.runUntil(end + 1);
        const pools = [topo.rpc.servers, topo.neutronApi.workers];
        for (const res of pools) {
          // L = lambda W, integrated: area under the queue-length curve = sum of waits.
          const area = res.queueLength.integral(end);
          assert.ok(
            Math.abs(area - res.waitSeconds) <= 1e-9 * Math.max(1, area),
            `${res.name}: ${area} vs ${res.waitSeconds}`,
          );
          assert.equal(res.inService, 0);
          assert.equal(res.queued, 0);
        }
        const cpus = [
          ...topo.agents.flatMap((a) => a.server.workers.map((w) => w.cpu)),
          ...topo.nova.server.workers.map((w) => w.cpu),
          ...topo.proxies.flatMap((p) => (p instanceof EventletProxy ? p.server.workers.map((w) => w.cpu) : [])),
        ];
        for (const cpu of cpus) {
          // Work conservation: the busy time integrated burst by burst is the work handed out,
          // and it fits in the time elapsed (one burst at a time).
          const busy = cpu.busySeconds(end);
          assert.ok(
            Math.abs(busy - cpu.workSeconds) <= 1e-9 * Math.max(1, busy),
            `${cpu.name}: ${busy} vs ${cpu.workSeconds}`,
          );
          assert.ok(busy <= end + 1e-9, `${cpu.name}: busy ${busy} s in ${end} s`);
        }
        assert.equal(rec.inFlight, 0);
      },
    ),
    { numRuns: RUNS },
  );
});

test('more green threads never raise the mean wait (same streams, FIFO, deterministic service)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 5, max: 60 }),
      fc.integer({ min: 0, max: 1e6 }),
      (pool, extra, instances, seed) => {
        const meanWait = (poolSize: number): number => {
          const s = Scenario.parse({
            name: 'mono',
            duration: 300,
            warmup: 0,
            topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances }] },
            kernel: { namespaceSomaxconn: 4096 },
            proxy: { eventlet: { poolSize, keepAlive: false, cpuPerRequest: 0, cpuPerConnection: 0 } },
            agent: { responseTime: 0.5, workers: 4, poolSize: 1000 },
            clients: [{ kind: 'periodic', interval: { kind: 'exponential', mean: 10 }, timeout: 0 }],
          });
          const r = simulateReplication(s, { seed, replication: 0, warmup: 0 });
          const st = r.requests.stageSeconds;
          return (st.listenQueue + st.poolWait) / Math.max(1, r.requests.ended);
        };
        const a = meanWait(pool);
        const b = meanWait(pool + extra);
        assert.ok(b <= a + 1e-12, `pool ${pool}: ${a}, pool ${pool + extra}: ${b}`);
      },
    ),
    { numRuns: RUNS },
  );
});
