import { SearchError } from "./types.ts";

// Shared by the HTTP adapters: one deadline covering connect, headers and body, so a server
// that sends headers and then stalls cannot hold a pipeline step open.

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export async function getWithDeadline(
  source: string,
  fetchFn: FetchFn,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetchFn(url, { method: "GET", headers, signal: controller.signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (timedOut)
      throw new SearchError(source, "timeout", `no answer within ${timeoutMs} ms`, {
        hint: "raise SEARCH_TIMEOUT_MS or check the instance",
      });
    const message = err instanceof Error ? err.message : String(err);
    throw new SearchError(source, "network", `request failed: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After in seconds (delta form or HTTP date); undefined when absent or unparsable. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const raw = headers.get("retry-after");
  if (raw === null) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Parses an upstream timestamp to epoch ms. Naive ISO strings (SearXNG's isoformat()) are UTC. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return null;
  let s = value.trim().replace(" ", "T");
  // "+0000" (Graph API) is not accepted by every Date parser; "+00:00" is.
  s = s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += "Z";
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

export const snippetOf = (text: string, max = 200): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
