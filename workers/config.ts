import { AppError } from "./errors.ts";
import { numberSetting, optionalNumberSetting, str, type Vars } from "./settings.ts";
import { loadSearchSettings } from "./providers/search/index.ts";
import type { SearchSettings } from "./providers/search/index.ts";

// Every setting the Worker reads, parsed once from env with defaults. README "Settings" documents each.
export type LlmProviderName = "offline" | "openai" | "workers-ai";
export type EmbeddingProviderName = LlmProviderName;
export type VectorIndexName = "local" | "vectorize";

export interface ModelPrice {
  /** USD per million prompt tokens */
  input: number;
  /** USD per million completion tokens */
  output: number;
}

export interface Config {
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

function chooseProvider(vars: Vars, openaiKey: string | null, problems: string[]): LlmProviderName {
  const raw = str(vars.LLM_PROVIDER);
  if (raw === "offline" || raw === "openai" || raw === "workers-ai") {
    if (raw === "openai" && !isRealKey(openaiKey)) {
      problems.push("LLM_PROVIDER=openai needs OPENAI_API_KEY; using the offline model");
      return "offline";
    }
    return raw;
  }
  if (raw !== null && raw !== "auto") problems.push(`LLM_PROVIDER '${raw}' is not offline|openai|workers-ai|auto`);
  return isRealKey(openaiKey) ? "openai" : "offline";
}

function parsePrices(raw: string | null, problems: string[]): Record<string, ModelPrice> {
  if (raw === null) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    const out: Record<string, ModelPrice> = {};
    for (const [model, p] of Object.entries(parsed as Record<string, unknown>)) {
      const price = p as Partial<ModelPrice>;
      if (typeof price?.input !== "number" || typeof price.output !== "number") throw new Error(model);
      out[model] = { input: price.input, output: price.output };
    }
    return out;
  } catch {
    problems.push('MODEL_PRICES must be JSON like {"gpt-4o":{"input":2.5,"output":10}} (USD per 1M tokens)');
    return {};
  }
}

// Workers AI is the default embedder in production; wrangler.toml sets "offline" for local runs,
// as it does for the LLM, because env.AI has no local simulator.
function chooseEmbedder(vars: Vars, openaiKey: string | null, problems: string[]): EmbeddingProviderName {
  const raw = str(vars.EMBEDDING_PROVIDER);
  if (raw === null) return "workers-ai";
  if (raw === "openai" && !isRealKey(openaiKey)) {
    problems.push("EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY; using the offline embedder");
    return "offline";
  }
  if (raw === "offline" || raw === "openai" || raw === "workers-ai") return raw;
  problems.push(`EMBEDDING_PROVIDER '${raw}' is not offline|openai|workers-ai; using the offline embedder`);
  return "offline";
}

function chooseVectorIndex(vars: Vars, problems: string[]): VectorIndexName {
  const raw = str(vars.VECTOR_INDEX);
  if (raw === null || raw === "local" || raw === "vectorize") return raw ?? "local";
  problems.push(`VECTOR_INDEX '${raw}' is not local|vectorize; using local`);
  return "local";
}

export const VECTORIZE_MAX_DIMENSIONS = 1536;

export function loadConfig(env: object): Config {
  // Env is an interface without an index signature; settings are read by name.
  const vars = env as Vars;
  const problems: string[] = [];
  const openaiApiKey = str(vars.OPENAI_API_KEY);
  const llmProvider = chooseProvider(vars, openaiApiKey, problems);
  const defaults = DEFAULT_MODELS[llmProvider];
  const search = loadSearchSettings(vars);
  problems.push(...search.problems);
  return {
    llmProvider,
    hookModel: llmProvider === "offline" ? defaults.hook : (str(vars.HOOK_MODEL) ?? defaults.hook),
    bodyModel: llmProvider === "offline" ? defaults.body : (str(vars.BODY_MODEL) ?? defaults.body),
    openaiApiKey,
    openaiBaseUrl: str(vars.OPENAI_BASE_URL),
    priceOverrides: parsePrices(str(vars.MODEL_PRICES), problems),
    offlineFaultRate: numberSetting(vars, "OFFLINE_LLM_FAULT_RATE", 0, { min: 0, max: 1 }, problems),
    offlineLatencyMs: numberSetting(vars, "OFFLINE_LLM_LATENCY_MS", 0, { min: 0, max: 60_000 }, problems),
    retryBaseSeconds: numberSetting(vars, "QUEUE_RETRY_BASE_SECONDS", 2, { min: 0, max: 3600 }, problems),
    retryMaxSeconds: numberSetting(vars, "QUEUE_RETRY_MAX_SECONDS", 300, { min: 0, max: 43_200 }, problems),
    search,
    embeddingProvider: chooseEmbedder(vars, openaiApiKey, problems),
    embeddingModel: str(vars.EMBEDDING_MODEL),
    // Vectorize stores at most 1536 dimensions (https://developers.cloudflare.com/vectorize/platform/limits/).
    embeddingDimensions: optionalNumberSetting(vars, "EMBEDDING_DIMENSIONS", { min: 1, max: VECTORIZE_MAX_DIMENSIONS, integer: true }, problems),
    vectorIndex: chooseVectorIndex(vars, problems),
    dedupThreshold: optionalNumberSetting(vars, "DEDUP_THRESHOLD", { min: 0, max: 1 }, problems),
    dedupWindowDays: numberSetting(vars, "DEDUP_WINDOW_DAYS", 90, { min: 1, max: 3650 }, problems),
    problems,
  };
}

/** Config errors that make the product unusable rather than degraded. */
export function assertUsable(config: Config): void {
  if (config.llmProvider === "openai" && !isRealKey(config.openaiApiKey)) {
    throw new AppError("unavailable", "OPENAI_API_KEY is not set");
  }
}
