import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, inject, it } from "vitest";
import { SearxngProvider } from "../../workers/providers/search/searxng.ts";
import { SearchError } from "../../workers/providers/search/types.ts";
import type { SearchProvider, SearchQuery, SearchResponse } from "../../workers/providers/search/types.ts";
import {
  pickTrend,
  researchCompetition,
  researchTrends,
  researchTrendsResilient,
  TREND_RELEVANCE_FLOOR,
  trendRelevance,
} from "../../workers/research/research.ts";
import type { SearchEvent } from "../../workers/research/search-service.ts";
import type { Trend } from "../../workers/research/trends.ts";

const db = drizzle(env.DB);
const root = inject("searxngUrl");
const NOW = Date.UTC(2026, 10, 20, 12);
const requestsTo = async (segment: string) =>
  ((await (await fetch(`${root}/__requests/${segment}`)).json()) as string[]).length;

/** A provider that can be switched off, to simulate an outage after a successful search. */
class Switchable implements SearchProvider {
  readonly name = "searxng";
  calls = 0;
  failWith: Error | null = null;
  constructor(private readonly inner: SearchProvider) {}
  async search(q: SearchQuery): Promise<SearchResponse> {
    this.calls++;
    if (this.failWith) throw this.failWith;
    return this.inner.search(q);
  }
}

describe("researchTrends over HTTP with the D1 cache", () => {
  it("extracts trends from SearXNG, then serves the cache without a second request", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/ok-cache` });
    const events: SearchEvent[] = [];
    const onSearch = (e: SearchEvent) => events.push(e);
    const first = await researchTrends({ provider, db, topic: "Remote work", timeframe: "week", now: NOW, onSearch });
    expect(first).toMatchObject({ source: "searxng", cached: false, stale: false, timeframe: "week" });
    expect(first.trends[0]?.topic).toBe("four day week");
    expect(first.trends[0]?.mentions).toBe(3);
    expect(first.trends.map((t) => t.topic)).toContain("return to office mandates");
    expect(first.suggestions).toEqual(["Remote work 2026", "Remote work tips"]);

    const second = await researchTrends({
      provider,
      db,
      topic: "remote work",
      timeframe: "week",
      now: NOW + 600_000,
      onSearch,
    });
    expect(second.cached).toBe(true);
    expect(second.trends.map((t) => t.topic)).toEqual(first.trends.map((t) => t.topic));
    expect(await requestsTo("ok-cache")).toBe(1);
    expect(events.map((e) => e.outcome)).toEqual(["miss", "hit"]);

    const expired = await researchTrends({
      provider,
      db,
      topic: "remote work",
      ttl: 3600,
      now: NOW + 3601_000,
      onSearch,
    });
    expect(expired.cached).toBe(false);
    expect(await requestsTo("ok-cache")).toBe(2);
  });

  it("propagates an outage as a SearchError in the strict path", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/broken-strict` });
    const events: SearchEvent[] = [];
    const err = await researchTrends({ provider, db, topic: "x", now: NOW, onSearch: (e) => events.push(e) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SearchError);
    expect(events).toMatchObject([{ source: "searxng", outcome: "error", errorKind: "upstream" }]);
  });

  it("does not cache an empty answer, and warns about it", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/empty-nocache` });
    const a = await researchTrends({ provider, db, topic: "nothing here", now: NOW });
    await researchTrends({ provider, db, topic: "nothing here", now: NOW + 1000 });
    expect(a.trends).toEqual([]);
    expect(a.warnings).toEqual(["searxng found no results for 'nothing here'"]);
    expect(await requestsTo("empty-nocache")).toBe(2);
  });
});

describe("researchTrendsResilient", () => {
  it("falls back to the stale cache with a warning when the provider goes down", async () => {
    const provider = new Switchable(new SearxngProvider({ baseUrl: `${root}/ok-stale` }));
    await researchTrendsResilient({ provider, db, topic: "remote work stale", ttl: 60, now: NOW });
    provider.failWith = new SearchError("searxng", "timeout", "no answer within 8000 ms");
    const events: SearchEvent[] = [];
    const r = await researchTrendsResilient({
      provider,
      db,
      topic: "remote work stale",
      ttl: 60,
      now: NOW + 7200_000,
      onSearch: (e) => events.push(e),
    });
    expect(r).toMatchObject({ source: "searxng", cached: true, stale: true });
    expect(r.trends[0]?.topic).toBe("four day week");
    expect(r.warnings[0]).toMatch(/searxng unavailable: searxng: no answer within 8000 ms/);
    expect(r.warnings[1]).toMatch(/serving cached searxng results from 120 min ago/);
    expect(events).toMatchObject([{ outcome: "error", errorKind: "timeout" }]);
    expect(provider.calls).toBe(2);
  });

  it("falls back to the offline source when nothing is cached, and never throws", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/limited-offline` });
    const events: SearchEvent[] = [];
    const r = await researchTrendsResilient({
      provider,
      db,
      topic: "remote work offline",
      now: NOW,
      onSearch: (e) => events.push(e),
    });
    expect(r.source).toBe("offline");
    expect(r.cached).toBe(false);
    expect(r.trends.length).toBeGreaterThan(2);
    expect(r.warnings[0]).toMatch(/searxng unavailable: .*rate limited/);
    expect(r.warnings.at(-1)).toBe("using offline results instead");
    expect(events.map((e) => `${e.source}:${e.outcome}`)).toEqual(["searxng:error", "offline:miss"]);
  });

  it("treats 'every engine failed' as an outage, not as no news", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/allfailed-resilient` });
    const r = await researchTrendsResilient({ provider, db, topic: "remote work engines", now: NOW });
    expect(r.source).toBe("offline");
    expect(r.warnings[0]).toMatch(/engines that failed: google \(timeout\), bing \(CAPTCHA\)/);
  });

  it("returns empty trends with warnings when even the fallback is disabled", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/html-nofallback` });
    const r = await researchTrendsResilient({ provider, db, topic: "remote work nothing", now: NOW, fallback: null });
    expect(r.trends).toEqual([]);
    expect(r.warnings[0]).toMatch(/HTML page/);
  });
});

