import type { DedupSettings } from "../settings/index.ts";
import { OFFLINE_DEDUP_THRESHOLD, OFFLINE_EMBEDDER_ID } from "../providers/embeddings/offline.ts";

// Similarity scales differ between embedders (bge scores even unrelated text fairly high,
// text-embedding-3 scores it low), so one number cannot serve all of them. The offline value is
// measured on bench/dedup/pairs.json; the hosted ones are unmeasured starting points and must be
// calibrated with POST /v1/dedup/compare on your own posts (docs/dedup.md).
const HOSTED_DEFAULTS: [prefix: string, threshold: number][] = [
  ["workers-ai:@cf/baai/bge-", 0.85],
  ["openai:text-embedding-3-", 0.8],
  ["openai:text-embedding-ada-002", 0.9],
];
const UNKNOWN_MODEL_THRESHOLD = 0.85;

export const DAY_MS = 86_400_000;
/** Neighbours a dedup check looks at; the rewrite is told about every one over the threshold. */
export const DEDUP_TOP_K = 3;

/** DEDUP_THRESHOLD if set, else the default for this embedder. */
export function defaultThreshold(dedup: DedupSettings, embedderId: string): number {
  if (dedup.threshold !== null) return dedup.threshold;
  if (embedderId.startsWith(OFFLINE_EMBEDDER_ID)) return OFFLINE_DEDUP_THRESHOLD;
  return HOSTED_DEFAULTS.find(([prefix]) => embedderId.startsWith(prefix))?.[1] ?? UNKNOWN_MODEL_THRESHOLD;
}

/** A persona's own threshold wins over the global one. */
export const thresholdFor = (
  dedup: DedupSettings,
  embedderId: string,
  personaThreshold: number | null | undefined,
): number => personaThreshold ?? defaultThreshold(dedup, embedderId);

/** Only posts created at or after this instant are compared (the look-back window). */
export const windowStart = (dedup: DedupSettings, now: number): number => now - dedup.windowDays * DAY_MS;
