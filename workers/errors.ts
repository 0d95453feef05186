// One error type for the whole Worker. Routes and modules throw AppError; the app's single
// onError turns it into the envelope {"error":{"code","message","details","request_id"}} with this
// status. Every AppError is also either permanent (retrying cannot help: a bad key, an unknown
// model, an embedder/index mismatch, invalid input) or transient (a rate limit, an outage, a
// timeout): the pipeline fails a task at once on the first and retries with backoff on the second.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  unavailable: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FailureKind = "permanent" | "transient";

// What a failure with this code usually is; a thrower that knows better passes `kind`.
// `upstream_error` defaults to transient because a bad gateway usually passes; a provider that
// sees a 401/403/404 from upstream marks it permanent (see kindForStatus).
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  "rate_limited",
  "upstream_error",
  "unavailable",
  "upstream_timeout",
]);

export interface AppErrorOptions {
  kind?: FailureKind;
  /** For 429/503: how long the caller should wait; sent as Retry-After. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly failure: FailureKind;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, details?: unknown, opts: AppErrorOptions = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.failure = opts.kind ?? (TRANSIENT_CODES.has(code) ? "transient" : "permanent");
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export const badRequest = (field: string, message: string) =>
  new AppError("bad_request", `${field}: ${message}`, { field });

export const notFound = (what: string, id: string) => new AppError("not_found", `${what} '${id}' not found`, { id });

/** A failure retrying cannot fix (bad credentials, unknown model, misconfiguration). */
export const permanentError = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(code, message, details, { kind: "permanent" });

/** A failure worth retrying later (rate limit, outage, timeout, network). */
export const transientError = (code: ErrorCode, message: string, details?: unknown, retryAfterSeconds?: number) =>
  new AppError(
    code,
    message,
    details,
    retryAfterSeconds === undefined ? { kind: "transient" } : { kind: "transient", retryAfterSeconds },
  );

/**
 * An upstream HTTP status as a failure kind: throttling (429), timeouts (408), conflicts that
 * pass (409, 425) and server errors are transient; every other 4xx (401/403 bad key, 404 unknown
 * model, 400/422 rejected request) will fail the same way next time. No status (network) is transient.
 */
export function kindForStatus(status: number | undefined | null): FailureKind {
  if (!status) return "transient";
  if (status === 408 || status === 409 || status === 425 || status === 429 || status >= 500) return "transient";
  return status >= 400 ? "permanent" : "transient";
}

/**
 * The one classification used by the pipeline and the queue consumers. An AppError says what
 * it is; anything else (a thrown TypeError from a network stack, a D1 hiccup) is treated as
 * transient, bounded by the queue's retry limit, so an unforeseen error is retried, not lost.
 */
export function failureKind(err: unknown): FailureKind {
  return err instanceof AppError ? err.failure : "transient";
}
