// One error type for the whole Worker. Routes and modules throw AppError; the app's single
// onError turns it into the envelope {"error":{"code","message","details"}} with this status.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
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

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export const badRequest = (field: string, message: string) =>
  new AppError("bad_request", `${field}: ${message}`, { field });

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `${what} '${id}' not found`, { id });
