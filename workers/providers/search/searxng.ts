import { getWithDeadline, parseTimestamp, retryAfterSeconds, snippetOf } from "./http.ts";
import type { FetchFn } from "./http.ts";
import { SearchError } from "./types.ts";
import type { SearchProvider, SearchQuery, SearchResponse, SearchResult, UnresponsiveEngine } from "./types.ts";

// SearXNG's JSON API: GET /search?q=…&format=json. Only `format=json` answers JSON, and only
// when the instance lists json in settings.yml `search.formats`; otherwise it answers 403.

export interface SearxngOptions {
  /** Instance root, e.g. http://localhost:8888 (a path prefix like https://host/searx is kept). */
  baseUrl: string;
  timeoutMs?: number;
  /** Used when a query names none; "general,news" finds both evergreen and fresh pages. */
  defaultCategories?: string[];
  fetch?: FetchFn;
}

export const SEARXNG_DEFAULT_TIMEOUT_MS = 8000;
const SOURCE = "searxng";
const FORMAT_HINT =
  "enable the JSON API in the instance's settings.yml: `search: formats: [html, json]`, then restart it";

export class SearxngProvider implements SearchProvider {
  readonly name = SOURCE;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly categories: string[];
  private readonly fetchFn: FetchFn;

  constructor(opts: SearxngOptions) {
    if (!/^https?:\/\//i.test(opts.baseUrl)) {
      throw new SearchError(SOURCE, "not_configured", `SEARXNG_URL must be an http(s) URL; got '${opts.baseUrl}'`);
    }
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? SEARXNG_DEFAULT_TIMEOUT_MS;
    this.categories = opts.defaultCategories ?? ["general", "news"];
    // Bound late so a test's or the runtime's global fetch is used, never a stale reference.
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  buildUrl(q: SearchQuery): string {
    const params = new URLSearchParams({ q: q.query, format: "json" });
    const categories = q.categories?.length ? q.categories : this.categories;
    if (categories.length) params.set("categories", categories.join(","));
    if (q.timeRange) params.set("time_range", q.timeRange);
    if (q.language) params.set("language", q.language);
    return `${this.baseUrl}/search?${params.toString()}`;
  }

  async search(q: SearchQuery): Promise<SearchResponse> {
    const answer = await getWithDeadline(
      SOURCE,
      this.fetchFn,
      this.buildUrl(q),
      { accept: "application/json" },
      this.timeoutMs,
    );
    const { status, headers, text } = answer;
    if (status === 403) {
      throw new SearchError(SOURCE, "format_disabled", "the instance refused format=json (403)", {
        status,
        hint: FORMAT_HINT,
      });
    }
    if (status === 429) {
      const retry = retryAfterSeconds(headers);
      throw new SearchError(SOURCE, "rate_limited", "rate limited by the instance (429)", {
        status,
        ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
        hint: "public instances throttle API clients; self-host one, or disable `server.limiter` on your own",
      });
    }
    if (status >= 500) throw new SearchError(SOURCE, "upstream", `instance error (${status})`, { status });
    if (status < 200 || status >= 300)
      throw new SearchError(SOURCE, "upstream", `unexpected status ${status}`, { status });
    return parseSearxngJson(text, headers.get("content-type"), q.limit);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Parses a SearXNG JSON body into the port's shape; an HTML page or foreign JSON is an error. */
export function parseSearxngJson(text: string, contentType: string | null, limit?: number): SearchResponse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const looksHtml = /html/i.test(contentType ?? "") || /^\s*</.test(text);
    throw new SearchError(
      SOURCE,
      "invalid_response",
      looksHtml ? "answered an HTML page instead of JSON" : "answered something that is not JSON",
      {
        hint: `check SEARXNG_URL points at the instance root; ${FORMAT_HINT}`,
        ...(looksHtml ? {} : { body: snippetOf(text, 120) }),
      },
    );
  }
  if (!isObject(body) || !Array.isArray(body.results)) {
    throw new SearchError(SOURCE, "invalid_response", "JSON without a `results` array: not a SearXNG search answer");
  }
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (const raw of body.results) {
    if (!isObject(raw)) continue;
    const url = str(raw.url);
    // Answers/infobox-like entries have no http URL; duplicates appear when engines disagree on merging.
    if (!/^https?:\/\//i.test(url) || seen.has(url)) continue;
    seen.add(url);
    const engines = Array.isArray(raw.engines) ? raw.engines.filter((e): e is string => typeof e === "string") : [];
    const engine = engines.length ? engines.join(",") : str(raw.engine) || undefined;
    results.push({
      url,
      title: str(raw.title).trim() || url,
      content: str(raw.content).trim(),
      ...(engine ? { engine } : {}),
      publishedAt: parseTimestamp(raw.publishedDate ?? raw.pubdate),
      ...(typeof raw.score === "number" ? { score: raw.score } : {}),
    });
  }
  return {
    results: limit !== undefined && limit > 0 ? results.slice(0, limit) : results,
    suggestions: Array.isArray(body.suggestions)
      ? body.suggestions.filter((s): s is string => typeof s === "string")
      : [],
    unresponsiveEngines: parseUnresponsive(body.unresponsive_engines),
  };
}

// SearXNG serialises these as [engine, reason] pairs.
function parseUnresponsive(v: unknown): UnresponsiveEngine[] {
  if (!Array.isArray(v)) return [];
  const out: UnresponsiveEngine[] = [];
  for (const item of v) {
    if (Array.isArray(item) && typeof item[0] === "string")
      out.push({ engine: item[0], reason: str(item[1]) || "unknown" });
    else if (isObject(item) && typeof item.engine === "string")
      out.push({ engine: item.engine, reason: str(item.reason) || "unknown" });
  }
  return out;
}
