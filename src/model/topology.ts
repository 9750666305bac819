/**
 * Turns a scenario's topology into the running system: the proxies placement.ts places (one per
 * router, per network per DHCP agent, or per router per compute host with DVR), a metadata agent
 * per host that runs one, one Nova metadata API and one neutron-server, and for every instance
 * the proxy it reaches at 169.254.169.254.
 */
import type { Simulation } from '../engine/simulation.js';
import type { Scenario } from '../scenario/schema.js';
import type { Caller } from './connection.js';
import { Listener } from './kernel.js';
import { synPolicyOf } from './tcp-connect.js';
import { MetadataAgent } from './metadata-agent.js';
import { NeutronApi } from './neutron-api.js';
import { NeutronRpc } from './neutron-rpc.js';
import { NovaMetadataApi } from './nova-api.js';
import { placeProxies, type ProxySpec } from './placement.js';
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

/** somaxconn default for a kernel version: 128 before Linux 5.4, 4096 since. */
export function defaultSomaxconn(version: string): number {
  const [maj, min] = version.split('.').map(Number);
  return maj > 5 || (maj === 5 && min >= 4) ? 4096 : 128;
}

/** neutron-server (RPC and API workers) and the Nova metadata API behind every agent. */
function buildServers(sim: Simulation, s: Scenario, hostSomax: number) {
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
    ns.controllers * ns.apiWorkers,
    sim.sampler(ns.securityGroupCallTime, 'neutron-api/security-groups'),
  );
  const nova = new NovaMetadataApi(
    sim,
    s.nova,
    hostSomax,
    synPolicyOf(s.kernel),
    sim.sampler(s.nova.cpuPerRequest, 'nova/cpu'),
    sim.sampler(s.nova.missTime, 'nova/miss'),
    neutronApi,
  );
  return { rpc, neutronApi, nova };
}

/** The proxy a ProxySpec places, of the scenario's proxy kind, in front of its host's agent. */
function buildProxy(sim: Simulation, s: Scenario, p: ProxySpec, agent: MetadataAgent, somax: number): MetadataProxy {
  const { id, host } = p;
  if (s.proxy.kind === 'haproxy') {
    const cfg = s.proxy.haproxy;
    return new HaproxyProxy(sim, id, host, cfg, somax, agent, sim.sampler(cfg.cpuPerRequest, `proxy/${id}/cpu`));
  }
  const cfg = s.proxy.eventlet;
  return new EventletProxy(
    sim,
    id,
    host,
    cfg,
    somax,
    agent,
    sim.sampler(cfg.cpuPerRequest, `proxy/${id}/cpu`),
    sim.sampler(cfg.cpuPerConnection, `proxy/${id}/accept-cpu`),
    sim.sampler(cfg.connectSpinCpu, `proxy/${id}/spin-cpu`),
  );
}

/** Builds the running system of a validated scenario, following its placement (placement.ts). */
export function buildTopology(sim: Simulation, s: Scenario): BuiltTopology {
  const nsSomax = s.kernel.namespaceSomaxconn ?? defaultSomaxconn(s.kernel.version);
  const hostSomax = s.kernel.hostSomaxconn ?? defaultSomaxconn(s.kernel.version);
  const { rpc, neutronApi, nova } = buildServers(sim, s, hostSomax);
  // One metadata agent per host that runs a proxy, created with its first proxy.
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
  const placed = placeProxies(s.topology);
  const endpoints = placed.proxies.map((p): Endpoint => {
    const proxy = buildProxy(sim, s, p, agentOn(p.host), nsSomax);
    return { proxy, listener: proxy.listener, proxyKey: p.key, viaRouter: p.viaRouter };
  });
  return {
    proxies: endpoints.map((e) => e.proxy),
    agents: [...agents.values()],
    nova,
    rpc,
    neutronApi,
    instances: placed.instances.map((x, index) => ({
      index,
      network: x.network,
      endpoint: endpoints[x.proxy],
      computeHost: x.computeHost,
    })),
    networkProxies: placed.networkProxies.map((ps) => ps.map((i) => endpoints[i].proxy.id)),
    usableAddresses: placed.usableAddresses,
  };
}
