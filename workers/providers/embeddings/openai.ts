import OpenAI from "openai";
import { AppError, kindForStatus, permanentError, transientError } from "../../errors.ts";
import { embedInBatches } from "./batch.ts";
import { truncateToBudget } from "./truncate.ts";
import type { TokenBudget } from "./truncate.ts";
import type { Embedder, EmbeddingResult } from "./types.ts";

// OpenAI (or any OpenAI-compatible server via baseURL) embeddings through the `openai` SDK.
// We ask for encoding_format "float": the SDK's default base64 path is not implemented by every
// compatible server, and the float JSON is what the recorded-shape tests replay.

export const OPENAI_DEFAULT_MODEL = "text-embedding-3-small";

const NATIVE_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export interface OpenAiEmbedderOptions {
  apiKey: string;
  model?: string;
  /** text-embedding-3-* can shorten their output; Vectorize indexes top out at 1536. */
  dimensions?: number;
  baseURL?: string;
  /** Injectable for tests (recorded responses, no network). */
  fetch?: typeof fetch;
  maxRetries?: number;
  timeoutMs?: number;
  maxInputTokens?: number;
  batchSize?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly sendDimensions: boolean;
  private readonly budget: TokenBudget;
  private readonly batchSize: number;

  constructor(opts: OpenAiEmbedderOptions) {
    this.model = opts.model ?? OPENAI_DEFAULT_MODEL;
    const native = NATIVE_DIMENSIONS[this.model];
    const dimensions = opts.dimensions ?? native;
    if (dimensions === undefined) {
      throw permanentError("internal", `unknown embedding model '${this.model}': set its dimensions explicitly`);
    }
    this.dimensions = dimensions;
    // Only the v3 models accept `dimensions`; for others (and the native size) leave it out.
    this.sendDimensions = this.model.startsWith("text-embedding-3") && dimensions !== native;
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL ?? null,
      maxRetries: opts.maxRetries ?? 2,
      timeout: opts.timeoutMs ?? 20_000,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    // 8191 is the model limit; cl100k averages ~4 chars per English token, 3 keeps a margin.
    this.budget = { maxTokens: opts.maxInputTokens ?? 8191, asciiCharsPerToken: 3, tokensPerOtherChar: 2 };
    this.batchSize = opts.batchSize ?? 256;
    this.id = `openai:${this.model}@${dimensions}${opts.baseURL ? `(${new URL(opts.baseURL).host})` : ""}`;
  }

  embed(texts: string[]): Promise<EmbeddingResult> {
    return embedInBatches(
      texts,
      { dimensions: this.dimensions, batchSize: this.batchSize, provider: `OpenAI ${this.model}` },
      async (batch) => {
        try {
          const response = await this.client.embeddings.create({
            model: this.model,
            input: batch.map((t) => truncateToBudget(t, this.budget)),
            encoding_format: "float",
            ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
          });
          const ordered = [...response.data].sort((a, b) => a.index - b.index);
          return { vectors: ordered.map((d) => d.embedding), tokens: response.usage?.prompt_tokens ?? 0 };
        } catch (err) {
          throw toAppError(err, this.model);
        }
      },
    );
  }
}

function toAppError(err: unknown, model: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError)
    return transientError("upstream_timeout", `OpenAI ${model} timed out`);
  if (err instanceof OpenAI.APIError) {
    // 429/5xx pass; a bad key (401/403) or an unknown model (404) fails the task at once.
    return new AppError(
      "upstream_error",
      `OpenAI ${model} failed${err.status ? ` (${err.status})` : ""}: ${err.message}`,
      { status: err.status },
      { kind: kindForStatus(err.status) },
    );
  }
  return transientError(
    "upstream_error",
    `OpenAI ${model} failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}
