/**
 * IPv4 CIDR arithmetic for Neutron subnets: how many instances a subnet can hold.
 * Neutron reserves the network and broadcast addresses, the gateway (router interface) and one
 * address per DHCP port; with DVR, each subnet on a router with an external gateway also has
 * the centralised SNAT port (device_owner network:router_centralized_snat, on the node
 * running the router's SNAT namespace). The rest can hold instances.
 */

export interface ParsedCidr {
  base: number; // network address as an unsigned 32-bit integer
  prefix: number;
  size: number; // total addresses
}

/** Parses "10.0.0.0/22". Returns a reason string on failure. */
export function parseCidr(s: string): ParsedCidr | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s.trim());
  if (!m) return `"${s}" is not an IPv4 CIDR (expected a.b.c.d/n)`;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return `"${s}" has an octet over 255`;
  const prefix = Number(m[5]);
  if (prefix > 32) return `"${s}" has prefix /${prefix}, over /32`;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return `"${s}" has host bits set (the network address for /${prefix} is different)`;
  return { base, prefix, size };
}

/** What decides a subnet's reservations besides its size. */
export interface Reservations {
  /** DHCP ports on every network (dhcp_agents_per_network). */
  dhcpAgentsPerNetwork: number;
  /** DVR adds the centralised SNAT port per subnet. */
  metadataPath: 'router' | 'isolated' | 'dvr';
}

/** Addresses Neutron reserves on a subnet that are not instances' (besides network and broadcast). */
export function reservedPorts(t: Reservations): number {
  return 1 + t.dhcpAgentsPerNetwork + (t.metadataPath === 'dvr' ? 1 : 0);
}

/** Addresses left for instances after Neutron's reservations (never negative). */
export function usableInstanceAddresses(c: ParsedCidr, t: Reservations): number {
  if (c.prefix >= 31) return 0; // Neutron does not allocate /31 or /32 subnets for instances
  return Math.max(0, c.size - 2 - reservedPorts(t));
}
