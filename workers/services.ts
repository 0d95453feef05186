// The one place that builds the Worker's services from configuration: the database, the
// providers (model, moderation, trend research, embedder), the search source, the Threads client,
// the vector index and telemetry. Hono puts them on the context (`c.var.services`), and the
// Durable Object, the queue consumers and the cron jobs call `services(env)`.
//
// Cached per env object (workers/per-object.ts), like settings(env). Nothing is built at module
// scope, and building does no I/O: workerd forbids I/O, random and timers at global scope, and
// each part is only built on first use (a missing binding fails the request that needs it).
import OpenAI from "openai";
import { type Db, openDb } from "./db/client.ts";
import { AppError } from "./errors.ts";
import { fakeThreadsFetch } from "./fake-threads/bundle.ts";
import type { Telemetry } from "./metrics/events.ts";
import { createTelemetry } from "./metrics/telemetry.ts";
import { perObject } from "./per-object.ts";
import { OfflineEmbedder } from "./providers/embeddings/offline.ts";
import { OpenAiEmbedder } from "./providers/embeddings/openai.ts";
import type { Embedder } from "./providers/embeddings/types.ts";
import { WorkersAiEmbedder } from "./providers/embeddings/workers-ai.ts";
import { OfflineProvider } from "./providers/llm/offline.ts";
import { OpenAiProvider } from "./providers/llm/openai.ts";
import type { LlmProvider } from "./providers/llm/types.ts";
import { type AiRunner, WorkersAiProvider } from "./providers/llm/workers-ai.ts";
import { OpenAiModerator } from "./providers/moderation/openai.ts";
import type { Moderator } from "./providers/moderation/types.ts";
import type { FetchFn } from "./providers/search/http.ts";
import { LocalSecondOpinion } from "./providers/second-opinion/local.ts";
import type { SecondOpinion } from "./providers/second-opinion/types.ts";
import { WorkersAiSecondOpinion } from "./providers/second-opinion/workers-ai.ts";
import { OfflineSearchProvider } from "./providers/search/offline.ts";
import { SearxngProvider } from "./providers/search/searxng.ts";
import type { SearchProvider } from "./providers/search/types.ts";
import { ThreadsClient } from "./providers/threads/index.ts";
import { SearchTrendResearcher } from "./providers/trends/searched.ts";
import type { TrendResearcher } from "./providers/trends/types.ts";
import { LocalSqliteVectorIndex } from "./providers/vector-index/local-sqlite.ts";
import { RecentWritesIndex } from "./providers/vector-index/recent-writes.ts";
import type { VectorIndex } from "./providers/vector-index/types.ts";
import { VectorizeVectorIndex } from "./providers/vector-index/vectorize.ts";
import { type SearchSettings, type Settings, isRealKey, settings as settingsOf } from "./settings/index.ts";

/** The adapters the generation pipeline calls. */
export interface Providers {
  llm: LlmProvider;
  moderator: Moderator | null;
  /** GUARDRAIL_SECOND_OPINION: asked about the guardrail's unsure band; null when off. */
  secondOpinion: SecondOpinion | null;
  trends: TrendResearcher;
  embedder: Embedder;
}

export interface Services {
  readonly settings: Settings;
  readonly db: Db;
  /** Over the isolate's metrics registry (workers/metrics/telemetry.ts). */
  readonly telemetry: Telemetry;
  readonly providers: Providers;
  /** The web search source of trend research and POST /v1/search. */
  readonly search: SearchProvider;
  readonly threads: ThreadsClient;
  /**
   * The persona's vector index. The local one lives in the PersonaAgent's SQLite, so only the
   * Durable Object can build it (it passes its `sql`); one per object, so not cached here.
   */
  vectorIndex(dimensions: number, sql: SqlStorage): VectorIndex;
}

/** Each part built once, on first use. */
function lazy<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: build() }).v;
}

function build(env: Env): Services {
  const s = settingsOf(env);
  const db = lazy(() => openDb(env.DB));
  const telemetry = lazy(() => createTelemetry(env));
  const search = lazy(() => searchProviderFor(s.research));
  const threads = lazy(() => threadsClientFor(env, s));
  const providers = lazy(
    (): Providers => ({
      llm: llmFor(env, s),
      moderator: moderatorFor(s),
      secondOpinion: secondOpinionFor(env, s),
      trends: trendsFor(env, s, db(), search(), telemetry()),
      embedder: embedderFor(env, s),
    }),
  );
  return {
    settings: s,
    get db() {
      return db();
    },
    get telemetry() {
      return telemetry();
    },
    get providers() {
      return providers();
    },
    get search() {
      return search();
    },
    get threads() {
      return threads();
    },
    vectorIndex: (dimensions, sql) => vectorIndexFor(env, s, dimensions, sql),
  };
}

