// Deterministic choices for the offline writer. Everything hangs off a 32-bit seed so the
// same brief always yields the same text; Math.random and the clock are deliberately unused.

/** FNV-1a over UTF-16 code units, finished with a murmur-style mix so near-identical
 * inputs ("topic", "topics") land far apart. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A sub-seed per decision, so adding one more choice never reshuffles the others. */
export function saltSeed(seed: number, salt: string): number {
  return hashString(`${seed}:${salt}`);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The items in a seeded order: callers take the first one that passes their filters. */
export function seededOrder<T>(items: readonly T[], seed: number, salt: string): T[] {
  const next = mulberry32(saltSeed(seed, salt));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

export function seededPick<T>(items: readonly T[], seed: number, salt: string): T {
  if (items.length === 0) throw new Error(`seededPick: no items for ${salt}`);
  return items[saltSeed(seed, salt) % items.length] as T;
}

/** True for roughly `numerator` out of `denominator` seeds. */
export function seededChance(seed: number, salt: string, numerator: number, denominator: number): boolean {
  return saltSeed(seed, salt) % denominator < numerator;
}
