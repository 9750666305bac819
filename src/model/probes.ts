/**
 * A uniform view of every component's occupancy for sampling and summaries: proxies (green
 * threads or HAProxy connections), metadata agents, Nova, and neutron-server's RPC and API
 * workers. Each component makes its own probe (`probe()`); this module lists them in the
 * order results show them and holds the probe shared by neutron-server's worker pools.
 */
import type { FcfsPool } from '../engine/fcfs-pool.js';
import type { ComponentStats, TimeSeries } from '../stats/results.js';
import type { BuiltTopology } from './topology.js';

export interface ComponentProbe {
  pool(): number;
  queue(): number;
  reset(): void;
  stats(now: number, series: TimeSeries): ComponentStats;
}

/** Proxies, agents, Nova, neutron-server RPC, neutron-server API: the order of `components`. */
export function probesFor(topo: BuiltTopology): ComponentProbe[] {
  return [
    ...topo.proxies.map((p) => p.probe()),
    ...topo.agents.map((a) => a.probe()),
    topo.nova.probe(),
    topo.rpc.probe(),
    topo.neutronApi.probe(),
  ];
}

/** What a neutron-server worker pool's owner counts and resets. */
interface PoolOwner {
  readonly calls: number;
  resetStats(): void;
}

/** A neutron-server worker pool: its calls queue in RabbitMQ or the API's sockets, shown unbounded. */
export function workerPoolProbe(
  id: string,
  kind: 'neutron-rpc' | 'neutron-api',
  r: FcfsPool,
  owner: PoolOwner,
): ComponentProbe {
  return {
    pool: () => r.inService,
    queue: () => r.queued,
    reset: () => owner.resetStats(),
    stats: (now, series) => ({
      id,
      kind,
      host: 'controller',
      capacity: r.capacity,
      acceptQueueCapacity: 0, // RPC calls queue in RabbitMQ, not in a kernel accept queue
      poolMean: r.busy.mean(now),
      poolMax: r.busy.max,
      queueMean: r.queueLength.mean(now),
      queueMax: r.queueLength.max,
      cpuUtilisation: r.busy.mean(now) / r.capacity,
      connectionsAccepted: owner.calls,
      synDrops: 0,
      series,
    }),
  };
}
