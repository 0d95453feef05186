import { describe, expect, it } from "vitest";
import { ThreadsKeywordProvider } from "../../workers/providers/search/threads-keyword.ts";
import { SearchError } from "../../workers/providers/search/types.ts";

const NOW = Date.UTC(2026, 10, 20, 12);

/** Answers like graph.threads.net and records the URLs asked for. */
function graph(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch = async (input: string): Promise<Response> => {
    urls.push(input);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { urls, fetch };
}

const POSTS = {
  data: [
    {
      id: "1",
      text: "Unpopular opinion: async beats meetings.\nHere is why.",
      media_type: "TEXT",
      permalink: "https://www.threads.net/@ana/post/AAA",
      timestamp: "2026-11-19T05:42:03+0000",
      username: "ana",
      has_replies: true,
      is_quote_post: false,
      is_reply: false,
    },
    { id: "2", text: "5 async habits", media_type: "TEXT", timestamp: "2026-11-18T10:00:00+0000", username: "ben" },
    {
      id: "3",
      media_type: "IMAGE",
      permalink: "https://www.threads.net/@cy/post/CCC",
      timestamp: "2026-11-18T10:00:00+0000",
    },
  ],
};

describe("ThreadsKeywordProvider", () => {
  it("queries keyword_search with the persona's token and maps posts to results", async () => {
    const g = graph(200, POSTS);
    const p = new ThreadsKeywordProvider({
      accessToken: "tok",
      apiBase: "http://fake-threads",
      searchType: "RECENT",
      fetch: g.fetch,
      now: () => NOW,
    });
    const res = await p.search({ query: "async work", timeRange: "week", limit: 500 });
    const url = new URL(g.urls[0] ?? "");
    expect(url.pathname).toBe("/v1.0/keyword_search");
    expect(url.searchParams.get("q")).toBe("async work");
    expect(url.searchParams.get("search_type")).toBe("RECENT");
    expect(url.searchParams.get("access_token")).toBe("tok");
    expect(url.searchParams.get("fields")).toContain("text,");
    expect(url.searchParams.get("since")).toBe(String((NOW - 7 * 86_400_000) / 1000));
    expect(url.searchParams.get("limit")).toBe("100");
    // The image post without text is skipped; a post without permalink gets one built.
    expect(res.results).toHaveLength(2);
    expect(res.results[0]).toMatchObject({
      url: "https://www.threads.net/@ana/post/AAA",
      title: "Unpopular opinion: async beats meetings.",
      engine: "threads",
      author: "ana",
      publishedAt: Date.UTC(2026, 10, 19, 5, 42, 3),
    });
    expect(res.results[1]?.url).toBe("https://www.threads.net/@ben/post/2");
    expect(res.results[0]!.score!).toBeGreaterThan(res.results[1]!.score!);
  });

  it("maps Graph API errors: expired token, missing permission, throttling", async () => {
    const fail = async (status: number, error: Record<string, unknown>) =>
      (await new ThreadsKeywordProvider({ accessToken: "t", fetch: graph(status, { error }).fetch })
        .search({ query: "x" })
        .catch((e: unknown) => e)) as SearchError;
    expect(await fail(401, { message: "Error validating access token", code: 190 })).toMatchObject({
      kind: "unauthorized",
    });
    expect(await fail(403, { message: "Missing permission", code: 10 })).toMatchObject({
      kind: "unauthorized",
      details: { hint: expect.stringContaining("threads_keyword_search") },
    });
    expect(await fail(400, { message: "Application request limit reached", code: 4 })).toMatchObject({
      kind: "rate_limited",
      status: 429,
    });
    expect(await fail(500, { message: "boom" })).toMatchObject({ kind: "upstream" });
  });

  it("needs a token", () => {
    expect(() => new ThreadsKeywordProvider({ accessToken: "" })).toThrow(SearchError);
  });
});
