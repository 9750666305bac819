/**
 * Turns a scenario's topology into the running system: metadata agents per host, one proxy per
 * router (router mode), per network per DHCP agent (isolated metadata) or per router per compute
 * host (DVR), one Nova metadata API and one neutron-server, and for every instance the proxy it
 * reaches at 169.254.169.254.
 */
import type { Simulation } from '../engine/simulation.js';
import { parseCidr, usableInstanceAddresses } from '../scenario/cidr.js';
import type { Scenario } from '../scenario/schema.js';
import type { Caller } from './connection.js';
import { Listener, synPolicyOf } from './kernel.js';
import { MetadataAgent } from './metadata-agent.js';
import { NeutronApi } from './neutron-api.js';
import { NeutronRpc } from './neutron-rpc.js';
import { NovaMetadataApi } from './nova-api.js';
import { EventletProxy } from './proxy-eventlet.js';
import { HaproxyProxy } from './proxy-haproxy.js';

export type MetadataProxy = EventletProxy | HaproxyProxy;

/** Where an instance's metadata requests go. */
export interface Endpoint {
  proxy: MetadataProxy;
  listener: Listener;
  /** Router id (router/DVR) or network id (isolated): the agent's first cache key. */
  proxyKey: string;
  viaRouter: boolean;
}

export interface Instance extends Caller {
  endpoint: Endpoint;
  computeHost: number;
}

export interface BuiltTopology {
  proxies: MetadataProxy[];
  agents: MetadataAgent[];
  nova: NovaMetadataApi;
  rpc: NeutronRpc;
  neutronApi: NeutronApi;
  instances: Instance[];
  /** Proxy ids serving each network. */
  networkProxies: string[][];
  usableAddresses: number[];
}

export class TopologyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TopologyError';
  }
}

/** somaxconn default for a kernel version: 128 before Linux 5.4, 4096 since. */
export function defaultSomaxconn(version: string): number {
  const [maj, min] = version.split('.').map(Number);
  return maj > 5 || (maj === 5 && min >= 4) ? 4096 : 128;
}

/** LeastRoutersScheduler / least-networks placement: the host with fewest items, lowest index first. */
function leastLoaded(loads: number[]): number {
  let best = 0;
  for (let i = 1; i < loads.length; i++) if (loads[i] < loads[best]) best = i;
  return best;
}

