import type { Telemetry } from "../../metrics/events.ts";
import { recordSearchEvents, searchEventLog } from "../../research/counters.ts";
import type { ResearchDb } from "../../research/cache.ts";
import { pickTrend, researchTrendsResilient, TREND_RELEVANCE_FLOOR, trendRelevance } from "../../research/research.ts";
import type { FetchFn } from "../search/http.ts";
import type { SearchSettings } from "../../settings/index.ts";
import { ThreadsKeywordProvider } from "../search/threads-keyword.ts";
import type { SearchProvider, TimeRange } from "../search/types.ts";
import type { TrendFound, TrendQuery, TrendResearcher } from "./types.ts";

// Real trend research for the pipeline: search (through the D1 cache), extract phrases, pick
// the one closest to the task and the persona. Outages degrade to stale cache, then the
// offline source, with warnings; they never fail the post.

/** Posts are about this week's conversation; the API lets callers choose other ranges. */
export const PIPELINE_TIMEFRAME: TimeRange = "week";
const CANDIDATES = 10;

export interface SearchTrendResearcherDeps {
  db: ResearchDb;
  settings: SearchSettings;
  /** The configured web search (SearXNG or offline). */
  provider: SearchProvider;
  /** THREADS_API_BASE, for the Threads keyword search (the fake Threads API locally). */
  threadsApiBase?: string;
  fetch?: FetchFn;
  now?: () => number;
  /** Where search events go (counters and Analytics Engine); none in unit tests that do not care. */
  telemetry?: Pick<Telemetry, "record">;
}

export class SearchTrendResearcher implements TrendResearcher {
  constructor(private readonly deps: SearchTrendResearcherDeps) {}

  /** The search source a query would use: the persona's Threads search when it has a token. */
  providerFor(q: Pick<TrendQuery, "threadsAccessToken">): SearchProvider {
    if (!q.threadsAccessToken) return this.deps.provider;
    return new ThreadsKeywordProvider({
      accessToken: q.threadsAccessToken,
      timeoutMs: this.deps.settings.timeoutMs,
      ...(this.deps.threadsApiBase ? { apiBase: this.deps.threadsApiBase } : {}),
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
  }

  async research(q: TrendQuery): Promise<TrendFound> {
    // The operator named the trend: it wins, and a search would only cost quota.
    if (q.given) return { ...givenTrend(q.given), cached: false, candidates: [] };
    const { settings, db } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const log = searchEventLog();
    const found = await researchTrendsResilient({
      provider: this.providerFor(q),
      // Threads search answers per account (its own posts without app review): cache per persona.
      ...(q.threadsAccessToken && q.personaId ? { cacheScope: q.personaId } : {}),
      db,
      topic: q.topic,
      timeframe: PIPELINE_TIMEFRAME,
      ttl: settings.cacheTtlSeconds,
      maxStaleSeconds: settings.staleMaxSeconds,
      now,
      limit: CANDIDATES,
      ...(settings.language ? { language: settings.language } : {}),
      onSearch: log.onSearch,
    });
    if (this.deps.telemetry) recordSearchEvents(this.deps.telemetry, log.events, q.personaId);
    const picked = pickTrend(found.trends, q.topic, q.personaTopics);
    const warnings = [...found.warnings];
    if (!picked && found.trends.length === 0) warnings.push(`no trend found for '${q.topic}'; writing without one`);
    if (!picked && found.trends.length > 0) {
      const closest = [...found.trends].sort((a, b) => trendRelevance(b, q.topic) - trendRelevance(a, q.topic))[0];
      const r = closest ? trendRelevance(closest, q.topic).toFixed(2) : "0";
      warnings.push(
        `no trend relevant to '${q.topic}' (closest: '${closest?.topic}', relevance ${r} < ${TREND_RELEVANCE_FLOOR}); writing without one`,
      );
    }
    return {
      trend: picked ? { topic: picked.topic, snippet: picked.snippet, sources: picked.sources } : null,
      relevance: picked?.relevance ?? null,
      source: found.source,
      warnings,
      cached: found.cached,
      candidates: found.trends.map((t) => t.topic),
    };
  }
}

/** The task's own trend_snippet as the trend (research off, or the operator supplied one). */
export function givenTrend(given: string | null): Omit<TrendFound, "cached" | "candidates"> {
  if (!given) return { trend: null, source: "none", warnings: [] };
  const topic =
    given
      .split(/[.!?\n]/)[0]
      ?.trim()
      .slice(0, 120) || given.slice(0, 120);
  return { trend: { topic, snippet: given, sources: [] }, source: "task", warnings: [] };
}