describe("researchCompetition", () => {
  it("analyses what the search found, with the same cache metadata", async () => {
    const provider = new SearxngProvider({ baseUrl: `${root}/ok-competitive` });
    const r = await researchCompetition({ provider, db, topic: "remote work competition", now: NOW });
    expect(r).toMatchObject({ source: "searxng", sampleSize: 4, cached: false });
    expect(r.hookPatterns.find((p) => p.pattern === "question")?.example?.url).toBe("https://mag.example.io/week");
    expect(r.commonKeywords.map((k) => k.keyword)).toContain("office");
  });
});

describe("pickTrend", () => {
  const trend = (topic: string, score: number, title = topic): Trend => ({
    topic,
    score,
    mentions: 3,
    sources: [{ url: `https://x/${topic}`, title }],
  });
  const trends = [
    trend("four day week", 9),
    trend("ai meeting assistants", 5),
    trend("digital nomad visas", 4, "Visas for remote workers abroad"),
  ];

  it("prefers a trend sharing words with the task topic over a slightly stronger one", () => {
    expect(pickTrend(trends, "AI assistants for meetings", [])?.topic).toBe("ai meeting assistants");
  });

  it("uses the persona's topics, and source titles at half weight", () => {
    expect(pickTrend(trends, null, ["travel", "visas"])?.topic).toBe("digital nomad visas");
    expect(pickTrend(trends, "remote workers abroad", [])?.topic).toBe("digital nomad visas");
  });

  it("uses no trend when none is relevant to the task topic, whatever the persona's topics", () => {
    expect(pickTrend(trends, "gardening", ["cooking"])).toBeNull();
    // Relevant to the persona but not to this task's topic: still none.
    expect(pickTrend(trends, "pricing your first SaaS", ["four day week"])).toBeNull();
    const picked = pickTrend(trends, "the four day week", []);
    expect(picked).toMatchObject({ topic: "four day week", relevance: 1 });
    // No excerpt on these trends: the best source's title is the context.
    expect(picked?.snippet).toBe("four day week");
    expect(picked?.sources).toEqual([{ url: "https://x/four day week", title: "four day week" }]);
    expect(pickTrend([], "anything", [])).toBeNull();
    expect(trendRelevance(trend("customer discovery calls", 9), "pricing your first SaaS")).toBeLessThan(
      TREND_RELEVANCE_FLOOR,
    );
  });

  it("hands the writer an excerpt of at most 200 characters, cut at a word", () => {
    const long = `Companies in the four day week trial ${"kept productivity steady while burnout dropped sharply ".repeat(5)}`;
    const picked = pickTrend([{ ...trend("four day week", 9), excerpt: long }], "four day week", []);
    expect(picked?.snippet.length).toBeLessThanOrEqual(200);
    expect(picked?.snippet).toMatch(/^Companies in the four day week trial kept .* \w+…$/);
  });
});
