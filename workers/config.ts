import { DEFAULT_REVENUE_MODEL, type RevenueModel } from "./kpis/revenue.ts";
import { SEARXNG_DEFAULT_TIMEOUT_MS } from "./providers/search/searxng.ts";
import type { SearchProviderName, SearchSettings } from "./providers/search/index.ts";
import { DEFAULT_THREADS_API_BASE, DEFAULT_THREADS_AUTHORIZE_BASE } from "./providers/threads/client.ts";
import type { PublishingSettings } from "./publishing/settings.ts";
import { parseEnv, str, type RawSettings } from "./settings.ts";
import { META_CONTAINER_TIMING, type ContainerTiming } from "./publishing/container-timing.ts";
import { perObject } from "./per-object.ts";

// The settings of the whole Worker, resolved from the one schema (workers/settings.ts) once per
// env object and cached: choices that depend on several settings (which LLM, which embedder),
// defaults that depend on the choice, and the rules for production. Every problem found lands in
// `problems` (GET /health/ready); nothing here throws. README "Settings" documents each.
export type LlmProviderName = "offline" | "openai" | "workers-ai";
export type EmbeddingProviderName = LlmProviderName;
export type VectorIndexName = "local" | "vectorize";
export type Environment = "development" | "production";

export interface ModelPrice {
  /** USD per million prompt tokens */
  input: number;
  /** USD per million completion tokens */
  output: number;
}

export interface Config {
  environment: Environment;
  llmProvider: LlmProviderName;
  hookModel: string;
  bodyModel: string;
  openaiApiKey: string | null;
  openaiBaseUrl: string | null;
  priceOverrides: Record<string, ModelPrice>;
  offlineFaultRate: number;
  offlineLatencyMs: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Trend research: SEARCH_PROVIDER, SEARXNG_URL, SEARCH_* (docs/research.md). */
  search: SearchSettings;
  embeddingProvider: EmbeddingProviderName;
  /** null: the provider's default model. */
  embeddingModel: string | null;
  /** null: the model's native size. */
  embeddingDimensions: number | null;
  vectorIndex: VectorIndexName;
  /** DEDUP_THRESHOLD, or null to use the embedder's measured/documented default (dedup/settings.ts). */
  dedupThreshold: number | null;
  dedupWindowDays: number;
  /** DAILY_LLM_BUDGET_USD: billed LLM calls stop for the rest of the UTC day once spend reaches it. */
  dailyLlmBudgetUsd: number;
  /** MAX_QUEUED_TASKS_PER_PERSONA: queued + running tasks a persona may hold; more is a 429. */
  maxQueuedTasksPerPersona: number;
  /** API_RATE_LIMIT: "off" skips the per-key request rate (benchmarks); a problem in production. */
  apiRateLimit: boolean;
  /** Every problem with the settings (all sections), as /health/ready lists them. */
  problems: string[];
}

export interface ObservabilityValues {
  revenueModel: RevenueModel;
  p95LatencySeconds: number;
  failureRate: number;
  slackWebhookUrl: string | null;
  pagerDutyRoutingKey: string | null;
  dashboardUrl: string | null;
}

/** Timings of the hot paths' batching and of recovery (issue 12). */
export interface PerformanceSettings {
  metricsFlushMs: number;
  containerTiming: ContainerTiming;
  taskStaleAfterMs: number;
  publishingStaleAfterMs: number;
}

export interface Settings {
  config: Config;
  publishing: PublishingSettings;
  observability: ObservabilityValues;
  performance: PerformanceSettings;
  problems: string[];
}

