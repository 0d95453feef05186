import { createRoute, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TimeRange } from "../providers/search/types.ts";
import { recordSearchEvents, searchEventLog } from "../research/counters.ts";
import { researchCompetition, researchTrends, researchTrendsResilient } from "../research/research.ts";
import type { ResilientParams } from "../research/search-service.ts";
import { ErrorSchema, bearer, errorResponses, json } from "./schemas/common.ts";
import {
  CompetitiveRequest,
  CompetitiveResponse,
  TrendsRequest,
  TrendsResponse,
  competitiveJson,
  trendsJson,
} from "./schemas/search.ts";
import type { AppEnv } from "./router.ts";
import { newRouter } from "./router.ts";

// Trend research and competitive analysis on demand, through the same cache as the pipeline.
// By default an outage degrades (stale cache, then offline, with warnings); `strict` surfaces it.

const responses = <T extends z.ZodType>(schema: T, description: string) => ({
  200: { description, ...json(schema) },
  ...errorResponses(400, 401, 503),
  429: { description: "strict: the search engine is rate limiting", ...json(ErrorSchema) },
  502: { description: "strict: the search engine answered with an error or an unusable page", ...json(ErrorSchema) },
  504: { description: "strict: the search engine did not answer within SEARCH_TIMEOUT_MS", ...json(ErrorSchema) },
});

/**
 * Runs one research call with the configured search and cache settings, then counts its searches
 * in search_requests_total after the response (a metrics write never delays or fails a request).
 */
async function withSearch<T>(
  c: Context<AppEnv>,
  topic: string,
  timeframe: TimeRange,
  run: (p: ResilientParams) => Promise<T>,
): Promise<T> {
  const settings = c.var.settings.research;
  const log = searchEventLog();
  try {
    return await run({
      provider: c.var.services.search,
      db: c.var.db,
      topic,
      timeframe,
      ttl: settings.cacheTtlSeconds,
      maxStaleSeconds: settings.staleMaxSeconds,
      ...(settings.language ? { language: settings.language } : {}),
      onSearch: log.onSearch,
    });
  } finally {
    recordSearchEvents(c.var.services.telemetry, log.events);
  }
}

export const searchApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/trends",
      tags: ["research"],
      security: bearer,
      description:
        "Phrases that several recent results about the topic share, scored by how many and how fresh. Cached per (topic, timeframe, source) for SEARCH_CACHE_TTL_SECONDS; `cached: true` means the search engine was not called.",
      request: { body: { ...json(TrendsRequest), required: true } },
      responses: responses(TrendsResponse, "Trends, strongest first"),
    }),
    async (c) => {
      const { topic, timeframe, limit, strict } = c.req.valid("json");
      const found = await withSearch(c, topic, timeframe, (p) =>
        strict ? researchTrends({ ...p, limit }) : researchTrendsResilient({ ...p, limit }),
      );
      return c.json(trendsJson(found), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/competitive",
      tags: ["research"],
      security: bearer,
      description:
        "What already works for the topic: the most viral examples, their hook patterns (question, number_or_list, contrarian, how_to, story, warning, statistic, other) with counts, and the keywords they share.",
      request: { body: { ...json(CompetitiveRequest), required: true } },
      responses: responses(CompetitiveResponse, "Competitive analysis"),
    }),
    async (c) => {
      const { topic, timeframe, examples, strict } = c.req.valid("json");
      const found = await withSearch(c, topic, timeframe, (p) => researchCompetition({ ...p, strict, examples }));
      return c.json(competitiveJson(found), 200);
    },
  );
