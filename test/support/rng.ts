/**
 * mulberry32: a tiny seeded uniform generator for test data and the validation load
 * generator, whose sequences must not move when the simulator's own streams (seedrandom,
 * src/engine/random.ts) change. Seeds are non-zero 32-bit integers.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
