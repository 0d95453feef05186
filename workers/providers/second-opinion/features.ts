// The features the local second opinion (local.ts) reads, shared with its trainer
// (scripts/guardrail-train.ts): word unigrams and bigrams and character 4-grams of the folded,
// word-separated view (workers/text/normalize.ts), so look-alike letters, spacing and accents read as the plain
// word and scripts without spaces (Chinese, Japanese, Thai) still give features. Each feature is
// hashed (FNV-1a) into a fixed number of buckets and counted once per text.
import { textViews } from "../../text/normalize.ts";

export const FEATURE_BUCKETS = 8192;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The distinct buckets of a text's features. */
export function featureBuckets(text: string): number[] {
  const words = textViews(text).words[1] ?? "";
  const out = new Set<number>();
  const add = (f: string) => out.add(fnv1a(f) % FEATURE_BUCKETS);
  const tokens = words.trim().split(" ").filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    add(`w ${tokens[i]}`);
    if (i > 0) add(`b ${tokens[i - 1]} ${tokens[i]}`);
  }
  for (let i = 0; i + 4 <= words.length; i++) add(`c ${words.slice(i, i + 4)}`);
  return [...out];
}
