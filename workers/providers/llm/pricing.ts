import type { ModelPrice } from "../../settings/index.ts";

// USD per million tokens, from the providers' public price lists. MODEL_PRICES overrides or adds.
// Workers AI bills in neurons; these are the per-token equivalents Cloudflare publishes.
const BUILT_IN: Record<string, ModelPrice> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "@cf/meta/llama-3.3-70b-instruct-fp8-fast": { input: 0.293, output: 2.253 },
  "@cf/meta/llama-3.1-8b-instruct": { input: 0.282, output: 0.827 },
  "offline-writer-1": { input: 0, output: 0 },
  // Embedding models (dedup): input tokens only.
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "text-embedding-3-large": { input: 0.13, output: 0 },
  "text-embedding-ada-002": { input: 0.1, output: 0 },
  "@cf/baai/bge-small-en-v1.5": { input: 0.02, output: 0 },
  "@cf/baai/bge-base-en-v1.5": { input: 0.067, output: 0 },
  "@cf/baai/bge-large-en-v1.5": { input: 0.204, output: 0 },
  "@cf/baai/bge-m3": { input: 0.012, output: 0 },
};

export function priceFor(model: string, overrides: Record<string, ModelPrice>): ModelPrice | null {
  return overrides[model] ?? BUILT_IN[model] ?? null;
}

/** Cost of one call in USD; an unknown model costs 0 and is flagged by the caller, never guessed. */
export function costUsd(
  model: string,
  promptTokens: number,
  completionTokens: number,
  overrides: Record<string, ModelPrice>,
): number {
  const price = priceFor(model, overrides);
  if (!price) return 0;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