// Workers AI retired @cf/meta/llama-3.1-8b-instruct (and 17 others) on 2026-05-30; the -fast
// variants stay: https://developers.cloudflare.com/changelog/post/2026-05-08-planned-model-deprecations/
export const DEFAULT_MODELS: Record<LlmProviderName, { hook: string; body: string }> = {
  openai: { hook: "gpt-4o", body: "gpt-4o-mini" },
  "workers-ai": { hook: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", body: "@cf/meta/llama-3.1-8b-instruct-fast" },
  offline: { hook: "offline-writer-1", body: "offline-writer-1" },
};

/** A real key: set, and not the placeholder `test` used by CI and local runs. */
export const isRealKey = (key: string | null): key is string => key !== null && key !== "test";

function chooseProvider(v: RawSettings, problems: string[]): LlmProviderName {
  const raw = v.LLM_PROVIDER ?? "auto";
  const key = v.OPENAI_API_KEY ?? null;
  if (raw === "openai" && !isRealKey(key)) {
    problems.push("LLM_PROVIDER=openai needs OPENAI_API_KEY; using the offline model");
    return "offline";
  }
  if (raw !== "auto") return raw;
  return isRealKey(key) ? "openai" : "offline";
}

// Workers AI is the default embedder in production; wrangler.toml sets "offline" for local runs,
// as it does for the LLM, because env.AI has no local simulator.
function chooseEmbedder(v: RawSettings, rawGiven: boolean, problems: string[]): EmbeddingProviderName {
  if (v.EMBEDDING_PROVIDER === undefined) return rawGiven ? "offline" : "workers-ai";
  if (v.EMBEDDING_PROVIDER === "openai" && !isRealKey(v.OPENAI_API_KEY ?? null)) {
    problems.push("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY; using the offline embedder");
    return "offline";
  }
  return v.EMBEDDING_PROVIDER;
}

function searchSettings(v: RawSettings, problems: string[]): SearchSettings {
  const own: string[] = [];
  const url = v.SEARXNG_URL ?? null;
  const wanted = v.SEARCH_PROVIDER ?? "auto";
  let provider: SearchProviderName = url ? "searxng" : "offline";
  if (wanted === "offline") provider = "offline";
  else if (wanted === "searxng" && !url)
    own.push("SEARCH_PROVIDER=searxng needs SEARXNG_URL; using the offline source");
  problems.push(...own);
  const named = (p: string) => /^(SEARCH_|SEARXNG_)/.test(p);
  return {
    provider,
    searxngUrl: url,
    timeoutMs: v.SEARCH_TIMEOUT_MS ?? SEARXNG_DEFAULT_TIMEOUT_MS,
    categories: (v.SEARXNG_CATEGORIES ?? "general,news")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    language: v.SEARCH_LANGUAGE ?? null,
    cacheTtlSeconds: v.SEARCH_CACHE_TTL_SECONDS ?? 3600,
    staleMaxSeconds: v.SEARCH_STALE_MAX_SECONDS ?? 7 * 86_400,
    // This section's own problems, for loadSearchSettings callers; all are in `problems` too.
    problems: [...own, ...problems.filter((p) => named(p) && !own.includes(p))],
  };
}

function publishingSettings(v: RawSettings): PublishingSettings {
  const apiBase = (v.THREADS_API_BASE ?? DEFAULT_THREADS_API_BASE).replace(/\/+$/, "");
  const fakeEnabled = v.FAKE_THREADS_ENABLED ?? false;
  const pointsAtFake = /\/fake-threads$/.test(apiBase);
  const usesLocalFake = fakeEnabled && pointsAtFake;
  return {
    apiBase,
    authorizeBase: pointsAtFake ? apiBase : DEFAULT_THREADS_AUTHORIZE_BASE,
    fakeEnabled,
    usesLocalFake,
    // The fake accepts any app credentials, so local runs need none configured.
    appId: v.THREADS_APP_ID ?? (usesLocalFake ? "fake-app" : null),
    appSecret: v.THREADS_APP_SECRET ?? (usesLocalFake ? "fake-secret" : null),
    redirectUri: v.THREADS_REDIRECT_URI ?? null,
    autopilotLeadMs: (v.AUTOPILOT_LEAD_MINUTES ?? 120) * 60_000,
  };
}

/**
 * Production must not run on a local stand-in; a local run cannot use a provider that has no
 * local simulator (Workers AI, Vectorize under `wrangler dev` and the tests).
 */
function environmentProblems(
  env: Environment,
  c: Omit<Config, "problems" | "search">,
  p: PublishingSettings,
): string[] {
  const out: string[] = [];
  if (env === "production") {
    if (c.llmProvider === "offline")
      out.push(
        "ENVIRONMENT=production writes with the offline model: set LLM_PROVIDER=openai (with OPENAI_API_KEY) or workers-ai",
      );
    if (c.embeddingProvider === "offline")
      out.push(
        "ENVIRONMENT=production de-duplicates with the offline embedder: set EMBEDDING_PROVIDER=workers-ai or openai, then re-index",
      );
    if (c.vectorIndex === "local")
      out.push("ENVIRONMENT=production keeps vectors in the local index: set VECTOR_INDEX=vectorize");
    if (p.fakeEnabled || /\/fake-threads$/.test(p.apiBase))
      out.push(
        "ENVIRONMENT=production uses the fake Threads API: set FAKE_THREADS_ENABLED=false and THREADS_API_BASE=https://graph.threads.net",
      );
    if (!c.apiRateLimit)
      out.push("ENVIRONMENT=production with API_RATE_LIMIT=off: requests per API key are not limited");
    if (!p.redirectUri)
      out.push(
        "ENVIRONMENT=production needs THREADS_REDIRECT_URI (the exact callback URL registered with the Threads app)",
      );
    return out;
  }
  const remoteOnly =
    "has no local simulator, so it fails under wrangler dev and the tests; use the offline stand-in locally, or set ENVIRONMENT=production when deployed";
  if (c.llmProvider === "workers-ai") out.push(`LLM_PROVIDER=workers-ai: Workers AI ${remoteOnly}`);
  if (c.embeddingProvider === "workers-ai") out.push(`EMBEDDING_PROVIDER=workers-ai: Workers AI ${remoteOnly}`);
  if (c.vectorIndex === "vectorize") out.push(`VECTOR_INDEX=vectorize: Vectorize ${remoteOnly}`);
  return out;
}

function resolve(env: object): Settings {
  const { values: v, problems } = parseEnv(env);
  const environment = v.ENVIRONMENT ?? "development";
  const llmProvider = chooseProvider(v, problems);
  const defaults = DEFAULT_MODELS[llmProvider];
  const search = searchSettings(v, problems);
  const embeddingGiven = str((env as Record<string, unknown>).EMBEDDING_PROVIDER) !== null;
  const base = {
    environment,
    llmProvider,
    hookModel: llmProvider === "offline" ? defaults.hook : (v.HOOK_MODEL ?? defaults.hook),
    bodyModel: llmProvider === "offline" ? defaults.body : (v.BODY_MODEL ?? defaults.body),
    openaiApiKey: v.OPENAI_API_KEY ?? null,
    openaiBaseUrl: v.OPENAI_BASE_URL ?? null,
    priceOverrides: v.MODEL_PRICES ?? {},
    offlineFaultRate: v.OFFLINE_LLM_FAULT_RATE ?? 0,
    offlineLatencyMs: v.OFFLINE_LLM_LATENCY_MS ?? 0,
    retryBaseSeconds: v.QUEUE_RETRY_BASE_SECONDS ?? 2,
    retryMaxSeconds: v.QUEUE_RETRY_MAX_SECONDS ?? 300,
    embeddingProvider: chooseEmbedder(v, embeddingGiven, problems),
    embeddingModel: v.EMBEDDING_MODEL ?? null,
    embeddingDimensions: v.EMBEDDING_DIMENSIONS ?? null,
    vectorIndex: v.VECTOR_INDEX ?? "local",
    dedupThreshold: v.DEDUP_THRESHOLD ?? null,
    dedupWindowDays: v.DEDUP_WINDOW_DAYS ?? 90,
    dailyLlmBudgetUsd: v.DAILY_LLM_BUDGET_USD ?? 5,
    maxQueuedTasksPerPersona: v.MAX_QUEUED_TASKS_PER_PERSONA ?? 100,
    apiRateLimit: v.API_RATE_LIMIT !== "off",
  };
  const publishing = publishingSettings(v);
  problems.push(...environmentProblems(environment, base, publishing));
  return {
    config: { ...base, search, problems },
    publishing,
    observability: {
      revenueModel: v.REVENUE_MODEL ?? DEFAULT_REVENUE_MODEL,
      p95LatencySeconds: v.ALERT_P95_LATENCY_SECONDS ?? 120,
      failureRate: v.ALERT_FAILURE_RATE ?? 0.1,
      slackWebhookUrl: v.SLACK_WEBHOOK_URL ?? null,
      pagerDutyRoutingKey: v.PAGERDUTY_ROUTING_KEY ?? null,
      dashboardUrl: v.DASHBOARD_URL ?? null,
    },
    performance: {
      metricsFlushMs: (v.METRICS_FLUSH_SECONDS ?? 10) * 1000,
      containerTiming: {
        firstCheckMs: (v.THREADS_CONTAINER_FIRST_CHECK_SECONDS ?? META_CONTAINER_TIMING.firstCheckMs / 1000) * 1000,
        checkEveryMs: (v.THREADS_CONTAINER_CHECK_EVERY_SECONDS ?? META_CONTAINER_TIMING.checkEveryMs / 1000) * 1000,
        maxWaitMs: (v.THREADS_CONTAINER_MAX_WAIT_SECONDS ?? META_CONTAINER_TIMING.maxWaitMs / 1000) * 1000,
        inlineMaxMs: (v.THREADS_CONTAINER_INLINE_WAIT_SECONDS ?? META_CONTAINER_TIMING.inlineMaxMs / 1000) * 1000,
      },
      taskStaleAfterMs: (v.TASK_STALE_AFTER_SECONDS ?? 900) * 1000,
      publishingStaleAfterMs: (v.PUBLISHING_STALE_AFTER_SECONDS ?? 900) * 1000,
    },
    problems,
  };
}

// A Worker isolate keeps one env object, so this parses once per isolate; tests that pass their
// own env objects (or proxies with some vars replaced) get their own parse.
export const loadSettings: (env: object) => Settings = perObject(resolve);

export const loadConfig = (env: object): Config => loadSettings(env).config;
