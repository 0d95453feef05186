import type { RevenueModel } from "../kpis/revenue.ts";
import { DEFAULT_THREADS_AUTHORIZE_BASE } from "../providers/threads/client.ts";
import type { ContainerTiming } from "../publishing/container-timing.ts";
import { perObject } from "../per-object.ts";
import { type Choices, type Rule, str } from "./define.ts";
import { parseEnv, type Values, withDefaults } from "./parse.ts";
import { DEFAULT_MODELS, DEFAULT_SECOND_OPINION_MODEL, type LlmProviderName, REGISTRY } from "./registry.ts";

// The settings of the whole Worker: the registry's entries (registry.ts) parsed once per env
// object and cached, then the values that depend on several settings (which LLM, which embedder,
// which search source, defaults that depend on the choice) and the registry's production and
// local rules. One access pattern: `settings(env).<section>.<name>`. Every problem found lands in
// `problems` (GET /health/ready); nothing here throws.

export { DEFAULT_MODELS, type LlmProviderName } from "./registry.ts";
export type EmbeddingProviderName = LlmProviderName;
export type VectorIndexName = "local" | "vectorize";
export type Environment = "development" | "production";
export type SearchProviderName = "searxng" | "offline";

export interface ModelPrice {
  /** USD per million prompt tokens */
  input: number;
  /** USD per million completion tokens */
  output: number;
}

export interface GenerationSettings {
  llmProvider: LlmProviderName;
  hookModel: string;
  bodyModel: string;
  openaiApiKey: string | null;
  openaiBaseUrl: string | null;
  priceOverrides: Record<string, ModelPrice>;
  offlineFaultRate: number;
  offlineLatencyMs: number;
  /** GUARDRAIL_SECOND_OPINION: who is asked about the guardrail's unsure band. */
  secondOpinion: "off" | "local" | "workers-ai";
  secondOpinionModel: string;
}

