import { createRoute, z } from "@hono/zod-openapi";
import { topScope } from "../access/principal.ts";
import { insertApiKey, listApiKeys, revokeApiKey } from "../db/api-keys.ts";
import { getPersona } from "../db/personas.ts";
import type { ApiKeyRow } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { sha256Hex } from "../text/sha256.ts";
import { KEY_PREFIX } from "./auth.ts";
import { newRouter } from "./router.ts";
import { ApiKey, CreateKey, Me } from "./schemas/access.ts";
import { bearer, errorResponses, iso, json, safeString } from "./schemas/common.ts";

// API keys as rows (docs/access.md): the secret is answered once, only its SHA-256 is kept.

const KEY_BYTES = 32;

/** `ta_` and 32 random bytes, base64url: 46 characters. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const b64 = btoa(String.fromCharCode(...bytes));
  return KEY_PREFIX + b64.replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

const keyJson = (k: ApiKeyRow): z.infer<typeof ApiKey> => ({
  id: k.id,
  name: k.name,
  scopes: k.scopes,
  persona_ids: k.personaIds,
  created_at: iso(k.createdAt)!,
  last_used_at: iso(k.lastUsedAt),
  revoked_at: iso(k.revokedAt),
});

export const keysApi = newRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/keys",
      tags: ["access"],
      security: bearer,
      description:
        "Creates an API key. The answer carries the secret (`ta_…`) this once; only its SHA-256 is stored. An admin key cannot be limited to personas.",
      request: { body: { ...json(CreateKey), required: true } },
      responses: {
        201: { description: "The key and its secret", ...json(ApiKey.extend({ secret: z.string() })) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      if (b.persona_ids && b.scopes.includes("admin"))
        throw new AppError("bad_request", "persona_ids: an admin key cannot be limited to personas", {
          field: "persona_ids",
        });
      const personaIds = b.persona_ids ? [...new Set(b.persona_ids)] : null;
      for (const [i, id] of (personaIds ?? []).entries())
        if (!(await getPersona(c.var.db, id)))
          throw new AppError("not_found", `persona_ids.${i}: no persona '${id}'`, { field: `persona_ids.${i}` });
      const secret = newSecret();
      const row = await insertApiKey(
        c.var.db,
        { id: newId("key"), name: b.name, hash: await sha256Hex(secret), scopes: b.scopes, personaIds },
        Date.now(),
      );
      return c.json({ ...keyJson(row), secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/keys",
      tags: ["access"],
      security: bearer,
      description: "Every key made by POST /v1/keys, newest first, revoked ones included; never a secret.",
      responses: {
        200: { description: "Keys", ...json(z.object({ data: z.array(ApiKey) })) },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ data: (await listApiKeys(c.var.db)).map(keyJson) }, 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/keys/{id}",
      tags: ["access"],
      security: bearer,
      description: "Revokes the key: its next request is a 401. The row stays, marked revoked_at, for the audit log.",
      request: { params: z.object({ id: safeString().min(1).max(100) }) },
      responses: { 204: { description: "Revoked" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await revokeApiKey(c.var.db, id, Date.now()))) throw notFound("key", id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["access"],
      security: bearer,
      description: "The calling key: its id, name, scopes and personas (the dashboard hides what it may not do).",
      responses: { 200: { description: "The calling key", ...json(Me) }, ...errorResponses(401) },
    }),
    (c) => {
      const p = c.var.principal;
      return c.json(
        { key_id: p.keyId, name: p.name, scopes: p.scopes, scope: topScope(p), persona_ids: p.personaIds },
        200,
      );
    },
  );
