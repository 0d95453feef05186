import type { TimeRange } from "../providers/search/types.ts";
import { analyzeCompetition } from "./competitive.ts";
import type { CompetitiveAnalysis } from "./competitive.ts";
import { cachedSearch, resilientSearch } from "./search-service.ts";
import type { ResilientParams, SearchOutcome, SearchParams } from "./search-service.ts";
import { OfflineEmbedder } from "../providers/embeddings/offline.ts";
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
  if (trends.length === 0 && out.response.results.length > 0)
    warnings.push(`no phrase was shared by several of the ${out.response.results.length} results`);
  return {
    topic: p.topic,
    timeframe,
    source: out.source,
    cached: out.cached,
    stale: out.stale,
    fetchedAt: out.fetchedAt,
    suggestions: out.response.suggestions,
    warnings,
    trends,
  };
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
export async function researchCompetition(
  p: ResilientParams & { strict?: boolean; examples?: number; keywords?: number },
): Promise<CompetitiveResearch> {
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
  /** Share of the task topic's words the trend covers (phrase fully, its sources half), 0..1. */
  relevance: number;
}

/**
 * The least relevance to the task topic a trend needs to be used: a third of the topic's key
 * words in the trend's phrase (two thirds in its sources), or, for trends that share no word
 * with it ("return to office mandates" for "remote work"), an offline-embedding similarity of
 * 0.3 between the topic and the trend with its sources (offline-hash-v4: related topic/trend
 * pairs measure 0.35–0.51, unrelated ones at most 0.15; v2's floor was 0.4). Below it the post is better off without
 * a trend than with an unrelated one ("customer discovery calls" for "pricing your first SaaS").
 */
export const TREND_RELEVANCE_FLOOR = 0.34;
export const TREND_SIMILARITY_FLOOR = 0.3;

const embedder = new OfflineEmbedder();
// pickTrend asks for the same texts' embeddings many times (the topic once per trend, each
// trend three times): the embedder is deterministic, so each text is embedded once per run of
// nearby calls. Bounded; oldest out first (a Map iterates in insertion order).
const embedded = new Map<string, number[]>();
function embedOnce(text: string): number[] {
  let v = embedded.get(text);
  if (!v) {
    v = embedder.embedOne(text);
    embedded.set(text, v);
    if (embedded.size > 256) embedded.delete(embedded.keys().next().value as string);
  }
  return v;
}
const contextOf = (t: Trend) => `${t.topic}. ${t.sources.map((s) => s.title).join(". ")} ${t.excerpt ?? ""}`;

/** Word coverage of `about` by a trend: each key word counts 1 in the phrase, 1/2 in the sources. */
function wordCoverage(t: Trend, about: string): number {
  const words = keywordSet(about);
  if (words.size === 0) return 0;
  const phrase = keywordSet(t.topic);
  const context = keywordSet(contextOf(t));
  let hits = 0;
  for (const w of words) hits += phrase.has(w) ? 1 : context.has(w) ? 0.5 : 0;
  return hits / words.size;
}

/** How relevant a trend is to `about`, 0..1: word coverage, or the embedding similarity scaled so
 * that TREND_SIMILARITY_FLOOR lands on TREND_RELEVANCE_FLOOR, whichever is higher. */
export function trendRelevance(t: Trend, about: string): number {
  if (!about.trim()) return 0;
  const a = embedOnce(about);
  const b = embedOnce(contextOf(t));
  let cos = 0;
  for (let i = 0; i < a.length; i++) cos += (a[i] ?? 0) * (b[i] ?? 0);
  const semantic = Math.max(0, Math.min(1, (cos * TREND_RELEVANCE_FLOOR) / TREND_SIMILARITY_FLOOR));
  return Math.max(wordCoverage(t, about), semantic);
}

/**
 * The trend to write about, among those relevant enough to the task topic (the persona's topics
 * when the task has none): 60% relevance (the task topic counts double, the persona's topics
 * once) and 40% trend strength (score relative to the strongest trend). Null when no trend
 * reaches TREND_RELEVANCE_FLOOR: then the post is written without one.
 */
export function pickTrend(
  trends: Trend[],
  taskTopic: string | null | undefined,
  personaTopics: string[] = [],
): PickedTrend | null {
  const about = taskTopic?.trim() ? taskTopic : personaTopics.join(" ");
  const maxScore = Math.max(...trends.map((t) => t.score), Number.EPSILON);
  const taskWords = keywordSet(taskTopic ?? "").size;
  const personaWords = keywordSet(personaTopics.join(" ")).size;
  let best: { t: Trend; value: number; relevance: number } | null = null;
  for (const t of trends) {
    const relevance = trendRelevance(t, about);
    if (relevance < TREND_RELEVANCE_FLOOR) continue;
    const weighted =
      taskWords + personaWords === 0
        ? 0
        : (2 * taskWords * trendRelevance(t, taskTopic ?? "") +
            personaWords * trendRelevance(t, personaTopics.join(" "))) /
          (2 * taskWords + personaWords);
    const value = 0.6 * weighted + 0.4 * (t.score / maxScore);
    if (!best || value > best.value) best = { t, value, relevance };
  }
  if (!best) return null;
  return {
    topic: best.t.topic,
    snippet: snippetFor(best.t),
    sources: best.t.sources,
    relevance: Math.round(best.relevance * 100) / 100,
  };
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