export interface QueueSettings {
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

export interface LimitSettings {
  /** API_RATE_LIMIT: "off" skips the per-key request rate (benchmarks); a problem in production. */
  apiRateLimit: boolean;
  /** Billed LLM calls stop for the rest of the UTC day once spend reaches it. */
  dailyLlmBudgetUsd: number;
  /** Queued + running tasks a persona may hold; more is a 429. */
  maxQueuedTasksPerPersona: number;
  /** Days the audit log keeps an entry (AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
}

/** Trend research: SEARCH_PROVIDER, SEARXNG_URL, SEARCH_* (docs/research.md). */
export interface SearchSettings {
  provider: SearchProviderName;
  searxngUrl: string | null;
  timeoutMs: number;
  categories: string[];
  language: string | null;
  cacheTtlSeconds: number;
  staleMaxSeconds: number;
  /** This section's own problems; all are in the top-level `problems` too. */
  problems: string[];
}

export interface DedupSettings {
  embeddingProvider: EmbeddingProviderName;
  /** null: the provider's default model. */
  embeddingModel: string | null;
  /** null: the model's native size. */
  embeddingDimensions: number | null;
  vectorIndex: VectorIndexName;
  /** DEDUP_THRESHOLD, or null to use the embedder's calibrated threshold (dedup/settings.ts). */
  threshold: number | null;
  /** DEDUP_TARGET_PRECISION: the precision calibration picks each embedder's threshold for. */
  targetPrecision: number;
  windowDays: number;
}

export interface PublishingSettings {
  /** graph.threads.net, or …/fake-threads for local runs and tests. */
  apiBase: string;
  /** Where users approve the app: threads.com, or the fake's own /oauth/authorize. */
  authorizeBase: string;
  fakeEnabled: boolean;
  /** The API base is the fake mounted in this Worker: serve it in-process. */
  usesLocalFake: boolean;
  appId: string | null;
  appSecret: string | null;
  redirectUri: string | null;
  /** How far ahead of a free slot autopilot creates its generation task. */
  autopilotLeadMs: number;
  /** When a Threads container is checked (publishing/container-timing.ts). */
  containerTiming: ContainerTiming;
}

/** History sync (docs/history.md). */
export interface HistorySettings {
  syncMaxPosts: number;
  syncPageSize: number;
  syncOnLink: boolean;
}

/** Sources and retrieval (docs/sources.md). */
export interface SourceSettings {
  fetchTimeoutMs: number;
  maxBytes: number;
  refreshMs: number;
  maxItems: number;
  maxPerPersona: number;
  topK: number;
  minSimilarity: number;
}

/** The every-minute cron re-sends work untouched this long: its queue message was lost. */
export interface RecoverySettings {
  taskStaleAfterMs: number;
  publishingStaleAfterMs: number;
}

/** Webhooks and polling of replies (docs/conversations.md). */
export interface ConversationSettings {
  /** THREADS_WEBHOOK_VERIFY_TOKEN; `fake-verify-token` with the local fake; null: verification refused. */
  webhookVerifyToken: string | null;
  webhookMaxAgeMs: number;
  /** Posts per account whose conversation each polling run reads; 0: no polling. */
  pollPostsPerAccount: number;
}

/** Experiment decisions, bandits and the quality gate (docs/experiments.md). */
export interface ExperimentSettings {
  rules: { alpha: number; tuning: number; maxPostsPerArm: number; mdeRelative: number; srmAlpha: number };
  /** Default minimum measured posts per arm before any decision or bandit reweighting. */
  minPostsPerArm: number;
  /** Hours after publishing at which a post's engagement rate is read (the decision metric). */
  windowHours: number;
  /** Least share of new tasks any bandit arm keeps. */
  banditFloor: number;
  /** The same hook pattern at most this many times in 7 days per persona (0 = no limit). */
  fatigueMax: number;
  /** Gate threshold for personas without their own quality_threshold. */
  qualityThreshold: number;
  /** Posts with metrics the learned score needs before the gate uses it (docs/score.md). */
  learnedMinPosts: number;
}

export interface ObservabilitySettings {
  revenueModel: RevenueModel;
  p95LatencySeconds: number;
  failureRate: number;
  slackWebhookUrl: string | null;
  pagerDutyRoutingKey: string | null;
  dashboardUrl: string | null;
  /** Counters buffered per isolate reach D1 at most this often; 0 = every invocation. */
  metricsFlushMs: number;
}

/** Cloudflare Access in front of the Worker (workers/access/cf-access.ts); both set, or it is off. */
export interface AccessSettings {
  teamDomain: string | null;
  audience: string | null;
}

/** The fake Threads API's own settings (workers/fake-threads/options.ts reads them). */
export interface FakeThreadsSettings {
  enabled: boolean;
  seed: string;
  faultRate: number;
  /** FAKE_THREADS_FAIL as written (null: none); the fake parses its rules. */
  fail: string | null;
  latencyMs: number;
  processingMs: number;
  quota: number;
  /** FAKE_THREADS_AUDIENCE as written (its grammar: audience-spec.ts). */
  audience: string;
  historyPosts: number;
  /** Simulated replies per published post (FAKE_THREADS_REPLIES). */
  replies: number;
  /** Where the simulated audience's webhooks go; null: the Worker, in-process. */
  webhookUrl: string | null;
}

export interface Settings {
  environment: Environment;
  access: AccessSettings;
  generation: GenerationSettings;
  queue: QueueSettings;
  limits: LimitSettings;
  research: SearchSettings;
  dedup: DedupSettings;
  publishing: PublishingSettings;
  recovery: RecoverySettings;
  conversations: ConversationSettings;
  history: HistorySettings;
  sources: SourceSettings;
  experiments: ExperimentSettings;
  observability: ObservabilitySettings;
  fake: FakeThreadsSettings;
  /** Every problem with the settings (all sections), as /health/ready lists them. */
  problems: string[];
}

/** Sample-ratio-mismatch check of experiments: a fixed property of the test, not a setting. */
const SRM_ALPHA = 0.001;

/** A real key: set, and not the placeholder `test` used by CI and local runs. */
export const isRealKey = (key: string | null): key is string => key !== null && key !== "test";

function chooseLlm(v: Values, problems: string[]): LlmProviderName {
  if (v.LLM_PROVIDER === "openai" && !isRealKey(v.OPENAI_API_KEY)) {
    problems.push("LLM_PROVIDER=openai needs OPENAI_API_KEY; using the offline model");
    return "offline";
  }
  if (v.LLM_PROVIDER !== "auto") return v.LLM_PROVIDER;
  return isRealKey(v.OPENAI_API_KEY) ? "openai" : "offline";
}

// Unset: Workers AI (production's default). Set but invalid: the offline embedder.
function chooseEmbedder(v: Values, given: boolean, problems: string[]): EmbeddingProviderName {
  if (v.EMBEDDING_PROVIDER === null) return given ? "offline" : "workers-ai";
  if (v.EMBEDDING_PROVIDER === "openai" && !isRealKey(v.OPENAI_API_KEY)) {
    problems.push("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY; using the offline embedder");
    return "offline";
  }
  return v.EMBEDDING_PROVIDER;
}

function research(v: Values, problems: string[]): SearchSettings {
  const own: string[] = [];
  const url = v.SEARXNG_URL;
  let provider: SearchProviderName = url ? "searxng" : "offline";
  if (v.SEARCH_PROVIDER === "offline") provider = "offline";
  else if (v.SEARCH_PROVIDER === "searxng" && !url)
    own.push("SEARCH_PROVIDER=searxng needs SEARXNG_URL; using the offline source");
  problems.push(...own);
  const named = (p: string) => /^(SEARCH_|SEARXNG_)/.test(p);
  return {
    provider,
    searxngUrl: url,
    timeoutMs: v.SEARCH_TIMEOUT_MS,
    categories: v.SEARXNG_CATEGORIES.split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    language: v.SEARCH_LANGUAGE,
    cacheTtlSeconds: v.SEARCH_CACHE_TTL_SECONDS,
    staleMaxSeconds: v.SEARCH_STALE_MAX_SECONDS,
    problems: [...own, ...problems.filter((p) => named(p) && !own.includes(p))],
  };
}

function publishing(v: Values): PublishingSettings {
  const apiBase = v.THREADS_API_BASE.replace(/\/+$/, "");
  const pointsAtFake = /\/fake-threads$/.test(apiBase);
  const usesLocalFake = v.FAKE_THREADS_ENABLED && pointsAtFake;
  return {
    apiBase,
    authorizeBase: pointsAtFake ? apiBase : DEFAULT_THREADS_AUTHORIZE_BASE,
    fakeEnabled: v.FAKE_THREADS_ENABLED,
    usesLocalFake,
    // The fake accepts any app credentials, so local runs need none configured.
    appId: v.THREADS_APP_ID ?? (usesLocalFake ? "fake-app" : null),
    appSecret: v.THREADS_APP_SECRET ?? (usesLocalFake ? "fake-secret" : null),
    redirectUri: v.THREADS_REDIRECT_URI,
    autopilotLeadMs: v.AUTOPILOT_LEAD_MINUTES * 60_000,
    containerTiming: {
      firstCheckMs: v.THREADS_CONTAINER_FIRST_CHECK_SECONDS * 1000,
      checkEveryMs: v.THREADS_CONTAINER_CHECK_EVERY_SECONDS * 1000,
      maxWaitMs: v.THREADS_CONTAINER_MAX_WAIT_SECONDS * 1000,
      inlineMaxMs: v.THREADS_CONTAINER_INLINE_WAIT_SECONDS * 1000,
    },
  };
}

/**
 * The registry's rules in its order: production must not run on a local stand-in; a local run
 * cannot use a provider that has no local simulator (Workers AI, Vectorize under `wrangler dev`
 * and the tests).
 */
function ruleProblems(environment: Environment, choices: Choices): string[] {
  const which = environment === "production" ? "production" : "local";
  const entries: { production?: Rule; local?: Rule }[] = Object.values(REGISTRY);
  return entries.flatMap((entry) => entry[which]?.(choices) ?? []);
}

function resolve(env: object): Settings {
  const { values: raw, problems } = parseEnv(env);
  const v = withDefaults(raw);
  const environment = v.ENVIRONMENT;
  const llmProvider = chooseLlm(v, problems);
  const models = DEFAULT_MODELS[llmProvider];
  const researchSection = research(v, problems);
  const embeddingGiven = str((env as Record<string, unknown>).EMBEDDING_PROVIDER) !== null;
  const generation: GenerationSettings = {
    llmProvider,
    hookModel: llmProvider === "offline" ? models.hook : (v.HOOK_MODEL ?? models.hook),
    bodyModel: llmProvider === "offline" ? models.body : (v.BODY_MODEL ?? models.body),
    openaiApiKey: v.OPENAI_API_KEY,
    openaiBaseUrl: v.OPENAI_BASE_URL,
    priceOverrides: v.MODEL_PRICES,
    offlineFaultRate: v.OFFLINE_LLM_FAULT_RATE,
    offlineLatencyMs: v.OFFLINE_LLM_LATENCY_MS,
    secondOpinion: v.GUARDRAIL_SECOND_OPINION,
    secondOpinionModel: v.GUARDRAIL_SECOND_OPINION_MODEL ?? DEFAULT_SECOND_OPINION_MODEL,
  };
  const dedup: DedupSettings = {
    embeddingProvider: chooseEmbedder(v, embeddingGiven, problems),
    embeddingModel: v.EMBEDDING_MODEL,
    embeddingDimensions: v.EMBEDDING_DIMENSIONS,
    vectorIndex: v.VECTOR_INDEX,
    threshold: v.DEDUP_THRESHOLD,
    targetPrecision: v.DEDUP_TARGET_PRECISION,
    windowDays: v.DEDUP_WINDOW_DAYS,
  };
  const limits: LimitSettings = {
    apiRateLimit: v.API_RATE_LIMIT !== "off",
    dailyLlmBudgetUsd: v.DAILY_LLM_BUDGET_USD,
    maxQueuedTasksPerPersona: v.MAX_QUEUED_TASKS_PER_PERSONA,
    auditRetentionDays: v.AUDIT_RETENTION_DAYS,
  };
  const publishingSection = publishing(v);
  problems.push(
    ...ruleProblems(environment, {
      llmProvider,
      embeddingProvider: dedup.embeddingProvider,
      secondOpinion: generation.secondOpinion,
      vectorIndex: dedup.vectorIndex,
      apiRateLimit: limits.apiRateLimit,
      fakeThreads: publishingSection.fakeEnabled || /\/fake-threads$/.test(publishingSection.apiBase),
      redirectUri: publishingSection.redirectUri,
    }),
  );
  return {
    environment,
    access: { teamDomain: v.CF_ACCESS_TEAM_DOMAIN, audience: v.CF_ACCESS_AUD },
    generation,
    queue: { retryBaseSeconds: v.QUEUE_RETRY_BASE_SECONDS, retryMaxSeconds: v.QUEUE_RETRY_MAX_SECONDS },
    limits,
    research: researchSection,
    dedup,
    publishing: publishingSection,
    history: {
      syncMaxPosts: v.HISTORY_SYNC_MAX_POSTS,
      syncPageSize: v.HISTORY_SYNC_PAGE_SIZE,
      syncOnLink: v.HISTORY_SYNC_ON_LINK,
    },
    sources: {
      fetchTimeoutMs: v.SOURCE_FETCH_TIMEOUT_MS,
      maxBytes: v.SOURCE_MAX_BYTES,
      refreshMs: v.SOURCE_REFRESH_MINUTES * 60_000,
      maxItems: v.SOURCE_MAX_ITEMS,
      maxPerPersona: v.SOURCE_MAX_PER_PERSONA,
      topK: v.SOURCE_TOP_K,
      minSimilarity: v.SOURCE_MIN_SIMILARITY,
    },
    recovery: {
      taskStaleAfterMs: v.TASK_STALE_AFTER_SECONDS * 1000,
      publishingStaleAfterMs: v.PUBLISHING_STALE_AFTER_SECONDS * 1000,
    },
    conversations: {
      webhookVerifyToken:
        v.THREADS_WEBHOOK_VERIFY_TOKEN ?? (publishingSection.usesLocalFake ? "fake-verify-token" : null),
      webhookMaxAgeMs: v.THREADS_WEBHOOK_MAX_AGE_SECONDS * 1000,
      pollPostsPerAccount: v.REPLIES_POLL_POSTS,
    },
    experiments: {
      rules: {
        alpha: v.EXPERIMENT_ALPHA,
        tuning: v.EXPERIMENT_TUNING_POSTS,
        maxPostsPerArm: v.EXPERIMENT_MAX_POSTS_PER_ARM,
        mdeRelative: v.EXPERIMENT_MDE,
        srmAlpha: SRM_ALPHA,
      },
      minPostsPerArm: v.EXPERIMENT_MIN_POSTS_PER_ARM,
      windowHours: v.EXPERIMENT_WINDOW_HOURS,
      banditFloor: v.BANDIT_MIN_ARM_WEIGHT,
      fatigueMax: v.HOOK_FATIGUE_MAX_PER_WEEK,
      qualityThreshold: v.QUALITY_THRESHOLD,
      learnedMinPosts: v.SCORE_LEARNED_MIN_POSTS,
    },
    observability: {
      revenueModel: v.REVENUE_MODEL,
      p95LatencySeconds: v.ALERT_P95_LATENCY_SECONDS,
      failureRate: v.ALERT_FAILURE_RATE,
      slackWebhookUrl: v.SLACK_WEBHOOK_URL,
      pagerDutyRoutingKey: v.PAGERDUTY_ROUTING_KEY,
      dashboardUrl: v.DASHBOARD_URL,
      metricsFlushMs: v.METRICS_FLUSH_SECONDS * 1000,
    },
    fake: {
      enabled: v.FAKE_THREADS_ENABLED,
      seed: v.FAKE_THREADS_SEED,
      faultRate: v.FAKE_THREADS_FAULT_RATE,
      fail: v.FAKE_THREADS_FAIL,
      latencyMs: v.FAKE_THREADS_LATENCY_MS,
      processingMs: v.FAKE_THREADS_PROCESSING_MS,
      quota: v.FAKE_THREADS_QUOTA,
      audience: v.FAKE_THREADS_AUDIENCE,
      historyPosts: v.FAKE_THREADS_HISTORY_POSTS,
      replies: v.FAKE_THREADS_REPLIES,
      webhookUrl: v.FAKE_THREADS_WEBHOOK_URL,
    },
    problems,
  };
}

/**
 * The settings, parsed once per env object: a Worker isolate keeps one env, so once per isolate;
 * tests that pass their own env objects (or proxies with some vars replaced) get their own parse.
 */
export const settings: (env: object) => Settings = perObject(resolve);
