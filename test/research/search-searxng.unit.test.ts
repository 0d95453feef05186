import { describe, expect, inject, it } from "vitest";
import { SearxngProvider } from "../../workers/providers/search/searxng.ts";
import { SearchError } from "../../workers/providers/search/types.ts";

// The adapter against a fake SearXNG over real HTTP (test/support/setup/searxng-server.ts).
const root = inject("searxngUrl");
// A generous default: the fake runs in vitest's own process, which a busy run can keep from answering for a second or more.
const provider = (behaviour: string, timeoutMs = 10_000) =>
  new SearxngProvider({ baseUrl: `${root}/${behaviour}`, timeoutMs });

async function failure(p: Promise<unknown>): Promise<SearchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SearchError);
  return err as SearchError;
}

describe("SearxngProvider", () => {
  it("sends q, format=json, categories, time_range and language", async () => {
    await provider("inspect-params").search({
      query: "remote work",
      timeRange: "week",
      language: "en",
      categories: ["news"],
    });
    const log = (await (await fetch(`${root}/__requests/inspect-params`)).json()) as string[];
    expect(log).toHaveLength(1);
    const sent = new URL(log[0] ?? "", "http://x").searchParams;
    expect(Object.fromEntries(sent)).toEqual({
      q: "remote work",
      format: "json",
      categories: "news",
      time_range: "week",
      language: "en",
    });
  });

  it("defaults to general,news and keeps a base path with a trailing slash", async () => {
    await new SearxngProvider({ baseUrl: `${root}/inspect-defaults/` }).search({ query: "x" });
    const log = (await (await fetch(`${root}/__requests/inspect-defaults`)).json()) as string[];
    expect(log[0]).toMatch(/^\/inspect-defaults\/search\?/);
    expect(new URL(log[0] ?? "", "http://x").searchParams.get("categories")).toBe("general,news");
  });

  it("parses SearXNG's JSON: results, engines, dates, scores, suggestions, unresponsive engines", async () => {
    const res = await provider("ok").search({ query: "remote work" });
    // Five results in the answer, one a duplicate url.
    expect(res.results).toHaveLength(4);
    const [first, , third, fourth] = res.results;
    expect(first).toMatchObject({
      url: "https://news.example.com/four-day-week-trial",
      title: "Four-day week trial results are in | News",
      engine: "bing,duckduckgo",
      publishedAt: Date.UTC(2026, 10, 19, 8, 0, 0),
      score: 4,
    });
    expect(first?.content).toContain("four-day week trial");
    expect(third?.publishedAt).toBe(Date.UTC(2026, 10, 17, 9, 0, 0));
    expect(fourth?.publishedAt).toBeNull();
    expect(res.suggestions).toEqual(["remote work 2026", "remote work tips"]);
    expect(res.unresponsiveEngines).toEqual([{ engine: "brave", reason: "timeout" }]);
  });

  it("truncates to the requested limit client-side", async () => {
    const res = await provider("ok").search({ query: "remote work", limit: 2 });
    expect(res.results.map((r) => r.url)).toEqual([
      "https://news.example.com/four-day-week-trial",
      "https://blog.example.org/rto",
    ]);
  });

  it("an empty answer is not an error, and says which engines failed", async () => {
    const empty = await provider("empty").search({ query: "nothing" });
    expect(empty).toEqual({ results: [], suggestions: [], unresponsiveEngines: [] });
    const failed = await provider("allfailed").search({ query: "nothing" });
    expect(failed.results).toEqual([]);
    expect(failed.unresponsiveEngines).toEqual([
      { engine: "google", reason: "timeout" },
      { engine: "bing", reason: "CAPTCHA" },
    ]);
  });

  it("an HTML page instead of JSON is an invalid_response naming the settings fix", async () => {
    const err = await failure(provider("html").search({ query: "q" }));
    expect(err.kind).toBe("invalid_response");
    expect(err.code).toBe("upstream_error");
    expect(err.message).toMatch(/HTML page/);
    expect(JSON.stringify(err.details)).toContain("formats: [html, json]");
  });

  it("JSON that is not a search answer is rejected", async () => {
    const err = await failure(provider("foreign").search({ query: "q" }));
    expect(err.kind).toBe("invalid_response");
  });

  it("403 means the JSON format is disabled, with the settings.yml fix", async () => {
    const err = await failure(provider("forbidden").search({ query: "q" }));
    expect(err.kind).toBe("format_disabled");
    expect(err.details).toMatchObject({ status: 403, hint: expect.stringContaining("search: formats: [html, json]") });
  });

  it("429 is rate_limited with Retry-After", async () => {
    const err = await failure(provider("limited").search({ query: "q" }));
    expect(err.kind).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.details).toMatchObject({ retryAfterSeconds: 30 });
  });

  it("5xx is an upstream error (502 for our API)", async () => {
    const err = await failure(provider("broken").search({ query: "q" }));
    expect(err.kind).toBe("upstream");
    expect(err.status).toBe(502);
    expect(err.details).toMatchObject({ status: 500 });
  });

  it("a slow instance times out at the configured deadline", async () => {
    const started = Date.now();
    const err = await failure(provider("slow", 250).search({ query: "q" }));
    expect(err.kind).toBe("timeout");
    expect(err.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("a connection failure is a network error (503 for our API)", async () => {
    // Injected rather than a closed port: workerd logs refused connections as uncaught noise.
    const refused = async (): Promise<Response> => {
      throw new TypeError("Network connection lost.");
    };
    const err = await failure(
      new SearxngProvider({ baseUrl: "http://searx.invalid", fetch: refused }).search({ query: "q" }),
    );
    expect(err.kind).toBe("network");
    expect(err.status).toBe(503);
  });

  it("rejects a non-http SEARXNG_URL up front", () => {
    expect(() => new SearxngProvider({ baseUrl: "localhost:8888" })).toThrow(/http\(s\) URL/);
  });
});
