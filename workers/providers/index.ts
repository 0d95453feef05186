import OpenAI from "openai";
import type { Config } from "../config.ts";
import { isRealKey } from "../config.ts";
import { AppError } from "../errors.ts";
import { OfflineEmbedder } from "./embeddings/offline.ts";
import { OpenAiEmbedder } from "./embeddings/openai.ts";
import type { Embedder } from "./embeddings/types.ts";
import { WorkersAiEmbedder } from "./embeddings/workers-ai.ts";
import { OfflineProvider } from "./llm/offline.ts";
import { OpenAiProvider } from "./llm/openai.ts";
import type { LlmProvider } from "./llm/types.ts";
import { WorkersAiProvider, type AiRunner } from "./llm/workers-ai.ts";
import { OpenAiModerator } from "./moderation/openai.ts";
import type { Moderator } from "./moderation/types.ts";
import { openDb } from "../db/client.ts";
import { createTelemetry } from "../metrics/telemetry.ts";
import { createSearchProvider } from "./search/index.ts";
import { fakeThreadsFetch } from "../fake-threads/bundle.ts";
import { loadPublishingSettings } from "../publishing/settings.ts";
import { SearchTrendResearcher } from "./trends/searched.ts";
import type { TrendResearcher } from "./trends/types.ts";
import { LocalSqliteVectorIndex } from "./vector-index/local-sqlite.ts";
import { RecentWritesIndex } from "./vector-index/recent-writes.ts";
import type { VectorIndex } from "./vector-index/types.ts";
import { VectorizeVectorIndex } from "./vector-index/vectorize.ts";

export interface Providers {
  llm: LlmProvider;
  moderator: Moderator | null;
  trends: TrendResearcher;
  embedder: Embedder;
}

// The one place where configuration picks an adapter for each external capability.
export function buildProviders(env: Env, config: Config): Providers {
  return {
    llm: buildLlm(env, config),
    moderator: isRealKey(config.openaiApiKey)
      ? new OpenAiModerator(
          new OpenAI({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl ?? undefined, maxRetries: 0 }),
        )
      : null,
    trends: buildTrends(env, config),
    embedder: buildEmbedder(env, config),
  };
}

// SearXNG when SEARXNG_URL is set, else the offline source; answers cached in D1.
function buildTrends(env: Env, config: Config): TrendResearcher {
  // The Threads keyword search talks to the same Threads as publishing: the fake one in-process locally.
  const threads = loadPublishingSettings(env);
  return new SearchTrendResearcher({
    db: openDb(env.DB),
    settings: config.search,
    provider: createSearchProvider(config.search),
    telemetry: createTelemetry(env),
    threadsApiBase: threads.apiBase,
    ...(threads.usesLocalFake ? { fetch: fakeThreadsFetch(env) } : {}),
  });
}

export function buildEmbedder(env: Env, config: Config): Embedder {
  const dimensions = config.embeddingDimensions ?? undefined;
  const model = config.embeddingModel ?? undefined;
  switch (config.embeddingProvider) {
    case "workers-ai":
      return new WorkersAiEmbedder(env.AI, { model, dimensions });
    case "openai":
      return new OpenAiEmbedder({
        apiKey: config.openaiApiKey ?? "",
        baseURL: config.openaiBaseUrl ?? undefined,
        model,
        dimensions,
      });
    case "offline":
      return new OfflineEmbedder({ dimensions });
  }
}

/**
 * The persona's vector index. The local one lives in the PersonaAgent's SQLite, so only the
 * Durable Object can build it (it passes its `sql`). Both check `dimensions` against what they
 * hold: the local index when built, Vectorize on first use.
 */
export function buildVectorIndex(env: Env, config: Config, dimensions: number, sql: SqlStorage): VectorIndex {
  switch (config.vectorIndex) {
    case "local":
      return new LocalSqliteVectorIndex(sql, dimensions);
    case "vectorize":
      if (!env.VECTORIZE)
        throw new AppError("unavailable", "VECTOR_INDEX=vectorize but the VECTORIZE binding is missing");
      // Vectorize applies writes seconds later; the wrapper lets the next check see them now.
      return new RecentWritesIndex(new VectorizeVectorIndex(env.VECTORIZE, dimensions));
  }
}

function buildLlm(env: Env, config: Config): LlmProvider {
  switch (config.llmProvider) {
    case "openai":
      return new OpenAiProvider({ apiKey: config.openaiApiKey ?? "", baseUrl: config.openaiBaseUrl });
    case "workers-ai":
      return new WorkersAiProvider(env.AI as unknown as AiRunner);
    case "offline":
      return new OfflineProvider({ faultRate: config.offlineFaultRate, latencyMs: config.offlineLatencyMs });
  }
}
