import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "bad_request" }),
      message: z.string().openapi({ example: "persona_id: Required" }),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export const errorResponses = (...statuses: (400 | 401 | 404 | 409 | 413 | 422 | 503)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { "application/json": { schema: ErrorSchema } } }]),
  );

const ERROR_DESCRIPTIONS = {
  400: "Bad input; the message names the field",
  401: "Missing or wrong API key",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  422: "Unprocessable",
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
