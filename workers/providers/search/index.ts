import { loadSettings } from "../../config.ts";
import type { FetchFn } from "./http.ts";
import { OfflineSearchProvider } from "./offline.ts";
import { SearxngProvider } from "./searxng.ts";
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

/** The search section of the one settings schema (workers/settings.ts). */
export function loadSearchSettings(env: object): SearchSettings {
  return loadSettings(env).config.search;
}

export function createSearchProvider(
  settings: SearchSettings,
  deps: { fetch?: FetchFn; now?: () => number } = {},
): SearchProvider {
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
