// Public surface of the Threads provider.
export { ThreadsClient, DEFAULT_THREADS_API_BASE, DEFAULT_THREADS_AUTHORIZE_BASE } from "./client.ts";
export { ThreadsApiError, classifyGraphError, makeRedactor, MEDIA_NOT_FOUND_SUBCODE } from "./errors.ts";
export { parseRateUsage, throttleWaitMs } from "./usage.ts";
export type { RateUsage } from "./usage.ts";
export type { ThreadsErrorKind, GraphErrorBody } from "./errors.ts";
export { buildAuthorizeUrl } from "./oauth.ts";
export type { AuthorizeUrlInput, CodeExchangeInput, TokenInfo } from "./oauth.ts";
export {
  checkPostLimits,
  countCodePoints,
  countPostChars,
  findLinks,
  MAX_POST_CHARS,
  MAX_POST_LINKS,
  slicePostChars,
  uniqueLinks,
} from "./limits.ts";
export type { LimitViolation, LimitViolationCode } from "./limits.ts";
export type * from "./types.ts";
