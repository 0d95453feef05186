// OAuth endpoints as documented (docs/conformance.md, "OAuth and tokens"):
//   /oauth/authorize (local stand-in for threads.com's window) → a single-use code valid 1 h
//   POST /oauth/access_token: code → short-lived token (1 h); a used or unknown code is refused
//     with the flat {"error_type","code","error_message"} body
//   GET /access_token (th_exchange_token): short-lived → long-lived (60 days)
//   GET /refresh_access_token (th_refresh_token): a long-lived token at least 24 h old and not
//     expired → a fresh 60-day token
//   GET /v1.0/debug_token: what a token is (issued_at, expires_at, scopes, validity)
import type { Hono } from "hono";
import { authenticate, guarded, usernameFrom } from "./context.ts";
import type { FakeContext, FakeEnv } from "./context.ts";
import { E, graphErrorResponse, oauthErrorResponse } from "./graph-errors.ts";
import { randomToken, stableUserId } from "./prng.ts";
import { consumeCode, ensureUser, getToken, insertToken } from "./store.ts";

const CODE_TTL_S = 3600;
const SHORT_TTL_S = 3600;
const LONG_TTL_S = 60 * 86_400;
const REFRESH_MIN_AGE_MS = 86_400_000;
export const FAKE_SCOPES = [
  "threads_basic",
  "threads_content_publish",
  "threads_read_replies",
  "threads_manage_insights",
  "threads_keyword_search",
];

export function registerOAuth(app: Hono<FakeEnv>): void {
  app.get("/oauth/authorize", async (c) => {
    const { db, now } = c.var.fake;
    const redirect = c.req.query("redirect_uri");
    if (!redirect || !/^https?:\/\//.test(redirect)) return graphErrorResponse(c, E.missingParam("redirect_uri"));
    // The fake "approves" at once, as the user named by client_id (stable per app).
    const who = c.req.query("client_id") ?? "app";
    const userId = stableUserId(`code|fake-code-${who}`);
    await ensureUser(db, userId, usernameFrom(who), now);
    const code = `fake-code-${randomToken("").slice(0, 24)}`;
    await insertToken(db, { token: code, userId, kind: "code", issuedAt: now, expiresAt: now + CODE_TTL_S * 1000 });
    const url = new URL(redirect);
    url.searchParams.set("code", code);
    const state = c.req.query("state");
    if (state) url.searchParams.set("state", state);
    return c.redirect(`${url.toString()}#_`, 302);
  });

  const codeExchange = (c: FakeContext) =>
    guarded(c, "oauth", async () => {
      const { db, now, params } = c.var.fake;
      for (const p of ["client_id", "client_secret", "code", "redirect_uri"]) {
        if (!params[p]) return oauthErrorResponse(c, `Missing parameter: ${p}`);
      }
      if (params["grant_type"] !== "authorization_code")
        return oauthErrorResponse(c, "Unsupported grant_type: must be authorization_code");
      const code = await consumeCode(db, params["code"] ?? "");
      if (!code || code.expiresAt <= now)
        return oauthErrorResponse(c, "Matching code was not found or was already used");
      const token = randomToken("THFAKES");
      await insertToken(db, {
        token,
        userId: code.userId,
        kind: "short",
        issuedAt: now,
        expiresAt: now + SHORT_TTL_S * 1000,
      });
      // user_id is a bare JSON number, as on Threads; it exceeds 2^53, so clients must not parse it as a float.
      return c.body(`{"access_token":${JSON.stringify(token)},"user_id":${code.userId}}`, 200, {
        "content-type": "application/json",
      });
    });
  app.post("/oauth/access_token", codeExchange);

  app.get("/access_token", (c) =>
    guarded(c, "oauth", async () => {
      const { db, params } = c.var.fake;
      if (params["grant_type"] !== "th_exchange_token")
        return graphErrorResponse(c, E.invalidParam("grant_type must be th_exchange_token"));
      if (!params["client_secret"]) return graphErrorResponse(c, E.missingParam("client_secret"));
      const viewer = await authenticate(c);
      if (viewer instanceof Response) return viewer;
      const row = await getToken(db, params["access_token"] ?? "");
      if (row?.kind !== "short")
        return graphErrorResponse(c, E.invalidParam("access_token must be a short-lived Threads user access token"));
      return issueLongLived(c, viewer.userId, viewer.username);
    }),
  );

  app.get("/refresh_access_token", (c) =>
    guarded(c, "oauth", async () => {
      const { db, now, params } = c.var.fake;
      if (params["grant_type"] !== "th_refresh_token")
        return graphErrorResponse(c, E.invalidParam("grant_type must be th_refresh_token"));
      const viewer = await authenticate(c);
      if (viewer instanceof Response) return viewer;
      const row = await getToken(db, params["access_token"] ?? "");
      // Ad-hoc `fake-…` tokens have no issue date and are treated as old enough.
      if (row && row.kind !== "long")
        return graphErrorResponse(c, E.invalidParam("only long-lived tokens can be refreshed"));
      if (row && now - row.issuedAt < REFRESH_MIN_AGE_MS) {
        return graphErrorResponse(
          c,
          E.invalidParam("a long-lived token can be refreshed once it is at least 24 hours old"),
        );
      }
      return issueLongLived(c, viewer.userId, viewer.username);
    }),
  );

  app.get("/v1.0/debug_token", (c) =>
    guarded(c, "debug_token", async () => {
      const { db, now, params } = c.var.fake;
      const viewer = await authenticate(c);
      if (viewer instanceof Response) return viewer;
      const input = params["input_token"];
      if (!input) return graphErrorResponse(c, E.missingParam("input_token"));
      const row = await getToken(db, input);
      const seconds = (ms: number) => Math.floor(ms / 1000);
      if (row && row.kind !== "code") {
        return c.json({
          data: {
            type: "USER",
            application: "fake-app",
            user_id: row.userId,
            is_valid: row.expiresAt > now,
            issued_at: seconds(row.issuedAt),
            expires_at: seconds(row.expiresAt),
            data_access_expires_at: seconds(row.issuedAt + 90 * 86_400_000),
            scopes: FAKE_SCOPES,
          },
        });
      }
      if (input.startsWith("fake-")) {
        // Ad-hoc tokens never expire in the fake; Graph reports that as expires_at 0.
        return c.json({
          data: {
            type: "USER",
            application: "fake-app",
            user_id: stableUserId(input),
            is_valid: true,
            expires_at: 0,
            scopes: FAKE_SCOPES,
          },
        });
      }
      return c.json({
        data: { is_valid: false, error: { code: 190, message: "Invalid OAuth access token" }, scopes: [] },
      });
    }),
  );
}

async function issueLongLived(c: FakeContext, userId: string, username: string): Promise<Response> {
  const { db, now } = c.var.fake;
  await ensureUser(db, userId, username, now);
  const token = randomToken("THFAKEL");
  await insertToken(db, { token, userId, kind: "long", issuedAt: now, expiresAt: now + LONG_TTL_S * 1000 });
  return c.json({ access_token: token, token_type: "bearer", expires_in: LONG_TTL_S });
}
