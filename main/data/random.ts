/** A seeded pseudo-random generator (mulberry32): same seed, same sequence, on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place (Fisher-Yates) with `random`. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(items: T, random: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as number;
    items[i] = items[j] as number;
    items[j] = tmp;
  }
  return items;
}

/** `0, 1, ..., n - 1` as an Int32Array. */
export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Holds out `round(n * fraction)` samples for validation, chosen with `seed`; both lists are
 * sorted so reading them walks memory in order.
 */
export function splitIndices(n: number, fraction: number, seed: number): { train: Int32Array; validation: Int32Array } {
  const held = Math.round(n * fraction);
  const order = shuffleInPlace(range(n), seededRandom(seed ^ 0x5eed));
  return {
    train: order.slice(0, n - held).sort(),
    validation: order.slice(n - held).sort(),
  };
}
