import { AppError } from "../../errors.ts";
import { isBlank } from "./truncate.ts";
import type { EmbeddingResult } from "./types.ts";

// Shared plumbing for hosted embedders: skip blank inputs (the APIs reject them; they embed to
// the zero vector), send the rest in provider-sized batches, check every returned vector's size,
// and put results back in input order.

export type EmbedBatch = (texts: string[]) => Promise<{ vectors: number[][]; tokens: number }>;

export async function embedInBatches(
  texts: string[],
  opts: { dimensions: number; batchSize: number; provider: string },
  embedBatch: EmbedBatch,
): Promise<EmbeddingResult> {
  const vectors: number[][] = texts.map(() => new Array<number>(opts.dimensions).fill(0));
  const pending = texts.flatMap((text, i) => (isBlank(text) ? [] : [{ text, i }]));
  let tokens = 0;
  for (let start = 0; start < pending.length; start += opts.batchSize) {
    const batch = pending.slice(start, start + opts.batchSize);
    const result = await embedBatch(batch.map((p) => p.text));
    if (result.vectors.length !== batch.length) {
      throw new AppError(
        "upstream_error",
        `${opts.provider} returned ${result.vectors.length} embeddings for ${batch.length} inputs`,
      );
    }
    result.vectors.forEach((vector, k) => {
      if (vector.length !== opts.dimensions) {
        throw new AppError(
          "internal",
          `dimension mismatch: ${opts.provider} returned ${vector.length}-dimensional embeddings but ${opts.dimensions} are configured`,
          { configured: opts.dimensions, returned: vector.length },
        );
      }
      vectors[(batch[k] as { i: number }).i] = vector;
    });
    tokens += result.tokens;
  }
  return { vectors, tokens };
}
