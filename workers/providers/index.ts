import OpenAI from "openai";
import { isRealKey, type Settings } from "../settings/index.ts";
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
export function buildProviders(env: Env, settings: Settings): Providers {
  return {
    llm: buildLlm(env, settings),
    moderator: isRealKey(settings.generation.openaiApiKey)
      ? new OpenAiModerator(
          new OpenAI({
            apiKey: settings.generation.openaiApiKey,
            baseURL: settings.generation.openaiBaseUrl ?? undefined,
            maxRetries: 0,
          }),
        )
      : null,
    trends: buildTrends(env, settings),
    embedder: buildEmbedder(env, settings),
  };
}

// SearXNG when SEARXNG_URL is set, else the offline source; answers cached in D1.
function buildTrends(env: Env, settings: Settings): TrendResearcher {
  // The Threads keyword search talks to the same Threads as publishing: the fake one in-process locally.
  const threads = settings.publishing;
  return new SearchTrendResearcher({
    db: openDb(env.DB),
    settings: settings.research,
    provider: createSearchProvider(settings.research),
    telemetry: createTelemetry(env),
    threadsApiBase: threads.apiBase,
    ...(threads.usesLocalFake ? { fetch: fakeThreadsFetch(env) } : {}),
  });
}

export function buildEmbedder(env: Env, settings: Settings): Embedder {
  const dimensions = settings.dedup.embeddingDimensions ?? undefined;
  const model = settings.dedup.embeddingModel ?? undefined;
  switch (settings.dedup.embeddingProvider) {
    case "workers-ai":
      return new WorkersAiEmbedder(env.AI, { model, dimensions });
    case "openai":
      return new OpenAiEmbedder({
        apiKey: settings.generation.openaiApiKey ?? "",
        baseURL: settings.generation.openaiBaseUrl ?? undefined,
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
export function buildVectorIndex(env: Env, settings: Settings, dimensions: number, sql: SqlStorage): VectorIndex {
  switch (settings.dedup.vectorIndex) {
    case "local":
      return new LocalSqliteVectorIndex(sql, dimensions);
    case "vectorize":
      if (!env.VECTORIZE)
        throw new AppError("unavailable", "VECTOR_INDEX=vectorize but the VECTORIZE binding is missing");
      // Vectorize applies writes seconds later; the wrapper lets the next check see them now.
      return new RecentWritesIndex(new VectorizeVectorIndex(env.VECTORIZE, dimensions));
  }
}

function buildLlm(env: Env, settings: Settings): LlmProvider {
  switch (settings.generation.llmProvider) {
    case "openai":
      return new OpenAiProvider({
        apiKey: settings.generation.openaiApiKey ?? "",
        baseUrl: settings.generation.openaiBaseUrl,
      });
    case "workers-ai":
      return new WorkersAiProvider(env.AI as unknown as AiRunner);
    case "offline":
      return new OfflineProvider({
        faultRate: settings.generation.offlineFaultRate,
        latencyMs: settings.generation.offlineLatencyMs,
      });
  }
}
