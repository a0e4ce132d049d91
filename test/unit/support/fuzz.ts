// Shared by the format readers' fuzz tests: a seeded generator and byte-level damage.

/** mulberry32: a small seeded generator, so a failing fuzz case can be replayed by its number. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A damaged copy: truncated, a few bytes flipped, or a short run overwritten with random bytes. */
export function mutate(base: Uint8Array, rand: () => number): Uint8Array {
  const kind = Math.floor(rand() * 3);
  if (kind === 0) return base.slice(0, Math.floor(rand() * base.length));
  const b = base.slice();
  if (kind === 1) {
    for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) b[Math.floor(rand() * b.length)]! ^= 1 + Math.floor(rand() * 255);
  } else {
    const at = Math.floor(rand() * b.length);
    for (let j = at; j < Math.min(b.length, at + 1 + Math.floor(rand() * 16)); j++) b[j] = Math.floor(rand() * 256);
  }
  return b;
}
