import { z } from "@hono/zod-openapi";
import { TIME_RANGES } from "../../providers/search/types.ts";
import { HOOK_PATTERNS } from "../../research/competitive.ts";
import type { CompetitiveResearch, TrendResearch } from "../../research/research.ts";
import { iso, IsoTime, safeString } from "./common.ts";

// Same bound as a task's topic: anything a task can research, the API can too.
export const TOPIC_MAX_CHARS = 280;

const Topic = safeString()
  .trim()
  .min(1, "must not be empty")
  .max(TOPIC_MAX_CHARS, `must be at most ${TOPIC_MAX_CHARS} characters`)
  .openapi({ example: "remote work" });
const Timeframe = z.enum(TIME_RANGES).default("week").openapi({ description: "how recent: day | week | month | year" });
const Strict = z.boolean().default(false).openapi({
  description:
    "fail with the search engine's error instead of falling back to cached or offline results (to check a SearXNG setup)",
});

export const TrendsRequest = z
  .object({
    topic: Topic,
    timeframe: Timeframe,
    limit: z
      .number()
      .int("must be an integer")
      .min(1, "must be between 1 and 50")
      .max(50, "must be between 1 and 50")
      .default(10),
    strict: Strict,
  })
  .strict()
  .openapi("TrendsRequest", { example: { topic: "remote work", timeframe: "week", limit: 5 } });

export const CompetitiveRequest = z
  .object({
    topic: Topic,
    timeframe: Timeframe,
    examples: z
      .number()
      .int("must be an integer")
      .min(1, "must be between 1 and 20")
      .max(20, "must be between 1 and 20")
      .default(5),
    strict: Strict,
  })
  .strict()
  .openapi("CompetitiveRequest", { example: { topic: "remote work", examples: 5 } });

const Source = z.object({ url: z.string(), title: z.string() });
const Meta = {
  topic: z.string(),
  timeframe: z.enum(TIME_RANGES),
  source: z.string().openapi({ description: "who answered: searxng, threads, or offline (the fallback)" }),
  cached: z.boolean().openapi({ description: "served from the research cache without calling the search engine" }),
  stale: z.boolean().openapi({ description: "an expired cache entry served because the search engine failed" }),
  fetched_at: IsoTime,
  warnings: z.array(z.string()),
};

export const TrendsResponse = z
  .object({
    ...Meta,
    trends: z.array(
      z.object({
        topic: z.string().openapi({ example: "four day week" }),
        score: z.number().openapi({ description: "recency-weighted count of results using the phrase" }),
        mentions: z.number().int(),
        sources: z.array(Source),
        excerpt: z.string().nullable(),
      }),
    ),
    suggestions: z.array(z.string()),
  })
  .openapi("Trends");

export const CompetitiveResponse = z
  .object({
    ...Meta,
    sample_size: z.number().int(),
    viral_examples: z.array(
      z.object({
        url: z.string(),
        title: z.string(),
        hook: z.string(),
        pattern: z.enum(HOOK_PATTERNS),
        engagement: z.number().nullable(),
        score: z.number().nullable(),
        published_at: IsoTime.nullable(),
      }),
    ),
    hook_patterns: z.array(
      z.object({
        pattern: z.enum(HOOK_PATTERNS),
        count: z.number().int(),
        share: z.number(),
        example: z.object({ text: z.string(), url: z.string() }).nullable(),
      }),
    ),
    common_keywords: z.array(z.object({ keyword: z.string(), count: z.number().int() })),
  })
  .openapi("Competitive");

const meta = (r: TrendResearch | CompetitiveResearch, topic: string) => ({
  topic,
  timeframe: r.timeframe,
  source: r.source,
  cached: r.cached,
  stale: r.stale,
  fetched_at: iso(r.fetchedAt) ?? "",
  warnings: r.warnings,
});

export const trendsJson = (r: TrendResearch): z.infer<typeof TrendsResponse> => ({
  ...meta(r, r.topic),
  trends: r.trends.map((t) => ({
    topic: t.topic,
    score: t.score,
    mentions: t.mentions,
    sources: t.sources,
    excerpt: t.excerpt ?? null,
  })),
  suggestions: r.suggestions,
});

export const competitiveJson = (r: CompetitiveResearch): z.infer<typeof CompetitiveResponse> => ({
  ...meta(r, r.topic),
  sample_size: r.sampleSize,
  viral_examples: r.viralExamples.map((e) => ({
    url: e.url,
    title: e.title,
    hook: e.hook,
    pattern: e.pattern,
    engagement: e.engagement,
    score: e.score,
    published_at: iso(e.publishedAt),
  })),
  hook_patterns: r.hookPatterns,
  common_keywords: r.commonKeywords,
});
