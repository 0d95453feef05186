import { z } from "@hono/zod-openapi";
import { unsafeTextProblem } from "../../text/unsafe-chars.ts";

// The error envelope, its statuses and their OpenAPI responses live in workers/api/error-body.ts.
export { ErrorSchema, errorResponses } from "../error-body.ts";

/**
 * A string with no control characters (other than newline and tab), no bidirectional override or
 * isolate characters and no lone surrogates. Every text field of a request schema starts from this
 * (`safeString().trim().max(100)`); the JSON body guard (workers/api/body-guard.ts) applies the
 * same rule to every string of every body, so a schema that forgets it is still covered.
 */
export const safeString = () =>
  z.string().superRefine((s, ctx) => {
    const problem = unsafeTextProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const Slug = safeString()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be a slug: lowercase letters, digits and inner hyphens");

export const IsoTime = z.string().openapi({ format: "date-time", example: "2026-11-24T09:00:00.000Z" });

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

export const bearer = [{ Bearer: [] }];

/**
 * An integer query parameter: plain decimal digits only ("0x10", "1e3", " 5", "+5" and "" are
 * rejected, unlike Number()), within [min, max].
 */
export const queryInt = (opts: { min: number; max: number; default: number }) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, "must be a decimal integer")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(opts.min, `must be between ${opts.min} and ${opts.max}`)
        .max(opts.max, `must be between ${opts.min} and ${opts.max}`),
    )
    .default(opts.default)
    .openapi({ type: "integer", minimum: opts.min, maximum: opts.max, default: opts.default });

export const Limit = queryInt({ min: 1, max: 100, default: 20 });

/** A JSON request or response body for createRoute. */
export const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
