/**
 * A uniform view of every component's occupancy for sampling and summaries: proxies (green
 * threads or HAProxy connections), metadata agents, Nova, and neutron-server's RPC and API workers.
 */
import type { Resource } from '../engine/resource.js';
import type { ComponentStats, TimeSeries } from '../stats/results.js';
import type { EventletServer } from './eventlet-server.js';
import type { BuiltTopology } from './topology.js';

export interface ComponentProbe {
  pool(): number;
  queue(): number;
  reset(): void;
  stats(now: number, series: TimeSeries): ComponentStats;
}

function eventletProbe(id: string, kind: ComponentStats['kind'], host: string, srv: EventletServer): ComponentProbe {
  return {
    pool: () => srv.poolBusy.current,
    queue: () => srv.listener.queued,
    reset: () => srv.resetStats(),
    stats: (now, series) => ({
      id,
      kind,
      host,
      capacity: srv.capacity,
      acceptQueueCapacity: srv.listener.capacity,
      poolMean: srv.poolBusy.mean(now),
      poolMax: srv.poolBusy.max,
      queueMean: srv.listener.length.mean(now),
      queueMax: srv.listener.length.max,
      cpuUtilisation: srv.cpuUtilisation(now),
      connectionsAccepted: srv.listener.accepted,
      synDrops: srv.listener.synDrops,
      series,
    }),
  };
}

export function probesFor(topo: BuiltTopology): ComponentProbe[] {
  const out: ComponentProbe[] = [];
  for (const p of topo.proxies) {
    if (p.kind === 'proxy-eventlet') {
      out.push(eventletProbe(p.id, p.kind, p.host, p.server));
    } else {
      const h = p;
      out.push({
        pool: () => h.poolInUse,
        queue: () => h.queueLength,
        reset: () => h.resetStats(),
        stats: (now, series) => ({
          id: h.id,
          kind: h.kind,
          host: h.host,
          capacity: h.capacity,
          acceptQueueCapacity: h.listener.capacity,
          poolMean: h.poolBusy.mean(now),
          poolMax: h.poolBusy.max,
          queueMean: h.listener.length.mean(now) + (h.serverSlots?.queueLength.mean(now) ?? 0),
          queueMax: h.listener.length.max + (h.serverSlots?.queueLength.max ?? 0),
          cpuUtilisation: h.cpuUtilisation(now),
          connectionsAccepted: h.listener.accepted,
          synDrops: h.listener.synDrops,
          series,
        }),
      });
    }
  }
  for (const a of topo.agents) out.push(eventletProbe(`metadata-agent@${a.host}`, 'agent', a.host, a.server));
  out.push(eventletProbe('nova-metadata-api', 'nova', 'controller', topo.nova.server));
  out.push(
    poolProbe(
      'neutron-server-rpc',
      'neutron-rpc',
      topo.rpc.servers,
      () => topo.rpc.calls,
      () => topo.rpc.resetStats(),
    ),
  );
  const api = topo.neutronApi;
  out.push(
    poolProbe(
      'neutron-server-api',
      'neutron-api',
      api.workers,
      () => api.calls,
      () => api.resetStats(),
    ),
  );
  return out;
}

/** A neutron-server worker pool: its calls queue in RabbitMQ or the API's sockets, shown unbounded. */
function poolProbe(
  id: string,
  kind: 'neutron-rpc' | 'neutron-api',
  r: Resource,
  calls: () => number,
  reset: () => void,
): ComponentProbe {
  return {
    pool: () => r.inService,
    queue: () => r.queued,
    reset,
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
      connectionsAccepted: calls(),
      synDrops: 0,
      series,
    }),
  };
}
