// One HTTP round trip to the Graph API: builds the URL, enforces a timeout, and turns every
// failure (network, timeout, non-JSON, Graph error envelope) into a ThreadsApiError whose
// message has been scrubbed of tokens and secrets.
import { classifyGraphError, makeRedactor, ThreadsApiError } from "./errors.ts";
import type { GraphErrorBody } from "./errors.ts";
import { parseRateUsage, throttleWaitMs } from "./usage.ts";
import type { FetchLike } from "./types.ts";

export interface GraphCall {
  method: "GET" | "POST";
  url: string;
  params: Record<string, string | undefined>;
  /** Client method name, for error messages. */
  operation: string;
  /** Values that must never appear in an error (token, client secret, OAuth code). */
  secrets: Array<string | undefined>;
  /** Send params as an x-www-form-urlencoded body instead of the query string. */
  form?: boolean;
}

export interface HttpDeps {
  fetch: FetchLike;
  timeoutMs: number;
}

export interface GraphResult {
  json: Record<string, unknown>;
  /** Raw body, for fields JSON numbers would corrupt (user ids above 2^53). */
  raw: string;
}

export async function callGraph(deps: HttpDeps, call: GraphCall): Promise<GraphResult> {
  const redact = makeRedactor(call.secrets);
  const isWrite = call.method === "POST";
  const url = new URL(call.url);
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(call.params)) {
    if (v === undefined) continue;
    (call.form ? body : url.searchParams).set(k, v);
  }
  const init: RequestInit = { method: call.method };
  if (call.form) {
    init.body = body.toString();
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
  }

  let res: Response;
  try {
    res = await withTimeout(deps, url.toString(), init);
  } catch (err) {
    const timedOut = err instanceof TimeoutSignal;
    const detail = timedOut ? `timed out after ${deps.timeoutMs} ms` : `network error: ${errText(err)}`;
    throw new ThreadsApiError({
      kind: "transient",
      operation: call.operation,
      message: redact(`Threads ${call.operation} failed: ${detail}`),
      timeout: timedOut,
      outcomeUnknown: isWrite,
    });
  }

  const raw = await res.text().catch(() => "");
  const json = parseObject(raw);
  const graphError = json ? errorBody(json) : undefined;
  if (!res.ok || graphError) {
    if (graphError) {
      throw classifyGraphError(graphError, res.status, call.operation, {
        isWrite,
        retryAfterHeaderMs: retryAfterMs(res.headers.get("retry-after")),
        usageWaitMs: throttleWaitMs(parseRateUsage(res.headers)),
        redact,
      });
    }
    const usageWait = throttleWaitMs(parseRateUsage(res.headers));
    const kind =
      res.status >= 500 ? "transient" : res.status === 429 || usageWait !== undefined ? "throttled" : "permanent";
    throw new ThreadsApiError({
      kind,
      operation: call.operation,
      httpStatus: res.status,
      message: redact(`Threads ${call.operation} failed: HTTP ${res.status} ${raw.slice(0, 200)}`.trim()),
      retryAfterMs:
        retryAfterMs(res.headers.get("retry-after")) ?? usageWait ?? (kind === "throttled" ? 60_000 : undefined),
      outcomeUnknown: isWrite && res.status >= 500,
    });
  }
  if (!json) {
    throw new ThreadsApiError({
      kind: "transient",
      operation: call.operation,
      httpStatus: res.status,
      message: `Threads ${call.operation} failed: response was not a JSON object`,
      outcomeUnknown: isWrite,
    });
  }
  return { json, raw };
}

class TimeoutSignal extends Error {}

// Injected fetches (a Hono app.request in tests) may ignore AbortSignal, so the timeout also
// races the promise; the signal still cancels a real network request.
async function withTimeout(deps: HttpDeps, url: string, init: RequestInit): Promise<Response> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutSignal());
    }, deps.timeoutMs);
  });
  try {
    return await Promise.race([deps.fetch(url, { ...init, signal: controller.signal }), timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The error inside a response: the Graph envelope {"error":{…}}, or the flat shape the OAuth code
 * exchange documents, {"error_type":"OAuthException","code":400,"error_message":"…"}.
 */
function errorBody(json: Record<string, unknown>): GraphErrorBody | undefined {
  if (isObject(json.error)) return json.error as GraphErrorBody;
  if (typeof json.error_type === "string" && typeof json.error_message === "string") {
    return {
      type: json.error_type,
      message: json.error_message,
      ...(typeof json.code === "number" ? { code: json.code } : {}),
    };
  }
  return undefined;
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
