// Public surface of the Threads provider.
export { ThreadsClient, DEFAULT_THREADS_API_BASE } from "./client.ts";
export { ThreadsApiError, classifyGraphError, makeRedactor, MEDIA_NOT_FOUND_SUBCODE, QUOTA_CODE, QUOTA_SUBCODE } from "./errors.ts";
export type { ThreadsErrorKind, GraphErrorBody } from "./errors.ts";
export { buildAuthorizeUrl } from "./oauth.ts";
export type { AuthorizeUrlInput, CodeExchangeInput } from "./oauth.ts";
export { checkPostLimits, countCodePoints, findLinks, MAX_POST_CHARS, MAX_POST_LINKS } from "./limits.ts";
export type { LimitViolation, LimitViolationCode } from "./limits.ts";
export type * from "./types.ts";
