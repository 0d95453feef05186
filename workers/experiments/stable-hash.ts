// The one stable hash for experiment assignment: the same (experiment, task) lands in the same
// bucket in every isolate, after restarts and deploys, because it depends on nothing but the
// strings. cyrb53 (public domain): 53 bits, so buckets are even for any realistic split.
export function stableHash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A stable number in [0, 1). */
export const stableUnit = (text: string): number => stableHash53(text) / 2 ** 53;
