/**
 * neutron-server's worker pools (neutron-rpc.ts, neutron-api.ts): exact completion times with
 * constant service times, and the Poisson background load's share of the one RPC worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/distributions.js';
import { Simulation } from '../../src/engine/simulation.js';
import { NeutronRpc } from '../../src/model/neutron-rpc.js';
import { buildTopology } from '../../src/model/topology.js';
import { Scenario } from '../../src/scenario/schema.js';
import { getAt, system } from './harness.js';

const zero = { name: 'zero', next: () => 0 };
const constant = (value: number) => compile({ kind: 'constant', value }, zero);

/** Answer times of `n` get_ports calls made together at 0, with no round-trip latency. */
function answers(workers: number, n: number, service: number): number[] {
  const sim = new Simulation(1);
  const rpc = new NeutronRpc(sim, workers, constant(0), constant(service));
  const out: number[] = [];
  for (let i = 0; i < n; i++) rpc.call(60, () => out.push(sim.now), null);
  sim.cal.run();
  return out;
}

test('rpc_workers defaults to 1 per controller; 2 controllers give 2 workers', () => {
  const parse = (ns: object) =>
    Scenario.parse({
      name: 't',
      topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 1 }] },
      clients: [{ kind: 'chef' }],
      neutronServer: ns,
    });
  assert.equal(buildTopology(new Simulation(1), parse({})).rpc.servers.capacity, 1);
  assert.equal(buildTopology(new Simulation(1), parse({ controllers: 2 })).rpc.servers.capacity, 2);
  // api_workers defaults to the controller's CPU count (8), per controller.
  assert.equal(buildTopology(new Simulation(1), parse({ controllers: 2 })).neutronApi.workers.capacity, 16);
});

test('one RPC worker saturates at 1/serviceTime: 500 calls of 4 ms end at 2.000 s (250 calls/s)', () => {
  const t = answers(1, 500, 0.004);
  assert.equal(t.length, 500);
  assert.ok(Math.abs(t[499] - 2) < 1e-9, `last at ${t[499]}`);
  assert.ok(Math.abs(t[0] - 0.004) < 1e-9);
  // Two workers (two controllers) halve it.
  assert.ok(Math.abs(answers(2, 500, 0.004)[499] - 1) < 1e-9);
});

test('a burst past rpc_response_timeout: with 1 worker of 0.5 s, calls 121-200 time out at 60 s', () => {
  const sim = new Simulation(1);
  const rpc = new NeutronRpc(sim, 1, constant(0), constant(0.5));
  const ok: boolean[] = [];
  for (let i = 0; i < 200; i++) rpc.call(60, (r: boolean) => ok.push(r), null);
  sim.cal.run();
  // Call k (1-based) is answered at 0.5 k s: k = 120 at exactly 60 s loses the race to its timer
  // only if the timer fires first; the timer was scheduled first, so 119 are answered in time.
  assert.equal(ok.filter((x) => x).length, 119);
  assert.equal(rpc.timeouts, 81);
});

test('background RPCs hold the worker for exactly their service time: 10 ms each at 20/s is 20% busy', () => {
  const sim = new Simulation(5);
  const rpc = new NeutronRpc(sim, 1, constant(0), constant(0.004));
  rpc.startBackground(20, sim.streams.stream('bg'), constant(0.01));
  sim.cal.runUntil(10_000);
  const n = rpc.backgroundCalls;
  // Poisson count over 10,000 s at 20/s: 200,000 ± 4 sd (sd = sqrt(200,000) = 447).
  assert.ok(Math.abs(n - 200_000) < 4 * 447, `${n} calls`);
  // Every call but possibly the last finished: busy time is 10 ms per call.
  const busy = rpc.servers.busy.integral(10_000);
  assert.ok(busy <= n * 0.01 + 1e-6 && busy >= (n - 1) * 0.01 - 1e-6, `busy ${busy} for ${n} calls`);
});

test('a Nova cache miss waits for an API worker: 40 ms database + 20 ms security groups; a second miss queues 20 ms', () => {
  const sys = system({
    agent: { responseTime: undefined, cpuPerRequest: 0, rpcLatency: 0, rpcServiceTime: 0 },
    nova: { cpuPerRequest: 0, missTime: 0.04 },
    neutronServer: { apiWorkers: 1, backgroundRpcRate: 0, securityGroupCallTime: 0.02 },
  });
  const a = getAt(sys, 0, 0);
  const b = getAt(sys, 1, 0);
  sys.sim.cal.runUntil(10);
  assert.ok(Math.abs(a[0].latency - 0.06) < 1e-9, `a ${a[0].latency}`);
  assert.ok(Math.abs(b[0].latency - 0.08) < 1e-9, `b ${b[0].latency}`);
  assert.equal(sys.topo.neutronApi.calls, 2);
});
