import { permanentError, transientError } from "../../errors.ts";
import { workersAiError } from "../workers-ai/errors.ts";
import { embedInBatches } from "./batch.ts";
import { estimateTokens, truncateToBudget } from "./truncate.ts";
import type { TokenBudget } from "./truncate.ts";
import type { Embedder, EmbeddingResult } from "./types.ts";

// Workers AI through the native `env.AI` binding: `ai.run(model, { text: [...] })` answers
// `{ shape: [n, dims], data: number[][] }`. The BGE models take 512 tokens (WordPiece, incl. the
// [CLS]/[SEP] markers), so inputs are cut to a conservative estimate instead of failing.

export const WORKERS_AI_DEFAULT_MODEL = "@cf/baai/bge-base-en-v1.5";

/**
 * Models whose input schema has `pooling` (the BGE v1.5 family). bge-m3's input is
 * {text} or {query, contexts}, with no pooling (https://developers.cloudflare.com/workers-ai/models/bge-m3/),
 * and it may answer {response: number[][]} rather than {data}.
 */
const POOLING_MODELS = new Set([
  "@cf/baai/bge-small-en-v1.5",
  "@cf/baai/bge-base-en-v1.5",
  "@cf/baai/bge-large-en-v1.5",
]);

/** Output sizes of the Workers AI text-embedding models we know; others need `dimensions`. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
  "@cf/baai/bge-m3": 1024,
};

export interface WorkersAiEmbedderOptions {
  model?: string;
  dimensions?: number;
  /** "cls" is what Cloudflare recommends; vectors from the two poolings are not comparable. */
  pooling?: "mean" | "cls";
  maxInputTokens?: number;
  batchSize?: number;
}

interface EmbeddingOutput {
  shape?: number[];
  data?: number[][];
  response?: number[][];
}

export class WorkersAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly ai: Ai;
  private readonly model: string;
  /** null: the model takes no pooling input. */
  private readonly pooling: "mean" | "cls" | null;
  private readonly budget: TokenBudget;
  private readonly batchSize: number;

  constructor(ai: Ai, opts: WorkersAiEmbedderOptions = {}) {
    this.ai = ai;
    this.model = opts.model ?? WORKERS_AI_DEFAULT_MODEL;
    const dimensions = opts.dimensions ?? KNOWN_DIMENSIONS[this.model];
    if (dimensions === undefined) {
      throw permanentError(
        "internal",
        `unknown Workers AI embedding model '${this.model}': set its dimensions explicitly`,
      );
    }
    this.dimensions = dimensions;
    this.pooling = POOLING_MODELS.has(this.model) ? (opts.pooling ?? "cls") : null;
    this.budget = { maxTokens: opts.maxInputTokens ?? 510, asciiCharsPerToken: 3, tokensPerOtherChar: 1 };
    this.batchSize = opts.batchSize ?? 100;
    this.id = this.pooling ? `workers-ai:${this.model}#${this.pooling}` : `workers-ai:${this.model}`;
  }

  embed(texts: string[]): Promise<EmbeddingResult> {
    return embedInBatches(
      texts,
      { dimensions: this.dimensions, batchSize: this.batchSize, provider: `Workers AI ${this.model}` },
      async (batch) => {
        const text = batch.map((t) => truncateToBudget(t, this.budget));
        let output: unknown;
        try {
          // The binding is typed per model name; a configurable model is a plain string here.
          output = await this.ai.run(
            this.model as "@cf/baai/bge-base-en-v1.5",
            this.pooling ? { text, pooling: this.pooling } : { text },
          );
        } catch (err) {
          throw workersAiError(this.model, err);
        }
        const answer = output as EmbeddingOutput | null;
        const data = answer?.data ?? answer?.response;
        if (!Array.isArray(data)) {
          throw transientError(
            "upstream_error",
            `Workers AI ${this.model} returned no embeddings (async queue responses are not supported)`,
          );
        }
        // Workers AI reports no token usage for embeddings; estimate it for cost accounting.
        const tokens = text.reduce((sum, t) => sum + estimateTokens(t, { ...this.budget, asciiCharsPerToken: 4 }), 0);
        return { vectors: data, tokens };
      },
    );
  }
}
