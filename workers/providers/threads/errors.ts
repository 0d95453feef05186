// One error type for everything the Threads API can do wrong, classified by what the
// caller should do next: `auth` → mark the account needs_reauth; `throttled` → wait
// retryAfterMs; `transient` → retry with backoff; `permanent` → show `message` to a human.
// Messages never contain tokens, secrets or OAuth codes (see redact()).

export type ThreadsErrorKind = "auth" | "throttled" | "transient" | "permanent";

export interface ThreadsErrorInit {
  kind: ThreadsErrorKind;
  message: string;
  operation: string;
  httpStatus?: number;
  code?: number;
  subcode?: number;
  fbtraceId?: string;
  retryAfterMs?: number;
  timeout?: boolean;
  outcomeUnknown?: boolean;
}

export class ThreadsApiError extends Error {
  readonly kind: ThreadsErrorKind;
  /** Client method that failed, e.g. "publish". */
  readonly operation: string;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly fbtraceId?: string;
  /** For `throttled` (and a hint for `transient`): how long to wait before retrying. */
  readonly retryAfterMs?: number;
  readonly timeout: boolean;
  /**
   * True when a write (POST) may have taken effect although it reported failure: the request
   * went out and then the connection broke, timed out, or a 5xx came back. A publisher must
   * check (container status / recent posts) before sending the same publish again.
   */
  readonly outcomeUnknown: boolean;

  constructor(init: ThreadsErrorInit) {
    super(init.message);
    this.name = "ThreadsApiError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.subcode = init.subcode;
    this.fbtraceId = init.fbtraceId;
    this.retryAfterMs = init.retryAfterMs;
    this.timeout = init.timeout ?? false;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "transient";
  }

  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      message: this.message,
      httpStatus: this.httpStatus,
      code: this.code,
      subcode: this.subcode,
      fbtraceId: this.fbtraceId,
      retryAfterMs: this.retryAfterMs,
      timeout: this.timeout,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

/** The Graph error envelope's inner object. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
}

// Suggested waits when neither Retry-After nor the usage headers say more (Graph's codes 4, 17,
// 32 are app/user/page limits, 613 a short-term one). Threads counts per app-and-user over a
// rolling 24 h, so the usage headers (usage.ts) are the better guide and win when present.
// Threads documents no error code for its 250-posts publishing limit (Instagram's 9/2207042 is
// not Threads'); the publisher asks threads_publishing_limit instead (publishing/quota-check.ts).
const THROTTLE_DELAY_MS: Record<number, number> = { 4: 300_000, 17: 300_000, 32: 300_000, 613: 60_000 };
/** Container not (yet) visible to threads_publish: a known race, retry the same container. */
export const MEDIA_NOT_FOUND_SUBCODE = 4279009;

export function classifyGraphError(
  body: GraphErrorBody,
  httpStatus: number,
  operation: string,
  opts: { isWrite: boolean; retryAfterHeaderMs?: number; usageWaitMs?: number; redact: (s: string) => string },
): ThreadsApiError {
  const code = body.code;
  const subcode = body.error_subcode;
  const graphMessage = body.error_user_msg ?? body.message ?? `HTTP ${httpStatus}`;
  const base = {
    operation,
    httpStatus,
    code,
    subcode,
    fbtraceId: body.fbtrace_id,
    message: opts.redact(`Threads ${operation} failed: ${graphMessage}`),
  };
  if (code === 190) return new ThreadsApiError({ ...base, kind: "auth" });
  if (code !== undefined && code in THROTTLE_DELAY_MS) {
    const retryAfterMs = opts.retryAfterHeaderMs ?? opts.usageWaitMs ?? THROTTLE_DELAY_MS[code];
    return new ThreadsApiError({ ...base, kind: "throttled", retryAfterMs });
  }
  // Any other refusal while the usage headers report the limit reached is the throttle too.
  if (opts.usageWaitMs !== undefined && httpStatus < 500) {
    return new ThreadsApiError({
      ...base,
      kind: "throttled",
      retryAfterMs: opts.retryAfterHeaderMs ?? opts.usageWaitMs,
    });
  }
  // 5xx with a Graph body (codes 1/2 usually come as 500/503): the write may have happened.
  const outcomeUnknown = opts.isWrite && httpStatus >= 500;
  if (code === 1 || code === 2 || subcode === MEDIA_NOT_FOUND_SUBCODE || body.is_transient === true) {
    return new ThreadsApiError({ ...base, kind: "transient", retryAfterMs: 5_000, outcomeUnknown });
  }
  if (httpStatus >= 500) return new ThreadsApiError({ ...base, kind: "transient", outcomeUnknown });
  return new ThreadsApiError({ ...base, kind: "permanent" });
}

const SECRET_PARAMS = /\b(access_token|client_secret|code|fb_exchange_token)=[^&\s"']*/gi;

/** Removes secret query parameters and any of the given literal secrets from a string. */
export function makeRedactor(secrets: ReadonlyArray<string | undefined>): (s: string) => string {
  const literals = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  return (s: string) => {
    let out = s.replace(SECRET_PARAMS, "$1=[REDACTED]");
    for (const lit of literals) out = out.split(lit).join("[REDACTED]");
    for (const lit of literals) out = out.split(encodeURIComponent(lit)).join("[REDACTED]");
    return out;
  };
}
