import { createRoute, z } from "@hono/zod-openapi";
import { consumeOauthState } from "../db/oauth-states.ts";
import { getPersona } from "../db/personas.ts";
import { AppError } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { saveAccount } from "../publishing/accounts.ts";
import { loadPublishingSettings } from "../publishing/settings.ts";
import { threadsClientFor } from "../publishing/threads-client.ts";
import { errorResponses, json } from "./schemas/common.ts";
import { ThreadsAccount, accountJson } from "./schemas/publishing.ts";
import { newRouter } from "./router.ts";

/**
 * Mounted at /oauth/threads, outside /v1: the browser arrives here from Threads without the
 * API key. The one-time `state` (issued by …/threads-account/connect, 10 minutes) is what
 * authorises the call and names the persona.
 */
export const oauthCallbackApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/callback",
    tags: ["publishing"],
    description: "Threads redirects here after the user approves: exchanges the code for a short-lived, then a 60-day token, and links the account.",
    request: {
      query: z.object({
        state: z.string().min(1).max(100),
        code: z.string().min(1).max(2000).optional(),
        error: z.string().max(200).optional(),
        error_description: z.string().max(1000).optional(),
      }),
    },
    responses: { 200: { description: "Linked", ...json(ThreadsAccount) }, ...errorResponses(400, 404, 503) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const now = Date.now();
    const pending = await consumeOauthState(c.var.db, q.state, now);
    if (!pending) throw new AppError("bad_request", "state: unknown, used or expired; start again with GET /v1/personas/:id/threads-account/connect", { field: "state" });
    // Deleting a persona drops its pending states; this covers a deletion racing the redirect.
    if (!(await getPersona(c.var.db, pending.personaId))) {
      throw new AppError("not_found", `persona '${pending.personaId}' no longer exists; the Threads account was not linked`, { field: "state" });
    }
    if (q.error || !q.code) {
      throw new AppError("bad_request", `Threads did not authorise the app: ${q.error_description ?? q.error ?? "no code returned"}`, { field: "code" });
    }
    const settings = loadPublishingSettings(c.env);
    if (!settings.appId || !settings.appSecret) throw new AppError("unavailable", "THREADS_APP_ID and THREADS_APP_SECRET must be set");
    const client = threadsClientFor(c.env, settings);
    try {
      const short = await client.exchangeCode({ clientId: settings.appId, clientSecret: settings.appSecret, redirectUri: pending.redirectUri, code: q.code });
      const long = await client.exchangeForLongLived(short.accessToken, settings.appSecret);
      const me = await client.getMe(long.accessToken).catch(() => null);
      const row = await saveAccount(c.env, c.var.db, {
        personaId: pending.personaId,
        userId: short.userId,
        accessToken: long.accessToken,
        issuedAt: now,
        expiresAt: now + long.expiresInSeconds * 1000,
        username: me?.username ?? null,
      }, now);
      console.log(JSON.stringify({ event: "threads.account_linked", persona_id: pending.personaId, via: "oauth" }));
      return c.json(accountJson(row, me !== null), 200);
    } catch (err) {
      // Messages from the client are already scrubbed of codes, tokens and the app secret.
      if (err instanceof ThreadsApiError) throw new AppError("bad_request", `Threads refused the code exchange: ${err.message}`, { field: "code" });
      throw err;
    }
  },
);
