import { AppError } from "../errors.ts";
import { ROBOTS_AGENT, robotsAllows, robotsRules } from "./robots.ts";
import { type UrlPolicy, urlProblem } from "./url-safety.ts";

// Fetching a source's URL safely (docs/sources.md): every hop's URL checked (url-safety.ts),
// redirects followed by hand (at most 5, never to another scheme or a private address), a time
// cap for the whole fetch, a size cap read off the stream (not trusted from Content-Length),
// content types checked, robots.txt respected, and conditional requests (ETag, Last-Modified).

export type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface FetchLimits {
  policy: UrlPolicy;
  timeoutMs: number;
  maxBytes: number;
  fetch?: FetchFn;
}

export interface Conditional {
  etag?: string | null;
  lastModified?: string | null;
}

export type Fetched =
  | { status: "not_modified"; url: string }
  | {
      status: "ok";
      url: string;
      contentType: string;
      body: string;
      etag: string | null;
      lastModified: string | null;
    };

export const USER_AGENT = `${ROBOTS_AGENT}/0.1 (grounded posts from the operator's own sources; respects robots.txt)`;
const MAX_REDIRECTS = 5;
export const ACCEPTED_TYPES = [
  "text/html",
  "application/xhtml+xml",
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/xml",
  "text/xml",
  "text/plain",
  "text/markdown",
] as const;

/** A fetch failure as a source's last_error says it. */
export class SourceFetchError extends AppError {
  constructor(message: string) {
    super("unprocessable", message);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new SourceFetchError(`the response is ${declared} bytes, over the ${maxBytes}-byte cap (SOURCE_MAX_BYTES)`);
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new SourceFetchError(`the response is over the ${maxBytes}-byte cap (SOURCE_MAX_BYTES)`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** One GET with redirects followed by hand; every hop checked. */
async function get(
  start: URL,
  limits: FetchLimits,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ res: Response; url: URL }> {
  const doFetch = limits.fetch ?? fetch;
  let url = start;
  for (let hop = 0; ; hop++) {
    const problem = urlProblem(url, limits.policy);
    if (problem) throw new SourceFetchError(`${hop === 0 ? "" : "redirected to "}${url.href}: ${problem}`);
    let res: Response;
    try {
      res = await doFetch(url.href, { method: "GET", headers, redirect: "manual", signal });
    } catch (err) {
      if (signal.aborted)
        throw new SourceFetchError(`no answer within ${limits.timeoutMs} ms (SOURCE_FETCH_TIMEOUT_MS)`);
      throw new SourceFetchError(`could not fetch ${url.href}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.status < 300 || res.status >= 400 || res.status === 304) return { res, url };
    const location = res.headers.get("location");
    await res.body?.cancel();
    if (!location) throw new SourceFetchError(`${url.href} answered ${res.status} without a Location`);
    if (hop + 1 > MAX_REDIRECTS) throw new SourceFetchError(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    if (next.protocol !== url.protocol)
      throw new SourceFetchError(`${url.href} redirects to another scheme (${next.protocol}), which is not followed`);
    url = next;
  }
}

async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether robots.txt of the URL's origin lets us fetch it. */
export async function robotsPermit(url: URL, limits: FetchLimits): Promise<void> {
  const robotsUrl = new URL("/robots.txt", url.origin);
  await withTimeout(limits.timeoutMs, async (signal) => {
    const { res } = await get(robotsUrl, limits, { "user-agent": USER_AGENT, accept: "text/plain" }, signal);
    if (res.status >= 400 && res.status < 500) {
      await res.body?.cancel();
      return; // no robots.txt: everything allowed
    }
    if (res.status >= 500)
      throw new SourceFetchError(`robots.txt answered ${res.status}; trying again at the next refresh`);
    const text = decode(
      await readCapped(res, Math.min(limits.maxBytes, 512 * 1024)),
      res.headers.get("content-type") ?? "",
    );
    if (!robotsAllows(robotsRules(text), `${url.pathname}${url.search}`))
      throw new SourceFetchError(`robots.txt of ${url.origin} disallows ${url.pathname} for ${ROBOTS_AGENT}`);
  });
}

/** Fetches a source URL: robots.txt first, then the document (or "not modified"). */
export async function fetchSource(url: URL, limits: FetchLimits, conditional: Conditional = {}): Promise<Fetched> {
  await robotsPermit(url, limits);
  return withTimeout(limits.timeoutMs, async (signal) => {
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept:
        "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.5",
    };
    if (conditional.etag) headers["if-none-match"] = conditional.etag;
    if (conditional.lastModified) headers["if-modified-since"] = conditional.lastModified;
    const { res, url: final } = await get(url, limits, headers, signal);
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: "not_modified", url: final.href };
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new SourceFetchError(`${final.href} answered ${res.status}`);
    }
    const contentType = (res.headers.get("content-type") ?? "").toLowerCase();
    const mime = contentType.split(";")[0]?.trim() ?? "";
    if (!(ACCEPTED_TYPES as readonly string[]).includes(mime)) {
      await res.body?.cancel();
      throw new SourceFetchError(
        `unsupported content type '${mime || "none"}' (accepted: HTML pages, RSS/Atom feeds, plain text)`,
      );
    }
    const body = decode(await readCapped(res, limits.maxBytes), contentType);
    return {
      status: "ok",
      url: final.href,
      contentType: mime,
      body,
      etag: res.headers.get("etag"),
      lastModified: res.headers.get("last-modified"),
    };
  });
}
