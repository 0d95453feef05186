import { describe, expect, it } from "vitest";
import { searchProviderFor } from "../../workers/services.ts";
import { settings } from "../../workers/settings/index.ts";

describe("search settings", () => {
  it("uses SearXNG when SEARXNG_URL is set, offline otherwise", () => {
    expect(searchProviderFor(settings({ SEARXNG_URL: "http://localhost:8888" }).research).name).toBe("searxng");
    expect(searchProviderFor(settings({}).research).name).toBe("offline");
    expect(
      searchProviderFor(settings({ SEARXNG_URL: "http://localhost:8888", SEARCH_PROVIDER: "offline" }).research).name,
    ).toBe("offline");
  });

  it("parses numbers with defaults and reports bad values instead of failing", () => {
    const s = settings({
      SEARCH_PROVIDER: "searxng",
      SEARCH_TIMEOUT_MS: "abc",
      SEARCH_CACHE_TTL_SECONDS: "600",
      SEARXNG_CATEGORIES: "news, social media",
    }).research;
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
