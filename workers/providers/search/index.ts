import type { SearchSettings } from "../../settings/index.ts";
import type { FetchFn } from "./http.ts";
import { OfflineSearchProvider } from "./offline.ts";
import { SearxngProvider } from "./searxng.ts";
import type { SearchProvider } from "./types.ts";

// The one place the search adapter is chosen from settings (settings(env).research). The Threads keyword search is
// per persona (it needs the persona's token), so it is built where a persona is at hand.

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
