// Graph API error envelopes, as graph.threads.net sends them:
// {"error":{"message","type","code","error_subcode","is_transient","error_user_title","error_user_msg","fbtrace_id"}}
import type { Context } from "hono";

export interface GraphErrorSpec {
  status: 400 | 401 | 403 | 404 | 429 | 500 | 503;
  message: string;
  code: number;
  subcode?: number;
  type?: string;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  /** Extra response headers (the rate-limit usage headers of a throttled call). */
  headers?: Record<string, string>;
}

export function graphErrorResponse(c: Context, spec: GraphErrorSpec): Response {
  const trace = crypto.getRandomValues(new Uint8Array(16));
  const error: Record<string, unknown> = {
    message: spec.message,
    type: spec.type ?? "OAuthException",
    code: spec.code,
  };
  if (spec.subcode !== undefined) error["error_subcode"] = spec.subcode;
  error["is_transient"] = spec.isTransient ?? false;
  if (spec.userTitle) error["error_user_title"] = spec.userTitle;
  if (spec.userMsg) error["error_user_msg"] = spec.userMsg;
  error["fbtrace_id"] =
    "A" +
    btoa(String.fromCharCode(...trace))
      .replace(/[+/=]/g, "")
      .slice(0, 22);
  return c.json({ error }, spec.status, spec.headers);
}

/**
 * The OAuth code exchange answers errors flat, not in the Graph envelope (documented "Sample
 * Rejected Response", https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions):
 * {"error_type": "OAuthException", "code": 400, "error_message": "Matching code was not found or was already used"}
 */
export function oauthErrorResponse(c: Context, message: string): Response {
  return c.json({ error_type: "OAuthException", code: 400, error_message: message }, 400);
}

/** What the fake's throttled answers report as estimated_time_to_regain_access. */
export const THROTTLE_REGAIN_MINUTES = 30;

export const E = {
  invalidToken: (): GraphErrorSpec => ({
    status: 400,
    code: 190,
    message: "Invalid OAuth access token - Cannot parse access token",
  }),
  expiredToken: (): GraphErrorSpec => ({
    status: 400,
    code: 190,
    subcode: 463,
    message: "Error validating access token: Session has expired",
  }),
  missingParam: (name: string): GraphErrorSpec => ({
    status: 400,
    code: 100,
    message: `The parameter ${name} is required`,
  }),
  invalidParam: (message: string): GraphErrorSpec => ({
    status: 400,
    code: 100,
    message: `Invalid parameter: ${message}`,
  }),
  noObject: (id: string): GraphErrorSpec => ({
    status: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
  }),
  mediaNotFound: (id: string): GraphErrorSpec => ({
    status: 400,
    code: 24,
    subcode: 4279009,
    message: "The requested resource does not exist",
    userTitle: "Media Not Found",
    userMsg: `The media with id ${id} cannot be found.`,
  }),
  // Threads documents the 250 posts / 24 h limit but not the error threads_publish answers when
  // it is reached (9/2207042 is Instagram's). The fake answers a plain refusal, so the publisher
  // must find out from threads_publishing_limit, as it has to on Threads.
  quotaExceeded: (total: number): GraphErrorSpec => ({
    status: 400,
    code: 100,
    message: `The user has reached the limit of ${total} API-published posts in 24 hours`,
  }),
  // Documented only by its name (THREADS_API__LINK_LIMIT_EXCEEDED, at container creation); the
  // numeric code is the generic invalid-parameter one.
  linkLimit: (max: number): GraphErrorSpec => ({
    status: 400,
    code: 100,
    message: `THREADS_API__LINK_LIMIT_EXCEEDED: the post contains more than ${max} unique links`,
  }),
  unknown: (): GraphErrorSpec => ({
    status: 500,
    code: 1,
    isTransient: true,
    message: "An unknown error has occurred.",
  }),
  unavailable: (): GraphErrorSpec => ({
    status: 503,
    code: 2,
    isTransient: true,
    message: "An unexpected error has occurred. Please retry your request later.",
  }),
  // Throttles come with the usage headers (X-App-Usage, X-Business-Use-Case-Usage with
  // estimated_time_to_regain_access in minutes), not Retry-After.
  throttled: (code: number): GraphErrorSpec => ({
    status: 400,
    code,
    isTransient: true,
    headers: {
      "x-app-usage": JSON.stringify({ call_count: 100, total_time: 42, total_cputime: 37 }),
      "x-business-use-case-usage": JSON.stringify({
        fake: [
          {
            type: "threads",
            call_count: 100,
            total_time: 42,
            total_cputime: 37,
            estimated_time_to_regain_access: THROTTLE_REGAIN_MINUTES,
          },
        ],
      }),
    },
    message:
      code === 4
        ? "Application request limit reached"
        : code === 17
          ? "User request limit reached"
          : code === 32
            ? "Page request limit reached"
            : "Calls to this api have exceeded the rate limit.",
  }),
};

/** The error a forced fault `<op>:<number>` produces. */
export function specForCode(n: number): GraphErrorSpec {
  switch (n) {
    case 190:
      return E.expiredToken();
    case 1:
      return E.unknown();
    case 2:
      return E.unavailable();
    case 4:
    case 17:
    case 32:
    case 613:
      return E.throttled(n);
    case 4279009:
    case 24:
      return E.mediaNotFound("0");
    case 9:
      return E.quotaExceeded(250);
    default:
      return { status: 400, code: n, message: `Forced fault: Graph error code ${n}` };
  }
}
