/**
 * Placement: which metadata proxies exist, on which host, and which one each instance reaches
 * at 169.254.169.254. Pure (a scenario topology in, plain data out), so it is tested without a
 * Simulation; model/topology.ts builds the running components from it.
 *
 * - router: one proxy per router in qrouter-<id>, on the L3 agent its `l3Agent` names or, by
 *   default, the one with fewest routers (LeastRoutersScheduler), lowest index first.
 * - isolated: per network, `dhcpAgentsPerNetwork` proxies in qdhcp-<id> on distinct DHCP
 *   agents, each the least-loaded one left; each instance's host route points at one of the
 *   network's DHCP ports, spread evenly.
 * - dvr: the router's namespace exists on every compute host with instances behind it: one
 *   proxy per (router, compute host) that has instances.
 * Instances are numbered network by network and spread over compute hosts round-robin.
 *
 * The scenario is assumed validated (scenario/load.ts checks subnet fit, router names, the
 * `l3Agent` range and `dhcpAgentsPerNetwork`); an impossible placement here is an internal error.
 */
import { parseCidr, usableInstanceAddresses } from '../scenario/cidr.js';
import type { Scenario } from '../scenario/schema.js';

type TopologySpec = Scenario['topology'];

/** One metadata proxy to build. */
export interface ProxySpec {
  /** qrouter-<router>, qrouter-<router>@compute-<h> or qdhcp-<network>@dhcp-<h>. */
  id: string;
  /** The host it runs on (network-node-<h>, compute-<h>, dhcp-node-<h>): one metadata agent each. */
  host: string;
  /** Router name (router/DVR) or network name (isolated): the agent's first cache key. */
  key: string;
  viaRouter: boolean;
}

export interface PlacedInstance {
  network: number;
  /** Index into `Placement.proxies`. */
  proxy: number;
  computeHost: number;
}

export interface Placement {
  /** In the order they are to be built. */
  proxies: ProxySpec[];
  /** In instance index order. */
  instances: PlacedInstance[];
  /** Per network, the indices of the proxies serving it, in order of first use. */
  networkProxies: number[][];
  /** Per network, the addresses its subnet has for instances (scenario/cidr.ts). */
  usableAddresses: number[];
}

/** A placement the validated scenario should have made impossible. */
function unvalidated(what: string): never {
  throw new Error(`placement: ${what} (the scenario was not validated by scenario/load.ts)`);
}

/** LeastRoutersScheduler / least-networks placement: the host with fewest items, lowest index first. */
function leastLoaded(loads: number[]): number {
  let best = 0;
  for (let i = 1; i < loads.length; i++) if (loads[i] < loads[best]) best = i;
  return best;
}

/** Instances of network `ni` (the k-th of them reaching `proxyOf(k, computeHost)`). */
function placeInstances(
  t: TopologySpec,
  out: Placement,
  ni: number,
  proxyOf: (k: number, computeHost: number) => number,
): void {
  for (let k = 0; k < t.networks[ni].instances; k++) {
    const computeHost = out.instances.length % t.computeHosts;
    out.instances.push({ network: ni, proxy: proxyOf(k, computeHost), computeHost });
  }
}

/** A placement with no proxy yet, and each subnet's room (which the instances must fit). */
function empty(t: TopologySpec): Placement {
  const usableAddresses = t.networks.map((n, i) => {
    const c = parseCidr(n.cidr);
    const usable = typeof c === 'string' ? -1 : usableInstanceAddresses(c, t);
    if (n.instances > usable) unvalidated(`networks[${i}] does not fit its subnet`);
    return usable;
  });
  return { proxies: [], instances: [], networkProxies: t.networks.map(() => []), usableAddresses };
}
const routerOf = (t: TopologySpec, ni: number): string => t.networks[ni].router ?? t.routers[0].name;

export function placeRouter(t: TopologySpec): Placement {
  const out = empty(t);
  const l3Load = new Array<number>(t.l3Agents).fill(0);
  const proxyOfRouter = new Map<string, number>();
  t.routers.forEach((r, i) => {
    const host = r.l3Agent ?? leastLoaded(l3Load);
    if (host >= t.l3Agents) unvalidated(`routers[${i}] on L3 agent ${host} of ${t.l3Agents}`);
    l3Load[host]++;
    proxyOfRouter.set(r.name, out.proxies.length);
    out.proxies.push({ id: `qrouter-${r.name}`, host: `network-node-${host}`, key: r.name, viaRouter: true });
  });
  t.networks.forEach((_, ni) => {
    const proxy = proxyOfRouter.get(routerOf(t, ni)) ?? unvalidated(`no router "${routerOf(t, ni)}"`);
    out.networkProxies[ni].push(proxy);
    placeInstances(t, out, ni, () => proxy);
  });
  return out;
}

export function placeIsolated(t: TopologySpec): Placement {
  const out = empty(t);
  if (t.dhcpAgentsPerNetwork > t.dhcpAgents)
    unvalidated(`${t.dhcpAgentsPerNetwork} DHCP agents per network of ${t.dhcpAgents}`);
  const dhcpLoad = new Array<number>(t.dhcpAgents).fill(0);
  t.networks.forEach((n, ni) => {
    const ports: number[] = [];
    const taken = new Set<number>();
    for (let d = 0; d < t.dhcpAgentsPerNetwork; d++) {
      const host = leastLoaded(dhcpLoad.map((l, h) => (taken.has(h) ? Infinity : l)));
      taken.add(host);
      dhcpLoad[host]++;
      ports.push(out.proxies.length);
      out.networkProxies[ni].push(out.proxies.length);
      out.proxies.push({
        id: `qdhcp-${n.name}@dhcp-${host}`,
        host: `dhcp-node-${host}`,
        key: n.name,
        viaRouter: false,
      });
    }
    placeInstances(t, out, ni, (k) => ports[k % ports.length]);
  });
  return out;
}

export function placeDvr(t: TopologySpec): Placement {
  const out = empty(t);
  const proxyAt = new Map<string, number>();
  const routers = new Set(t.routers.map((r) => r.name));
  t.networks.forEach((_, ni) => {
    const router = routerOf(t, ni);
    if (!routers.has(router)) unvalidated(`no router "${router}"`);
    const mine = out.networkProxies[ni];
    placeInstances(t, out, ni, (_k, host) => {
      const at = `${router}@${host}`;
      let proxy = proxyAt.get(at);
      if (proxy === undefined) {
        proxy = out.proxies.length;
        proxyAt.set(at, proxy);
        out.proxies.push({
          id: `qrouter-${router}@compute-${host}`,
          host: `compute-${host}`,
          key: router,
          viaRouter: true,
        });
      }
      if (!mine.includes(proxy)) mine.push(proxy);
      return proxy;
    });
  });
  return out;
}

/** The placement of the scenario's metadata path. */
export function placeProxies(t: TopologySpec): Placement {
  return t.metadataPath === 'router' ? placeRouter(t) : t.metadataPath === 'isolated' ? placeIsolated(t) : placeDvr(t);
}
