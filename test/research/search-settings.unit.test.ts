import { describe, expect, it } from "vitest";
import { createSearchProvider, loadSearchSettings } from "../../workers/providers/search/index.ts";

describe("search settings", () => {
  it("uses SearXNG when SEARXNG_URL is set, offline otherwise", () => {
    expect(createSearchProvider(loadSearchSettings({ SEARXNG_URL: "http://localhost:8888" })).name).toBe("searxng");
    expect(createSearchProvider(loadSearchSettings({})).name).toBe("offline");
    expect(
      createSearchProvider(loadSearchSettings({ SEARXNG_URL: "http://localhost:8888", SEARCH_PROVIDER: "offline" }))
        .name,
    ).toBe("offline");
  });

  it("parses numbers with defaults and reports bad values instead of failing", () => {
    const s = loadSearchSettings({
      SEARCH_PROVIDER: "searxng",
      SEARCH_TIMEOUT_MS: "abc",
      SEARCH_CACHE_TTL_SECONDS: "600",
      SEARXNG_CATEGORIES: "news, social media",
    });
    expect(s).toMatchObject({
      provider: "offline",
      timeoutMs: 8000,
      cacheTtlSeconds: 600,
      staleMaxSeconds: 604800,
      categories: ["news", "social media"],
    });
    expect(s.problems).toEqual([
      "SEARCH_PROVIDER=searxng needs SEARXNG_URL; using the offline source",
      "SEARCH_TIMEOUT_MS must be an integer between 100 and 60000; got 'abc', using 8000",
    ]);
  });
});
