/**
 * Scaling a scenario to a total number of instances, for `nmsim capacity --vary instances`:
 * every network keeps its share of the instances (largest remainder), a population given as
 * a count keeps its share of the total, and a population given as a percentage or "all" scales
 * by itself. The most instances a scenario can be scaled to is what its subnets hold after
 * Neutron's reservations (see cidr.ts).
 */
import { parseCidr, usableInstanceAddresses } from './cidr.js';
import { clientPool } from './instances.js';
import { getPath } from './paths.js';
import { MAX_INSTANCES, type Scenario } from './schema.js';

type Obj = Record<string, unknown>;

/** Splits `total` over parts in proportion to `counts` (largest remainder, ties to the first). */
export function apportion(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum === 0) return counts.map(() => 0);
  // Integer arithmetic: count * total < 2^53 for any scenario within MAX_INSTANCES.
  const out = counts.map((c) => Math.floor((c * total) / sum));
  const rem = counts.map((c) => (c * total) % sum);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = rem.map((r, i) => ({ i, r })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k].i]++;
  return out;
}

/** `count * total / sum` rounded half up, in integers. */
const scaledCount = (count: number, total: number, sum: number): number =>
  Math.floor((2 * count * total + sum) / (2 * sum));

/** The raw scenario with `total` instances spread over its networks as in `base` (`base` is `raw` validated). */
export function scaleInstances(raw: Obj, base: Scenario, total: number): Obj {
  const counts = base.topology.networks.map((n) => n.instances);
  const shares = apportion(counts, total);
  const sum = counts.reduce((a, b) => a + b, 0);
  const out = structuredClone(raw);
  const nets = getPath(out, ['topology', 'networks']) as Obj[];
  nets.forEach((n, i) => (n.instances = shares[i]));
  const scaled = base.topology.networks.map((n, i) => ({ name: n.name, instances: shares[i] }));
  const clients = out.clients;
  if (Array.isArray(clients))
    clients.forEach((c: Obj, i) => {
      if (typeof c.instances !== 'number') return;
      const pool = clientPool(scaled, base.clients[i]?.networks);
      c.instances = Math.min(pool, Math.max(1, scaledCount(c.instances, total, sum)));
    });
  return out;
}

/** The most instances the networks' subnets hold when the scenario is scaled proportionally. */
export function maxInstances(base: Scenario): number {
  const t = base.topology;
  const counts = t.networks.map((n) => n.instances);
  const sum = counts.reduce((a, b) => a + b, 0);
  const usable = t.networks.map((n) => {
    const c = parseCidr(n.cidr);
    return typeof c === 'string' ? 0 : usableInstanceAddresses(c, t);
  });
  let hi = Math.min(MAX_INSTANCES, ...counts.map((c, i) => (c > 0 ? Math.floor((usable[i] * sum) / c) : Infinity)));
  while (hi > 1 && apportion(counts, hi).some((s, i) => s > usable[i])) hi--;
  return hi;
}
