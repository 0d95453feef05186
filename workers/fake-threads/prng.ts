// Deterministic hashing and a seeded PRNG: the fake's numbers (ids for ad-hoc tokens,
// engagement noise, random faults) must repeat for a given FAKE_THREADS_SEED.

/** FNV-1a, 32 bit. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable number in [0, 1) for a string. */
export function unitHash(s: string): number {
  return hash32(s) / 0x1_0000_0000;
}

/** mulberry32: small, fast, good enough for fault dice. */
export function seededRandom(seed: string): () => number {
  let a = hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** Random decimal digits (ids look like real Graph ids: 17–18 digits, beyond 2^53). */
export function randomDigits(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => String(b % 10)).join("");
}

export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const SHORTCODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

export function randomShortcode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(11));
  return Array.from(bytes, (b) => SHORTCODE_ALPHABET[b % 64]).join("");
}

/** A stable 17-digit id for a key (ad-hoc `fake-…` tokens, OAuth codes). */
export function stableUserId(key: string): string {
  const a = String(hash32(`a|${key}`) % 1_000_000).padStart(6, "0");
  const b = String(hash32(`b|${key}`) % 1_000_000).padStart(6, "0");
  return `17841${a}${b}`;
}
