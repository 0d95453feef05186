import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "bad_request" }),
      message: z.string().openapi({ example: "persona_id: Required" }),
      details: z.unknown().optional(),
      request_id: z.string().openapi({ description: "Also sent as the x-request-id header; quote it when reporting a problem", example: "req_4f1c2b9a8e7d4c3b" }),
    }),
  })
  .openapi("Error");

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Routes behind the API key (those listing 401) are also rate limited per key, so they list 429 too. */
export const errorResponses = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(
    [...new Set<ErrorStatus>(statuses.includes(401) ? [...statuses, 429] : statuses)].map((s) => [
      s,
      {
        description: ERROR_DESCRIPTIONS[s],
        content: { "application/json": { schema: ErrorSchema } },
        ...(s === 429 ? { headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" as const } } } } : {}),
      },
    ]),
  );

const ERROR_DESCRIPTIONS = {
  400: "Bad input; the message names the field",
  401: "Missing or wrong API key",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  422: "Unprocessable",
  429: "A limit was reached (request rate per key, queued tasks per persona, daily LLM budget); wait Retry-After seconds",
  503: "Unavailable",
} as const;

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be a slug: lowercase letters, digits and inner hyphens");

export const IsoTime = z.string().openapi({ format: "date-time", example: "2026-11-24T09:00:00.000Z" });

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

export const bearer = [{ Bearer: [] }];

export const Limit = z.coerce.number().int().min(1).max(100).default(20);

/** A JSON request or response body for createRoute. */
export const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