export function buildTopology(sim: Simulation, s: Scenario): BuiltTopology {
  const t = s.topology;
  const nsSomax = s.kernel.namespaceSomaxconn ?? defaultSomaxconn(s.kernel.version);
  const hostSomax = s.kernel.hostSomaxconn ?? defaultSomaxconn(s.kernel.version);
  const syn = synPolicyOf(s.kernel);

  const ns = s.neutronServer;
  const rpc = new NeutronRpc(
    sim,
    ns.controllers * ns.rpcWorkers,
    sim.sampler(s.agent.rpcLatency, 'rpc/latency'),
    sim.sampler(s.agent.rpcServiceTime, 'rpc/service'),
  );
  rpc.startBackground(
    ns.backgroundRpcRate,
    sim.streams.stream('rpc/background/arrival'),
    sim.sampler(ns.backgroundRpcServiceTime, 'rpc/background/service'),
  );
  const neutronApi = new NeutronApi(
    sim,
    ns.controllers * (ns.apiWorkers ?? ns.cpus),
    sim.sampler(ns.securityGroupCallTime, 'neutron-api/security-groups'),
  );
  const nova = new NovaMetadataApi(
    sim,
    s.nova,
    hostSomax,
    syn,
    sim.sampler(s.nova.cpuPerRequest, 'nova/cpu'),
    sim.sampler(s.nova.missTime, 'nova/miss'),
    neutronApi,
  );

  const agents = new Map<string, MetadataAgent>();
  const agentOn = (host: string): MetadataAgent => {
    let a = agents.get(host);
    if (a === undefined) {
      a = new MetadataAgent(sim, host, s.agent, hostSomax, rpc, nova, {
        cpu: sim.sampler(s.agent.cpuPerRequest, `agent/${host}/cpu`),
        responseTime: s.agent.responseTime ? sim.sampler(s.agent.responseTime, `agent/${host}/response`) : null,
      });
      agents.set(host, a);
    }
    return a;
  };

  const proxies: MetadataProxy[] = [];
  const makeProxy = (id: string, host: string, key: string, viaRouter: boolean): Endpoint => {
    const agent = agentOn(host);
    const proxy: MetadataProxy =
      s.proxy.kind === 'eventlet'
        ? new EventletProxy(
            sim,
            id,
            host,
            s.proxy.eventlet,
            nsSomax,
            agent,
            sim.sampler(s.proxy.eventlet.cpuPerRequest, `proxy/${id}/cpu`),
            sim.sampler(s.proxy.eventlet.cpuPerConnection, `proxy/${id}/accept-cpu`),
            sim.sampler(s.proxy.eventlet.connectSpinCpu, `proxy/${id}/spin-cpu`),
          )
        : new HaproxyProxy(
            sim,
            id,
            host,
            s.proxy.haproxy,
            nsSomax,
            agent,
            sim.sampler(s.proxy.haproxy.cpuPerRequest, `proxy/${id}/cpu`),
          );
    proxies.push(proxy);
    return { proxy, listener: proxy.listener, proxyKey: key, viaRouter };
  };

  // Validate addressing and routers before building anything per instance.
  const routerIndex = new Map(t.routers.map((r, i) => [r.name, i]));
  const usableAddresses = t.networks.map((n, i) => {
    const c = parseCidr(n.cidr);
    if (typeof c === 'string') throw new TopologyError(`topology.networks[${i}].cidr`, c);
    const usable = usableInstanceAddresses(c, t);
    if (n.instances > usable)
      throw new TopologyError(
        `topology.networks[${i}].instances`,
        `${n.instances} instances do not fit in ${n.cidr} (${usable} usable addresses after network, broadcast, gateway${t.metadataPath === 'dvr' ? ', the DVR SNAT port' : ''} and ${t.dhcpAgentsPerNetwork} DHCP port(s))`,
      );
    if (t.metadataPath !== 'isolated' && n.router !== undefined && !routerIndex.has(n.router))
      throw new TopologyError(`topology.networks[${i}].router`, `no router named "${n.router}"`);
    return usable;
  });
  const routerOf = (i: number): string => t.networks[i].router ?? t.routers[0].name;

  const instances: Instance[] = [];
  const networkProxies: string[][] = t.networks.map(() => []);
  let computeRR = 0;

  if (t.metadataPath === 'router') {
    const l3Load = new Array<number>(t.l3Agents).fill(0);
    const endpoints = new Map<string, Endpoint>();
    t.routers.forEach((r, i) => {
      const host = r.l3Agent !== undefined ? r.l3Agent : leastLoaded(l3Load);
      if (host >= t.l3Agents)
        throw new TopologyError(
          `topology.routers[${i}].l3Agent`,
          `is ${host} but there are only ${t.l3Agents} L3 agents`,
        );
      l3Load[host]++;
      endpoints.set(r.name, makeProxy(`qrouter-${r.name}`, `network-node-${host}`, r.name, true));
    });
    t.networks.forEach((n, ni) => {
      const ep = endpoints.get(routerOf(ni))!;
      networkProxies[ni].push(ep.proxy.id);
      for (let k = 0; k < n.instances; k++)
        instances.push({
          index: instances.length,
          network: ni,
          endpoint: ep,
          computeHost: computeRR++ % t.computeHosts,
        });
    });
  } else if (t.metadataPath === 'isolated') {
    if (t.dhcpAgentsPerNetwork > t.dhcpAgents)
      throw new TopologyError(
        'topology.dhcpAgentsPerNetwork',
        `is ${t.dhcpAgentsPerNetwork} but there are only ${t.dhcpAgents} DHCP agents`,
      );
    const dhcpLoad = new Array<number>(t.dhcpAgents).fill(0);
    t.networks.forEach((n, ni) => {
      const eps: Endpoint[] = [];
      const taken = new Set<number>();
      for (let d = 0; d < t.dhcpAgentsPerNetwork; d++) {
        const loads = dhcpLoad.map((l, h) => (taken.has(h) ? Infinity : l));
        const host = leastLoaded(loads);
        taken.add(host);
        dhcpLoad[host]++;
        const ep = makeProxy(`qdhcp-${n.name}@dhcp-${host}`, `dhcp-node-${host}`, n.name, false);
        eps.push(ep);
        networkProxies[ni].push(ep.proxy.id);
      }
      // Each instance's host route to 169.254.169.254 points at one DHCP port: spread evenly.
      for (let k = 0; k < n.instances; k++)
        instances.push({
          index: instances.length,
          network: ni,
          endpoint: eps[k % eps.length],
          computeHost: computeRR++ % t.computeHosts,
        });
    });
  } else {
    // DVR: the router's namespace exists on every compute host with instances behind it.
    const endpoints = new Map<string, Endpoint>();
    t.networks.forEach((n, ni) => {
      const router = routerOf(ni);
      for (let k = 0; k < n.instances; k++) {
        const host = computeRR++ % t.computeHosts;
        const key = `${router}@${host}`;
        let ep = endpoints.get(key);
        if (ep === undefined) {
          ep = makeProxy(`qrouter-${router}@compute-${host}`, `compute-${host}`, router, true);
          endpoints.set(key, ep);
        }
        if (!networkProxies[ni].includes(ep.proxy.id)) networkProxies[ni].push(ep.proxy.id);
        instances.push({ index: instances.length, network: ni, endpoint: ep, computeHost: host });
      }
    });
  }

  return { proxies, agents: [...agents.values()], nova, rpc, neutronApi, instances, networkProxies, usableAddresses };
}
