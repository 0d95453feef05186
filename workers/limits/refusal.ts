import { AppError } from "../errors.ts";

/**
 * How long a client refused by the per-persona cap should wait: tasks take seconds to a minute
 * each, so half a minute usually frees a place without a client hammering the API.
 */
export const PERSONA_CAP_RETRY_AFTER_SECONDS = 30;

/** A 429 in the standard envelope; onError sends `Retry-After: <seconds>` with it. */
export const rateLimited = (message: string, retryAfterSeconds: number, details: Record<string, unknown>): AppError =>
  new AppError("rate_limited", message, { ...details, retry_after_seconds: retryAfterSeconds }, { retryAfterSeconds });
