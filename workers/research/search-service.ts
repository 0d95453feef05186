import { OfflineSearchProvider } from "../providers/search/offline.ts";
import { isSearchError } from "../providers/search/types.ts";
import type { SearchErrorKind, SearchProvider, SearchResponse, TimeRange } from "../providers/search/types.ts";
import { DEFAULT_TTL_SECONDS, getOrFetch, readStale } from "./cache.ts";
import type { CacheKey, ResearchDb } from "./cache.ts";

// One cached search with the outage policy the pipeline needs: provider, then the last stored
// answer (however old, within a bound), then the offline source, each step leaving a warning.

/** Emitted once per search attempt so the caller can count search_requests_total{source,outcome}. */
export interface SearchEvent {
  source: string;
  outcome: "hit" | "miss" | "error";
  errorKind?: SearchErrorKind | "unknown";
  durationMs?: number;
}
export type OnSearch = (e: SearchEvent) => void;

export interface SearchParams {
  provider: SearchProvider;
  db: ResearchDb;
  topic: string;
  timeframe?: TimeRange;
  /** Cache lifetime in seconds (SEARCH_CACHE_TTL_SECONDS). */
  ttl?: number;
  now?: number;
  language?: string;
  categories?: string[];
  onSearch?: OnSearch;
  /** Keeps answers that differ per account apart in the cache (the persona id for Threads search). */
  cacheScope?: string;
}

export interface ResilientParams extends SearchParams {
  /** Used when the provider and the cache both fail; defaults to the offline source. null disables it. */
  fallback?: SearchProvider | null;
  /** Oldest expired entry still worth serving during an outage (SEARCH_STALE_MAX_SECONDS). */
  maxStaleSeconds?: number;
}

export interface SearchOutcome {
  response: SearchResponse;
  source: string;
  cached: boolean;
  stale: boolean;
  fetchedAt: number;
  warnings: string[];
}

export const DEFAULT_STALE_MAX_SECONDS = 7 * 86_400;

const keyFor = (p: SearchParams): CacheKey => ({
  kind: p.language ? `search:${p.language.toLowerCase()}` : "search",
  topic: p.topic,
  timeframe: p.timeframe ?? "week",
  source: p.cacheScope ? `${p.provider.name}:${p.cacheScope}` : p.provider.name,
});

function describe(response: SearchResponse, source: string, topic: string): string[] {
  if (response.results.length > 0) return [];
  const failed = response.unresponsiveEngines.map((e) => `${e.engine} (${e.reason})`).join(", ");
  return [
    failed
      ? `${source} found no results for '${topic}'; engines that failed: ${failed}`
      : `${source} found no results for '${topic}'`,
  ];
}

/** Cached search; provider errors propagate (as SearchError) for callers that want to see them. */
export async function cachedSearch(p: SearchParams): Promise<SearchOutcome> {
  const now = p.now ?? Date.now();
  const warnings: string[] = [];
  const started = Date.now();
  const fetcher = async (): Promise<SearchResponse> => {
    try {
      const response = await p.provider.search({
        query: p.topic,
        timeRange: p.timeframe ?? "week",
        ...(p.language ? { language: p.language } : {}),
        ...(p.categories ? { categories: p.categories } : {}),
      });
      p.onSearch?.({ source: p.provider.name, outcome: "miss", durationMs: Date.now() - started });
      return response;
    } catch (err) {
      p.onSearch?.({
        source: p.provider.name,
        outcome: "error",
        errorKind: isSearchError(err) ? err.kind : "unknown",
        durationMs: Date.now() - started,
      });
      throw err;
    }
  };
  const got = await getOrFetch(p.db, keyFor(p), p.ttl ?? DEFAULT_TTL_SECONDS, fetcher, now, {
    // An empty answer is often a transient engine failure: do not pin it for a whole TTL.
    shouldCache: (r) => r.results.length > 0,
    onStorageError: (err) => warnings.push(`research cache unavailable: ${message(err)}`),
  });
  if (got.cached) p.onSearch?.({ source: p.provider.name, outcome: "hit" });
  warnings.push(...describe(got.value, p.provider.name, p.topic));
  return {
    response: got.value,
    source: p.provider.name,
    cached: got.cached,
    stale: false,
    fetchedAt: got.fetchedAt,
    warnings,
  };
}

/** Never throws for an outage: provider → stale cache → fallback source, with warnings saying which. */
export async function resilientSearch(p: ResilientParams): Promise<SearchOutcome> {
  const now = p.now ?? Date.now();
  let reason: string;
  try {
    const out = await cachedSearch(p);
    // Every engine failing looks like an empty answer; treat it as the outage it is.
    const allFailed = out.response.results.length === 0 && out.response.unresponsiveEngines.length > 0;
    if (!allFailed) return out;
    reason = out.warnings.join("; ");
  } catch (err) {
    reason = `${p.provider.name} unavailable: ${message(err)}`;
  }
  const warnings = [reason];
  try {
    const stale = await readStale<SearchResponse>(p.db, keyFor(p), now, p.maxStaleSeconds ?? DEFAULT_STALE_MAX_SECONDS);
    if (stale && stale.value.results.length > 0) {
      warnings.push(`serving cached ${p.provider.name} results from ${Math.round(stale.ageSeconds / 60)} min ago`);
      return {
        response: stale.value,
        source: p.provider.name,
        cached: true,
        stale: true,
        fetchedAt: stale.fetchedAt,
        warnings,
      };
    }
  } catch (err) {
    warnings.push(`research cache unavailable: ${message(err)}`);
  }
  const fallback = p.fallback === undefined ? new OfflineSearchProvider({ now: () => now }) : p.fallback;
  if (fallback && fallback.name !== p.provider.name) {
    try {
      const response = await fallback.search({ query: p.topic, timeRange: p.timeframe ?? "week" });
      p.onSearch?.({ source: fallback.name, outcome: "miss" });
      warnings.push(`using ${fallback.name} results instead`);
      return { response, source: fallback.name, cached: false, stale: false, fetchedAt: now, warnings };
    } catch (err) {
      p.onSearch?.({ source: fallback.name, outcome: "error", errorKind: isSearchError(err) ? err.kind : "unknown" });
      warnings.push(`${fallback.name} unavailable: ${message(err)}`);
    }
  }
  return {
    response: { results: [], suggestions: [], unresponsiveEngines: [] },
    source: p.provider.name,
    cached: false,
    stale: false,
    fetchedAt: now,
    warnings,
  };
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
