/**
 * When ohai's sockets close (chef.ts): one instance, one chef run, zero-cost proxy and a fixed
 * 0.1 s agent, so the green threads a run holds can be counted by hand. The run starts at 0,
 * probes at 1 s, crawls 5 GETs of 0.1 s back to back (1.0-1.5 s), then its tail of 60 s: the
 * run ends at 61.5 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type DistSpec } from '../../src/engine/distributions.js';
import { ChefClient } from '../../src/model/clients/chef.js';
import type { EventletProxy } from '../../src/model/proxy-eventlet.js';
import type { HaproxyProxy } from '../../src/model/proxy-haproxy.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import { system } from './harness.js';

const zero = { name: 'zero', next: () => 0 };
const constant = (value: number) => compile({ kind: 'constant', value }, zero);

/** Threads (eventlet) or connections (HAProxy) in use at each of `times`. */
function held(ohai: Record<string, unknown>, times: number[], proxy: Partial<ScenarioInput['proxy']> = {}): number[] {
  const sys = system({ proxy });
  const spec = Scenario.parse({
    name: 't',
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 1 }] },
    clients: [{ kind: 'chef', ohai: { requests: 5, thinkTime: 0, ...ohai } }],
  }).clients[0];
  if (spec.kind !== 'chef') throw new Error('chef expected');
  const gc = spec.ohai.gcDelay === 'run-end' ? null : compile(spec.ohai.gcDelay as DistSpec, zero);
  const draws = { preOhai: constant(1), restOfRun: constant(60), k: () => 5, gc };
  new ChefClient(
    { ...sys.ctx, pop: sys.rec.population('c', 'chef') },
    spec,
    sys.topo.instances[0],
    zero,
    draws,
    constant(0),
  ).start();
  const out: number[] = [];
  const p = sys.topo.proxies[0] as EventletProxy | HaproxyProxy;
  for (const t of times) sys.sim.cal.scheduleAt(t, () => out.push(p.poolInUse));
  sys.sim.cal.runUntil(200);
  return out;
}

test('post-#995 keeps one green thread per run for the whole 60 s tail, plus the probe: 2 until 61.5 s', () => {
  assert.deepEqual(held({ version: 'post-995', gcDelay: 'run-end' }, [0.5, 1.2, 30, 61.4, 61.6]), [0, 2, 2, 2, 0]);
});

test('post-#995: keepAliveTimeout 10 does not close the idle connection; the closeIdleAfter opt-in does', () => {
  assert.deepEqual(held({ version: 'post-995', gcDelay: 'run-end', keepAliveTimeout: 10 }, [12, 30]), [2, 2]);
  // Closes 10 s after the crawl (1.5 s): the probe alone is left from 11.5 s.
  assert.deepEqual(held({ version: 'post-995', gcDelay: 'run-end', closeIdleAfter: 10 }, [11.4, 11.6]), [2, 1]);
});

test('pre-#995 with gcDelay "run-end": the probe and all 5 GET connections hold threads until 61.5 s', () => {
  assert.deepEqual(held({ gcDelay: 'run-end' }, [1.05, 1.45, 61.4, 61.6]), [2, 6, 6, 0]);
});

test('pre-#995 with a 10 s GC delay: each connection goes 10 s after its GET (probe at 11 s, GETs 11.1-11.5 s)', () => {
  assert.deepEqual(held({ gcDelay: 10 }, [10.95, 11.05, 11.25, 11.55]), [6, 5, 3, 0]);
});

test('post-#995 with a 10 s GC delay: only the probe is collected (11 s); the reachable @conn stays to the run end', () => {
  assert.deepEqual(held({ version: 'post-995', gcDelay: 10 }, [10.9, 11.1, 61.4, 61.6]), [2, 1, 1, 0]);
});

test('HAProxy drops the idle probe after timeout http-request (30 s) and the idle keep-alive after 30 s', () => {
  // Probe accepted at 1 s: dropped at 31 s; the persistent connection idles from 1.5 s: 31.5 s.
  const h = held({ version: 'post-995', gcDelay: 'run-end' }, [30.9, 31.2, 31.6], { kind: 'haproxy' });
  assert.deepEqual(h, [2, 1, 0]);
});
