import { createRoute, z } from "@hono/zod-openapi";
import { insertOauthState } from "../db/oauth-states.ts";
import { getPersona } from "../db/personas.ts";
import { deleteAccount, getAccount } from "../db/threads-accounts.ts";
import { AppError, notFound } from "../errors.ts";
import { resolvePastedToken, saveAccount, validateToken } from "../publishing/accounts.ts";
import { THREADS_SCOPES } from "../publishing/scopes.ts";
import { bindingHash, newBindingSecret, setBindingCookie } from "../publishing/oauth-binding.ts";
import { Slug, bearer, errorResponses, iso, json } from "./schemas/common.ts";
import { ConnectStart, LinkAccount, ThreadsAccount, accountJson } from "./schemas/publishing.ts";
import { newRouter } from "./router.ts";
import { logEvent } from "../log.ts";
import { syncAfterLink } from "../history/start.ts";

const IdParam = z.object({ id: Slug });
const STATE_TTL_MS = 10 * 60_000;
export const OAUTH_CALLBACK_PATH = "/oauth/threads/callback";
export const OAUTH_START_PATH = "/oauth/threads/start";

async function requirePersona(db: Parameters<typeof getPersona>[0], id: string): Promise<void> {
  if (!(await getPersona(db, id))) throw notFound("persona", id);
}

/** Mounted at /v1/personas next to the persona routes: a persona's Threads account. */
export const threadsAccountsApi = newRouter()
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/threads-account",
      tags: ["publishing"],
      security: bearer,
      description:
        "Links a Threads account with an access token (validated against GET /me when Threads is reachable). The token is stored encrypted and never returned.",
      request: { params: IdParam, body: { ...json(LinkAccount), required: true } },
      responses: { 200: { description: "Linked", ...json(ThreadsAccount) }, ...errorResponses(400, 401, 404, 503) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      await requirePersona(c.var.db, id);
      const now = Date.now();
      const stated = b.expires_at ? Date.parse(b.expires_at) : undefined;
      if (stated !== undefined && stated <= now)
        throw new AppError("bad_request", "expires_at: the token has already expired", { field: "expires_at" });
      const settings = c.var.settings.publishing;
      const client = c.var.services.threads;
      const me = await validateToken(client, b.user_id, b.access_token);
      const userId = me?.id ?? b.user_id;
      if (userId === "me")
        throw new AppError(
          "bad_request",
          "user_id: Threads could not be reached to resolve 'me'; give the numeric user id",
          { field: "user_id" },
        );
      const pasted = await resolvePastedToken(client, {
        token: b.access_token,
        appSecret: settings.appSecret,
        statedExpiresAt: stated,
        now,
      });
      const row = await saveAccount(
        c.env,
        c.var.db,
        {
          personaId: id,
          userId,
          accessToken: pasted.accessToken,
          issuedAt: pasted.issuedAt,
          expiresAt: pasted.expiresAt,
          expiryKnown: pasted.expiryKnown,
          username: me?.username ?? null,
        },
        now,
      );
      logEvent("threads.account_linked", {
        persona_id: id,
        validated: me !== null,
        exchanged: pasted.exchanged,
        expiry_known: pasted.expiryKnown,
      });
      const historyJob = await syncAfterLink(c.env, c.var.db, id, now);
      return c.json(accountJson(row, me !== null, historyJob), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/threads-account",
      tags: ["publishing"],
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: { description: "The linked account (never its token)", ...json(ThreadsAccount) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await getAccount(c.var.db, id);
      if (!row) throw new AppError("not_found", `persona '${id}' has no Threads account linked`, { id });
      return c.json(accountJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}/threads-account",
      tags: ["publishing"],
      security: bearer,
      request: { params: IdParam },
      responses: { 204: { description: "Unlinked; the stored token is deleted" }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await deleteAccount(c.var.db, id)))
        throw new AppError("not_found", `persona '${id}' has no Threads account linked`, { id });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/threads-account/connect",
      tags: ["publishing"],
      security: bearer,
      description:
        "Starts the OAuth connect flow: open authorize_url in a browser; Threads calls back to redirect_uri, which links the account.",
      request: { params: IdParam },
      responses: {
        200: { description: "Where to send the user", ...json(ConnectStart) },
        ...errorResponses(400, 401, 404, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requirePersona(c.var.db, id);
      const settings = c.var.settings.publishing;
      if (!settings.appId || !settings.appSecret) {
        throw new AppError(
          "unavailable",
          "THREADS_APP_ID and the secret THREADS_APP_SECRET must be set to connect accounts (see docs/publishing.md)",
        );
      }
      const redirectUri = settings.redirectUri ?? new URL(OAUTH_CALLBACK_PATH, c.req.url).toString();
      const now = Date.now();
      const state = crypto.randomUUID().replaceAll("-", "");
      // The flow is bound to a browser: this answer's cookie (a dashboard fetch keeps it), or,
      // when a CLI asked, the browser that opens start_url, which sets the same cookie.
      const secret = newBindingSecret();
      await insertOauthState(
        c.var.db,
        { state, personaId: id, redirectUri, expiresAt: now + STATE_TTL_MS, browserHash: await bindingHash(secret) },
        now,
      );
      setBindingCookie(c, secret, STATE_TTL_MS / 1000);
      const authorizeUrl = c.var.services.threads.authorizeUrl({
        clientId: settings.appId,
        redirectUri,
        scopes: THREADS_SCOPES,
        state,
      });
      const startUrl = new URL(OAUTH_START_PATH, c.req.url);
      startUrl.search = new URLSearchParams({ state, binding: secret }).toString();
      return c.json(
        {
          authorize_url: authorizeUrl,
          start_url: startUrl.toString(),
          redirect_uri: redirectUri,
          state,
          expires_at: iso(now + STATE_TTL_MS) ?? "",
        },
        200,
      );
    },
  );
