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

type Vars = Partial<Record<string, unknown>>;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

function int(vars: Vars, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = str(vars[name]);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max}; got '${raw}', using ${fallback}`);
    return fallback;
  }
  return n;
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
    timeoutMs: int(vars, "SEARCH_TIMEOUT_MS", SEARXNG_DEFAULT_TIMEOUT_MS, 100, 60_000, problems),
    categories: (str(vars.SEARXNG_CATEGORIES) ?? "general,news").split(",").map((c) => c.trim()).filter(Boolean),
    language: str(vars.SEARCH_LANGUAGE),
    cacheTtlSeconds: int(vars, "SEARCH_CACHE_TTL_SECONDS", 3600, 0, 7 * 86_400, problems),
    staleMaxSeconds: int(vars, "SEARCH_STALE_MAX_SECONDS", 7 * 86_400, 0, 90 * 86_400, problems),
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