/** The services of this env object (cached while the isolate keeps the object). */
export const services: (env: Env) => Services = perObject(build);

function llmFor(env: Env, s: Settings): LlmProvider {
  switch (s.generation.llmProvider) {
    case "openai":
      return new OpenAiProvider({ apiKey: s.generation.openaiApiKey ?? "", baseUrl: s.generation.openaiBaseUrl });
    case "workers-ai":
      return new WorkersAiProvider(env.AI as unknown as AiRunner);
    case "offline":
      return new OfflineProvider({
        faultRate: s.generation.offlineFaultRate,
        latencyMs: s.generation.offlineLatencyMs,
      });
  }
}

function moderatorFor(s: Settings): Moderator | null {
  if (!isRealKey(s.generation.openaiApiKey)) return null;
  // The queue owns retries with backoff; SDK retries would multiply them.
  const client = new OpenAI({
    apiKey: s.generation.openaiApiKey,
    baseURL: s.generation.openaiBaseUrl ?? undefined,
    maxRetries: 0,
  });
  return new OpenAiModerator(client);
}

function secondOpinionFor(env: Env, s: Settings): SecondOpinion | null {
  switch (s.generation.secondOpinion) {
    case "off":
      return null;
    case "local":
      return new LocalSecondOpinion();
    case "workers-ai":
      return new WorkersAiSecondOpinion(env.AI as unknown as AiRunner, s.generation.secondOpinionModel);
  }
}

// SearXNG when SEARXNG_URL is set, else the offline source; answers cached in D1.
function trendsFor(env: Env, s: Settings, db: Db, provider: SearchProvider, telemetry: Telemetry): TrendResearcher {
  // The Threads keyword search talks to the same Threads as publishing: the fake one in-process locally.
  const threads = s.publishing;
  return new SearchTrendResearcher({
    db,
    settings: s.research,
    provider,
    telemetry,
    threadsApiBase: threads.apiBase,
    ...(threads.usesLocalFake ? { fetch: fakeThreadsFetch(env) } : {}),
  });
}

/**
 * The search adapter chosen by settings(env).research. The Threads keyword search is per persona
 * (it needs the persona's token), so the trend researcher builds it where a persona is at hand.
 * Exported for tests that choose the settings themselves.
 */
export function searchProviderFor(
  s: SearchSettings,
  deps: { fetch?: FetchFn; now?: () => number } = {},
): SearchProvider {
  if (s.provider === "searxng" && s.searxngUrl) {
    return new SearxngProvider({
      baseUrl: s.searxngUrl,
      timeoutMs: s.timeoutMs,
      defaultCategories: s.categories,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }
  return new OfflineSearchProvider(deps.now ? { now: deps.now } : {});
}

/** The embedder chosen by settings (EMBEDDING_PROVIDER); exported for tests that choose the settings. */
export function embedderFor(env: Env, s: Settings): Embedder {
  const dimensions = s.dedup.embeddingDimensions ?? undefined;
  const model = s.dedup.embeddingModel ?? undefined;
  switch (s.dedup.embeddingProvider) {
    case "workers-ai":
      return new WorkersAiEmbedder(env.AI, { model, dimensions });
    case "openai":
      return new OpenAiEmbedder({
        apiKey: s.generation.openaiApiKey ?? "",
        baseURL: s.generation.openaiBaseUrl ?? undefined,
        model,
        dimensions,
      });
    case "offline":
      return new OfflineEmbedder({ dimensions });
  }
}

/**
 * VECTOR_INDEX: the object's SQLite or Vectorize. Both check `dimensions` against what they
 * hold: the local index when built, Vectorize on first use. Exported for tests that choose the settings.
 */
export function vectorIndexFor(env: Env, s: Settings, dimensions: number, sql: SqlStorage): VectorIndex {
  switch (s.dedup.vectorIndex) {
    case "local":
      return new LocalSqliteVectorIndex(sql, dimensions);
    case "vectorize":
      if (!env.VECTORIZE)
        throw new AppError("unavailable", "VECTOR_INDEX=vectorize but the VECTORIZE binding is missing");
      // Vectorize applies writes seconds later; the wrapper lets the next check see them now.
      return new RecentWritesIndex(new VectorizeVectorIndex(env.VECTORIZE, dimensions));
  }
}

/**
 * When THREADS_API_BASE is this Worker's own /fake-threads, the fake is served in-process:
 * no network hop, and no Worker fetching its own hostname (unreliable once deployed, and a
 * needless loop through the dev server locally). Same app, same D1 state as over HTTP.
 */
function threadsClientFor(env: Env, s: Settings): ThreadsClient {
  return new ThreadsClient({
    baseUrl: s.publishing.apiBase,
    authorizeBaseUrl: s.publishing.authorizeBase,
    fetch: s.publishing.usesLocalFake ? fakeThreadsFetch(env) : undefined,
  });
}
