import { getWithDeadline, parseTimestamp, retryAfterSeconds, snippetOf } from "./http.ts";
import type { FetchFn } from "./http.ts";
import { SearchError } from "./types.ts";
import type { SearchProvider, SearchQuery, SearchResponse, SearchResult, TimeRange } from "./types.ts";

// Threads keyword search (GET /v1.0/keyword_search). It needs a persona's user token with the
// threads_keyword_search permission; without app approval it only searches the persona's own
// posts. Each query counts against a per-user rolling quota, so callers should go through the cache.

export interface ThreadsKeywordOptions {
  accessToken: string;
  /** Default https://graph.threads.net; the fake Threads API in local runs. */
  apiBase?: string;
  searchType?: "TOP" | "RECENT";
  searchMode?: "KEYWORD" | "TAG";
  timeoutMs?: number;
  fetch?: FetchFn;
  now?: () => number;
}

const SOURCE = "threads";
const FIELDS = "id,text,media_type,permalink,timestamp,username,has_replies,is_quote_post,is_reply";
const RANGE_MS: Record<TimeRange, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};
// `since` earlier than Threads' launch is rejected by the API.
const THREADS_EPOCH_S = 1_688_540_400;

export class ThreadsKeywordProvider implements SearchProvider {
  readonly name = SOURCE;
  private readonly opts: Required<Omit<ThreadsKeywordOptions, "fetch">> & { fetch: FetchFn };

  constructor(opts: ThreadsKeywordOptions) {
    if (!opts.accessToken)
      throw new SearchError(SOURCE, "not_configured", "keyword search needs the persona's Threads access token");
    this.opts = {
      apiBase: (opts.apiBase ?? "https://graph.threads.net").replace(/\/+$/, ""),
      searchType: opts.searchType ?? "TOP",
      searchMode: opts.searchMode ?? "KEYWORD",
      timeoutMs: opts.timeoutMs ?? 8000,
      now: opts.now ?? Date.now,
      accessToken: opts.accessToken,
      fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  buildUrl(q: SearchQuery): string {
    const params = new URLSearchParams({ q: q.query, search_type: this.opts.searchType, fields: FIELDS });
    if (this.opts.searchMode !== "KEYWORD") params.set("search_mode", this.opts.searchMode);
    if (q.timeRange) {
      const since = Math.floor((this.opts.now() - RANGE_MS[q.timeRange]) / 1000);
      params.set("since", String(Math.max(since, THREADS_EPOCH_S)));
    }
    if (q.limit) params.set("limit", String(Math.min(Math.max(1, q.limit), 100)));
    params.set("access_token", this.opts.accessToken);
    return `${this.opts.apiBase}/v1.0/keyword_search?${params.toString()}`;
  }

  async search(q: SearchQuery): Promise<SearchResponse> {
    const { status, headers, text } = await getWithDeadline(
      SOURCE,
      this.opts.fetch,
      this.buildUrl(q),
      { accept: "application/json" },
      this.opts.timeoutMs,
    );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SearchError(SOURCE, "invalid_response", `answered non-JSON (status ${status})`, {
        status,
        body: snippetOf(text, 120),
      });
    }
    if (status < 200 || status >= 300) throw graphError(status, headers, body);
    const data = typeof body === "object" && body !== null && "data" in body ? body.data : undefined;
    if (!Array.isArray(data))
      throw new SearchError(SOURCE, "invalid_response", "answer has no `data` array", { status });
    const results = data.map((post, i) => toResult(post, i, data.length)).filter((r): r is SearchResult => r !== null);
    return { results, suggestions: [], unresponsiveEngines: [] };
  }
}

function toResult(post: unknown, index: number, total: number): SearchResult | null {
  if (typeof post !== "object" || post === null) return null;
  const p = post as Record<string, unknown>;
  const text = typeof p.text === "string" ? p.text : "";
  const username = typeof p.username === "string" ? p.username : "";
  const permalink = typeof p.permalink === "string" ? p.permalink : "";
  const id = typeof p.id === "string" ? p.id : "";
  const url = permalink || (username && id ? `https://www.threads.net/@${username}/post/${id}` : "");
  if (!url || !text) return null;
  const firstLine = text.split(/\n/)[0] ?? text;
  return {
    url,
    title: snippetOf(firstLine, 100),
    content: text,
    engine: "threads",
    publishedAt: parseTimestamp(p.timestamp),
    // The API returns no engagement counts here; in TOP order the rank is the popularity signal.
    score: Number(((total - index) / total).toFixed(3)),
    ...(username ? { author: username } : {}),
  };
}

function graphError(status: number, headers: Headers, body: unknown): SearchError {
  const err =
    typeof body === "object" &&
    body !== null &&
    "error" in body &&
    typeof body.error === "object" &&
    body.error !== null
      ? (body.error as Record<string, unknown>)
      : {};
  const message = typeof err.message === "string" ? err.message : `status ${status}`;
  const code = typeof err.code === "number" ? err.code : undefined;
  // Graph API throttling arrives as codes 4/17/32/613, sometimes with status 400 rather than 429.
  if (status === 429 || (code !== undefined && [4, 17, 32, 613].includes(code))) {
    const retry = retryAfterSeconds(headers);
    return new SearchError(SOURCE, "rate_limited", message, {
      status,
      ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
    });
  }
  if (status === 401 || code === 190)
    return new SearchError(SOURCE, "unauthorized", message, { status, hint: "refresh the persona's Threads token" });
  if (status === 403 || code === 10 || code === 200) {
    return new SearchError(SOURCE, "unauthorized", message, {
      status,
      hint: "the app needs the threads_keyword_search permission",
    });
  }
  return new SearchError(SOURCE, "upstream", message, { status });
}
