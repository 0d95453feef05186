import { AppError } from "../../errors.ts";
import type { ErrorCode } from "../../errors.ts";

// The search port: trend research and competitive analysis only ever see these types, so
// SearXNG, the Threads keyword search and the offline source are interchangeable.

export type TimeRange = "day" | "week" | "month" | "year";
export const TIME_RANGES: readonly TimeRange[] = ["day", "week", "month", "year"];

export interface SearchQuery {
  query: string;
  timeRange?: TimeRange;
  /** BCP 47-ish code ("en", "de-DE"); adapters drop it when the upstream has no equivalent. */
  language?: string;
  /** SearXNG categories ("general", "news", "social media"); ignored by other adapters. */
  categories?: string[];
  /** Upper bound on returned results; upstreams that cannot limit are truncated client-side. */
  limit?: number;
}

export interface SearchResult {
  url: string;
  title: string;
  content: string;
  /** Engine(s) that found it, e.g. "bing" or "bing,duckduckgo". */
  engine?: string;
  /** Epoch milliseconds (UTC); null when the upstream did not say. */
  publishedAt?: number | null;
  /** Upstream relevance score (SearXNG's merged score, or a rank-derived score). */
  score?: number;
  /** Likes + replies + reposts + quotes when the upstream reports them (Threads posts). */
  engagement?: number;
  author?: string;
}

export interface UnresponsiveEngine {
  engine: string;
  reason: string;
}

/**
 * One answer. An empty `results` is not an error: the upstream worked and found nothing (or
 * every engine failed, which `unresponsiveEngines` then explains).
 */
export interface SearchResponse {
  results: SearchResult[];
  suggestions: string[];
  unresponsiveEngines: UnresponsiveEngine[];
}

export interface SearchProvider {
  readonly name: string;
  search(q: SearchQuery): Promise<SearchResponse>;
}

export type SearchErrorKind =
  | "not_configured"
  | "invalid_response"
  | "format_disabled"
  | "unauthorized"
  | "rate_limited"
  | "timeout"
  | "upstream"
  | "network";

const CODE_FOR: Record<SearchErrorKind, ErrorCode> = {
  not_configured: "unavailable",
  invalid_response: "upstream_error",
  format_disabled: "upstream_error",
  unauthorized: "upstream_error",
  rate_limited: "rate_limited",
  timeout: "upstream_timeout",
  upstream: "upstream_error",
  network: "unavailable",
};

/** An upstream search failure; an AppError so a route can let it through as a 429/502/503/504. */
export class SearchError extends AppError {
  readonly kind: SearchErrorKind;
  readonly source: string;

  constructor(
    source: string,
    kind: SearchErrorKind,
    message: string,
    extra: { status?: number; hint?: string; retryAfterSeconds?: number; body?: string } = {},
  ) {
    // A missing or refused configuration fails the same way next time; the rest passes.
    const failure =
      kind === "not_configured" || kind === "format_disabled" || kind === "unauthorized" ? "permanent" : "transient";
    super(
      CODE_FOR[kind],
      `${source}: ${message}`,
      { source, kind, ...extra },
      {
        kind: failure,
        ...(extra.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: extra.retryAfterSeconds }),
      },
    );
    this.name = "SearchError";
    this.kind = kind;
    this.source = source;
  }
}

export const isSearchError = (e: unknown): e is SearchError => e instanceof SearchError;

export const emptyResponse = (): SearchResponse => ({ results: [], suggestions: [], unresponsiveEngines: [] });
