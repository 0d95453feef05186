// The error envelope {"error":{"code","message","details","request_id"}}: its OpenAPI schema,
// the status of each code (ERROR_STATUS, workers/errors.ts), the responses a route lists, and
// the one function that writes the body. app.ts's onError, notFound and 405 answers use it.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ERROR_STATUS, type ErrorCode } from "../errors.ts";
import type { AppEnv } from "./router.ts";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "bad_request" }),
      message: z.string().openapi({ example: "persona_id: Required" }),
      details: z.unknown().optional(),
      request_id: z.string().openapi({
        description: "Also sent as the x-request-id header; quote it when reporting a problem",
        example: "req_4f1c2b9a8e7d4c3b",
      }),
    }),
  })
  .openapi("Error");

export type ErrorBody = z.infer<typeof ErrorSchema>;

export function errorBody(code: ErrorCode, message: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }), request_id: requestId } };
}

/** The envelope with the status of its code; `headers` e.g. Retry-After or Allow. */
export function errorJson(
  // biome-ignore lint/suspicious/noExplicitAny: any route path and input
  c: Context<AppEnv, any, any>,
  code: ErrorCode,
  message: string,
  opts: { details?: unknown; headers?: Record<string, string> } = {},
): Response {
  return c.json(errorBody(code, message, c.var.requestId, opts.details), ERROR_STATUS[code], opts.headers);
}

const ERROR_DESCRIPTIONS = {
  400: "Bad input; the message names the field",
  401: "Missing, wrong or revoked API key",
  403: "The key's scope does not include the route's (x-scope)",
  404: "Not found",
  405: "Method not allowed; the Allow header lists the methods",
  409: "Conflict",
  413: "Request body too large",
  415: "Body is not application/json",
  422: "Unprocessable",
  429: "A limit was reached (request rate per key, queued tasks per persona, daily LLM budget); wait Retry-After seconds",
  503: "Unavailable",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/**
 * Routes behind the API key (those listing 401) are also rate limited per key and held to a scope
 * (workers/access/route-scopes.ts), so they list 429 and 403 too.
 */
export const errorResponses = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(
    [...new Set<ErrorStatus>(statuses.includes(401) ? [...statuses, 403, 429] : statuses)].map((s) => [
      s,
      {
        description: ERROR_DESCRIPTIONS[s],
        content: { "application/json": { schema: ErrorSchema } },
        ...(s === 429
          ? {
              headers: {
                "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" as const } },
              },
            }
          : {}),
      },
    ]),
  );
