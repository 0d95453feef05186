import { z } from "@hono/zod-openapi";
import { API_SCOPES } from "../../db/schema/index.ts";
import { IsoTime, Slug, safeString } from "./common.ts";

// Bodies and answers of /v1/keys and /v1/me (workers/api/keys.ts); the CLI checks its bodies with them.

export const Scope = z.enum(API_SCOPES);

export const CreateKey = z
  .object({
    name: safeString().trim().min(1).max(100),
    scopes: z
      .array(Scope)
      .min(1)
      .max(3)
      .refine((s) => new Set(s).size === s.length, "must not repeat a scope")
      .openapi({ description: "admin includes write, write includes read" }),
    persona_ids: z
      .array(Slug)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "limit the key to these personas; omitted = every persona" }),
  })
  .strict()
  .openapi("CreateKey", { example: { name: "acme read-only", scopes: ["read"], persona_ids: ["calm-founder"] } });

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    persona_ids: z.array(z.string()).nullable(),
    created_at: IsoTime,
    last_used_at: IsoTime.nullable(),
    revoked_at: IsoTime.nullable(),
  })
  .openapi("ApiKey");

export const Me = z
  .object({
    key_id: z.string().openapi({ description: "`bootstrap` for the API_KEY secret" }),
    name: z.string(),
    scopes: z.array(Scope),
    scope: Scope.openapi({ description: "the highest of scopes" }),
    persona_ids: z.array(z.string()).nullable(),
  })
  .openapi("Me");
