/**
 * Which instances a client population runs on: the one rule behind the loader's checks, the
 * simulation's choice and the capacity command's scaling.
 *
 * A population's pool is the instances on its `networks` (every network when it names none);
 * it runs on "all" of them, on a count (at most the pool), or on a percentage rounded half up
 * to a whole instance. The percentage is computed in integers from its decimal digits, so
 * "58%" of 25 is 14.5 -> 15 everywhere: `(58 / 100) * 25` in floating point is
 * 14.499999999999998 and rounds to 14, which is what the loader used to compute while the
 * simulation, computing `(25 * 58) / 100`, picked 15.
 */
/** A client's `instances` field as the schema admits it. */
export type InstanceSelector = 'all' | number | string;

/**
 * Instances on the named networks (all networks when `names` is undefined). A name counts
 * once, and names the first network called so, as the simulation resolves it (duplicate
 * network names are an error the loader reports anyway).
 */
export function clientPool(
  networks: readonly { name: string; instances: number }[],
  names: readonly string[] | undefined,
): number {
  if (names === undefined) return networks.reduce((a, n) => a + n.instances, 0);
  let pool = 0;
  for (const name of new Set(names)) pool += networks.find((n) => n.name === name)?.instances ?? 0;
  return pool;
}

/** How many of `pool` instances a selector picks: "all", a count (capped at the pool) or "p%" rounded half up. */
export function selectedInstanceCount(sel: InstanceSelector, pool: number): number {
  if (sel === 'all') return pool;
  if (typeof sel === 'number') return Math.min(sel, pool);
  const m = /^(\d+)(?:\.(\d+))?%$/.exec(sel);
  if (!m) throw new Error(`selectedInstanceCount: "${sel}" is not a percentage (the schema admits only d+(.d+)?%)`);
  const fraction = m[2] ?? '';
  const numerator = BigInt(m[1] + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  // Half up: floor((2 * pool * p + den) / (2 * den)), exact in integers.
  return Number((2n * BigInt(pool) * numerator + denominator) / (2n * denominator));
}
