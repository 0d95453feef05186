import { numberSetting, str, type Vars } from "../../settings.ts";
import type { FetchFn } from "./http.ts";
import { OfflineSearchProvider } from "./offline.ts";
import { SEARXNG_DEFAULT_TIMEOUT_MS, SearxngProvider } from "./searxng.ts";
import type { SearchProvider } from "./types.ts";

// The one place the search adapter is chosen from configuration. The Threads keyword search is
// per persona (it needs the persona's token), so it is built where a persona is at hand.

export type SearchProviderName = "searxng" | "offline";

export interface SearchSettings {
  provider: SearchProviderName;
  searxngUrl: string | null;
  timeoutMs: number;
  categories: string[];
  language: string | null;
  cacheTtlSeconds: number;
  staleMaxSeconds: number;
  problems: string[];
}

export function loadSearchSettings(vars: Vars): SearchSettings {
  const problems: string[] = [];
  const searxngUrl = str(vars.SEARXNG_URL);
  if (searxngUrl !== null && !/^https?:\/\//i.test(searxngUrl)) problems.push(`SEARXNG_URL must be an http(s) URL; got '${searxngUrl}'`);
  const usableUrl = searxngUrl !== null && /^https?:\/\//i.test(searxngUrl) ? searxngUrl : null;
  const wanted = str(vars.SEARCH_PROVIDER) ?? "auto";
  let provider: SearchProviderName = usableUrl ? "searxng" : "offline";
  if (wanted === "offline") provider = "offline";
  else if (wanted === "searxng" && !usableUrl) problems.push("SEARCH_PROVIDER=searxng needs SEARXNG_URL; using the offline source");
  else if (wanted !== "searxng" && wanted !== "auto") problems.push(`SEARCH_PROVIDER '${wanted}' is not searxng|offline|auto`);
  return {
    provider,
    searxngUrl: usableUrl,
    timeoutMs: numberSetting(vars, "SEARCH_TIMEOUT_MS", SEARXNG_DEFAULT_TIMEOUT_MS, { min: 100, max: 60_000, integer: true }, problems),
    categories: (str(vars.SEARXNG_CATEGORIES) ?? "general,news").split(",").map((c) => c.trim()).filter(Boolean),
    language: str(vars.SEARCH_LANGUAGE),
    cacheTtlSeconds: numberSetting(vars, "SEARCH_CACHE_TTL_SECONDS", 3600, { min: 0, max: 7 * 86_400, integer: true }, problems),
    staleMaxSeconds: numberSetting(vars, "SEARCH_STALE_MAX_SECONDS", 7 * 86_400, { min: 0, max: 90 * 86_400, integer: true }, problems),
    problems,
  };
}

export function createSearchProvider(settings: SearchSettings, deps: { fetch?: FetchFn; now?: () => number } = {}): SearchProvider {
  if (settings.provider === "searxng" && settings.searxngUrl) {
    return new SearxngProvider({
      baseUrl: settings.searxngUrl,
      timeoutMs: settings.timeoutMs,
      defaultCategories: settings.categories,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }
  return new OfflineSearchProvider(deps.now ? { now: deps.now } : {});
}
