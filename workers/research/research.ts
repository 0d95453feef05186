import type { TimeRange } from "../providers/search/types.ts";
import { analyzeCompetition } from "./competitive.ts";
import type { CompetitiveAnalysis } from "./competitive.ts";
import { cachedSearch, resilientSearch } from "./search-service.ts";
import type { ResilientParams, SearchOutcome, SearchParams } from "./search-service.ts";
import { keywordSet } from "./text.ts";
import { extractTrends } from "./trends.ts";
import type { Trend, TrendSource } from "./trends.ts";

// The research entry points the API routes and the pipeline's trend_research step call.

export interface ResearchMeta {
  topic: string;
  timeframe: TimeRange;
  /** Which source answered: the provider's name, or the fallback's ("offline"). */
  source: string;
  cached: boolean;
  /** True when an expired cache entry was served because the provider failed. */
  stale: boolean;
  fetchedAt: number;
  suggestions: string[];
  warnings: string[];
}

export interface TrendResearch extends ResearchMeta {
  trends: Trend[];
}

export interface TrendParams extends SearchParams {
  limit?: number;
  /** Recency half-life; defaults by timeframe (day 12 h, week 72 h, month 10 d, year 90 d). */
  halfLifeHours?: number;
}

const HALF_LIFE_HOURS: Record<TimeRange, number> = { day: 12, week: 72, month: 240, year: 2160 };

function toTrends(p: TrendParams, out: SearchOutcome): TrendResearch {
  const timeframe = p.timeframe ?? "week";
  const now = p.now ?? Date.now();
  const trends = extractTrends(out.response.results, {
    query: p.topic,
    now,
    limit: p.limit ?? 10,
    halfLifeHours: p.halfLifeHours ?? HALF_LIFE_HOURS[timeframe],
  });
  const warnings = [...out.warnings];
  if (trends.length === 0 && out.response.results.length > 0) warnings.push(`no phrase was shared by several of the ${out.response.results.length} results`);
  return { topic: p.topic, timeframe, source: out.source, cached: out.cached, stale: out.stale, fetchedAt: out.fetchedAt, suggestions: out.response.suggestions, warnings, trends };
}

/** Trends for a topic through the cache. A provider failure propagates as a SearchError (an AppError). */
export async function researchTrends(p: TrendParams): Promise<TrendResearch> {
  return toTrends(p, await cachedSearch(p));
}

/** For the pipeline: never throws for an outage; falls back to stale cache, then the offline source. */
export async function researchTrendsResilient(p: TrendParams & ResilientParams): Promise<TrendResearch> {
  return toTrends(p, await resilientSearch(p));
}

export type CompetitiveResearch = CompetitiveAnalysis & ResearchMeta;

/** Competitive analysis of what ranks for a topic; resilient like the pipeline path unless `strict`. */
export async function researchCompetition(p: ResilientParams & { strict?: boolean; examples?: number; keywords?: number }): Promise<CompetitiveResearch> {
  const out = p.strict ? await cachedSearch(p) : await resilientSearch(p);
  const analysis = analyzeCompetition(out.response.results, {
    topic: p.topic,
    ...(p.examples ? { examples: p.examples } : {}),
    ...(p.keywords ? { keywords: p.keywords } : {}),
  });
  return {
    ...analysis,
    timeframe: p.timeframe ?? "week",
    source: out.source,
    cached: out.cached,
    stale: out.stale,
    fetchedAt: out.fetchedAt,
    suggestions: out.response.suggestions,
    warnings: out.warnings,
  };
}

export interface PickedTrend {
  topic: string;
  snippet: string;
  sources: TrendSource[];
}

/**
 * The trend to write about: 60% relevance (words shared with the task topic, weighted double,
 * and the persona's topics; the phrase counts fully, its sources' titles and excerpt half) and
 * 40% trend strength (score relative to the strongest trend). Null only when there are no trends.
 */
export function pickTrend(trends: Trend[], taskTopic: string | null | undefined, personaTopics: string[] = []): PickedTrend | null {
  if (trends.length === 0) return null;
  const task = keywordSet(taskTopic ?? "");
  const persona = keywordSet(personaTopics.join(" "));
  const maxScore = Math.max(...trends.map((t) => t.score), Number.EPSILON);
  const possible = 2 * task.size + persona.size;
  let best: { t: Trend; value: number } | null = null;
  for (const t of trends) {
    const phrase = keywordSet(t.topic);
    const context = keywordSet(`${t.sources.map((s) => s.title).join(" ")} ${t.excerpt ?? ""}`);
    const hits = (set: Set<string>, w: number) => [...set].reduce((sum, s) => sum + (phrase.has(s) ? w : context.has(s) ? w / 2 : 0), 0);
    const relevance = possible === 0 ? 0 : Math.min(1, (hits(task, 2) + hits(persona, 1)) / possible);
    const value = 0.6 * relevance + 0.4 * (t.score / maxScore);
    if (!best || value > best.value) best = { t, value };
  }
  if (!best) return null;
  return { topic: best.t.topic, snippet: snippetFor(best.t), sources: best.t.sources };
}

/** The writer's context: the sentence around the phrase in its newest source, ≤ 200 chars. */
export const SNIPPET_MAX_CHARS = 200;

function snippetFor(t: Trend): string {
  const text = (t.excerpt ?? t.sources[0]?.title ?? t.topic).replace(/\s+/g, " ").trim();
  if (text.length <= SNIPPET_MAX_CHARS) return text;
  // Cut at a word boundary so the writer never quotes half a word.
  const cut = text.slice(0, SNIPPET_MAX_CHARS - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > SNIPPET_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
