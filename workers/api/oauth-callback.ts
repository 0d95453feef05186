import { createRoute, z } from "@hono/zod-openapi";
import { consumeOauthState, findOauthState } from "../db/oauth-states.ts";
import { getPersona } from "../db/personas.ts";
import { AppError } from "../errors.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { saveAccount } from "../publishing/accounts.ts";
import { syncAfterLink } from "../history/start.ts";
import { bindingHash, clearBindingCookie, readBindingCookie, setBindingCookie } from "../publishing/oauth-binding.ts";
import { THREADS_SCOPES } from "../publishing/scopes.ts";
import { errorResponses, json, safeString } from "./schemas/common.ts";
import { ThreadsAccount, accountJson } from "./schemas/publishing.ts";
import { newRouter } from "./router.ts";
import { logEvent } from "../log.ts";

/**
 * Mounted at /oauth/threads, outside /v1: the browser arrives here from Threads without the
 * API key. The one-time `state` (issued by …/threads-account/connect, 10 minutes) together with
 * the cookie of the browser that started the flow (workers/publishing/oauth-binding.ts) is what
 * authorises the call and names the persona.
 */
export const oauthCallbackApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/start",
      tags: ["publishing"],
      description:
        "For a connect flow started outside a browser (CLI): gives this browser the flow's cookie, then redirects to Threads. The link comes from …/threads-account/connect as start_url.",
      request: { query: z.object({ state: z.string().min(1).max(100), binding: z.string().min(16).max(100) }) },
      responses: { 302: { description: "To Threads' approval page" }, ...errorResponses(400, 503) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const now = Date.now();
      const pending = await findOauthState(c.var.db, q.state, await bindingHash(q.binding), now);
      if (!pending)
        throw new AppError(
          "bad_request",
          "state: unknown, used or expired; start again with GET /v1/personas/:id/threads-account/connect",
          { field: "state" },
        );
      const settings = c.var.settings.publishing;
      if (!settings.appId) throw new AppError("unavailable", "THREADS_APP_ID must be set");
      setBindingCookie(c, q.binding, 600);
      const url = c.var.services.threads.authorizeUrl({
        clientId: settings.appId,
        redirectUri: pending.redirectUri,
        scopes: THREADS_SCOPES,
        state: q.state,
      });
      return c.redirect(url, 302);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/callback",
      tags: ["publishing"],
      description:
        "Threads redirects here after the user approves: exchanges the code for a short-lived, then a 60-day token, and links the account.",
      request: {
        query: z.object({
          state: safeString().min(1).max(100),
          code: safeString().min(1).max(2000).optional(),
          error: safeString().max(200).optional(),
          error_description: safeString().max(1000).optional(),
        }),
      },
      responses: { 200: { description: "Linked", ...json(ThreadsAccount) }, ...errorResponses(400, 404, 503) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const now = Date.now();
      const secret = readBindingCookie(c);
      const pending = await consumeOauthState(
        c.var.db,
        q.state,
        secret === null ? null : await bindingHash(secret),
        now,
      );
      if (!pending) {
        const why =
          secret === null
            ? "this browser did not start the flow (no flow cookie; open start_url from the connect answer)"
            : "unknown, used, expired, or started in another browser";
        throw new AppError(
          "bad_request",
          `state: ${why}; start again with GET /v1/personas/:id/threads-account/connect`,
          { field: "state" },
        );
      }
      clearBindingCookie(c);
      // Deleting a persona drops its pending states; this covers a deletion racing the redirect.
      if (!(await getPersona(c.var.db, pending.personaId))) {
        throw new AppError(
          "not_found",
          `persona '${pending.personaId}' no longer exists; the Threads account was not linked`,
          { field: "state" },
        );
      }
      if (q.error || !q.code) {
        throw new AppError(
          "bad_request",
          `Threads did not authorise the app: ${q.error_description ?? q.error ?? "no code returned"}`,
          { field: "code" },
        );
      }
      const settings = c.var.settings.publishing;
      if (!settings.appId || !settings.appSecret)
        throw new AppError("unavailable", "THREADS_APP_ID and THREADS_APP_SECRET must be set");
      const client = c.var.services.threads;
      try {
        const short = await client.exchangeCode({
          clientId: settings.appId,
          clientSecret: settings.appSecret,
          redirectUri: pending.redirectUri,
          code: q.code,
        });
        const long = await client.exchangeForLongLived(short.accessToken, settings.appSecret);
        const me = await client.getMe(long.accessToken).catch(() => null);
        const row = await saveAccount(
          c.env,
          c.var.db,
          {
            personaId: pending.personaId,
            userId: short.userId,
            accessToken: long.accessToken,
            issuedAt: now,
            expiresAt: now + long.expiresInSeconds * 1000,
            username: me?.username ?? null,
          },
          now,
        );
        logEvent("threads.account_linked", { persona_id: pending.personaId, via: "oauth" });
        const historyJob = await syncAfterLink(c.env, c.var.db, pending.personaId, now);
        return c.json(accountJson(row, me !== null, historyJob), 200);
      } catch (err) {
        // Messages from the client are already scrubbed of codes, tokens and the app secret.
        if (err instanceof ThreadsApiError)
          throw new AppError("bad_request", `Threads refused the code exchange: ${err.message}`, { field: "code" });
        throw err;
      }
    },
  );
