import OpenAI from "openai";
import type { Config } from "../config.ts";
import { isRealKey } from "../config.ts";
import { OfflineProvider } from "./llm/offline.ts";
import { OpenAiProvider } from "./llm/openai.ts";
import type { LlmProvider } from "./llm/types.ts";
import { WorkersAiProvider, type AiRunner } from "./llm/workers-ai.ts";
import { OpenAiModerator } from "./moderation/openai.ts";
import type { Moderator } from "./moderation/types.ts";
import { openDb } from "../db/client.ts";
import { createSearchProvider } from "./search/index.ts";
import { SearchTrendResearcher } from "./trends/searched.ts";
import type { TrendResearcher } from "./trends/types.ts";

export interface Providers {
  llm: LlmProvider;
  moderator: Moderator | null;
  trends: TrendResearcher;
}

// The one place where configuration picks an adapter for each external capability.
export function buildProviders(env: Env, config: Config): Providers {
  return {
    llm: buildLlm(env, config),
    moderator: isRealKey(config.openaiApiKey)
      ? new OpenAiModerator(new OpenAI({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl ?? undefined, maxRetries: 0 }))
      : null,
    trends: buildTrends(env, config),
  };
}

// SearXNG when SEARXNG_URL is set, else the offline source; answers cached in D1.
function buildTrends(env: Env, config: Config): TrendResearcher {
  // Read by name: THREADS_API_BASE belongs to the publishing settings and may be unset.
  const vars: object = env;
  const threadsApiBase = (vars as Partial<Record<string, unknown>>).THREADS_API_BASE;
  return new SearchTrendResearcher({
    db: openDb(env.DB),
    settings: config.search,
    provider: createSearchProvider(config.search),
    ...(typeof threadsApiBase === "string" && threadsApiBase ? { threadsApiBase } : {}),
  });
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
