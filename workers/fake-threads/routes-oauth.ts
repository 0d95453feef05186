// OAuth endpoints: code → short-lived token (1 h), th_exchange_token → long-lived (60 days),
// th_refresh_token → a fresh long-lived token. Plus a local-only /oauth/authorize that
// "approves" at once and redirects back with a code, so the connect flow runs offline.
import type { Hono } from "hono";
import { authenticate, guarded, usernameFrom } from "./context.ts";
import type { FakeContext, FakeEnv } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { randomToken, stableUserId } from "./prng.ts";
import { ensureUser, insertToken } from "./store.ts";

const SHORT_TTL_S = 3600;
const LONG_TTL_S = 60 * 86_400;

export function registerOAuth(app: Hono<FakeEnv>): void {
  app.get("/oauth/authorize", (c) => {
    const redirect = c.req.query("redirect_uri");
    if (!redirect || !/^https?:\/\//.test(redirect)) return graphErrorResponse(c, E.missingParam("redirect_uri"));
    const url = new URL(redirect);
    url.searchParams.set("code", `fake-code-${c.req.query("client_id") ?? "app"}-${randomToken("").slice(0, 8)}`);
    const state = c.req.query("state");
    if (state) url.searchParams.set("state", state);
    return c.redirect(`${url.toString()}#_`, 302);
  });

  const codeExchange = (c: FakeContext) => guarded(c, "oauth", async () => {
    const { db, now, params } = c.var.fake;
    for (const p of ["client_id", "client_secret", "code", "redirect_uri"]) {
      if (!params[p]) return graphErrorResponse(c, E.missingParam(p));
    }
    if (params["grant_type"] !== "authorization_code") return graphErrorResponse(c, E.invalidParam("grant_type must be authorization_code"));
    const code = params["code"] ?? "";
    const userId = stableUserId(`code|${code.replace(/-[0-9a-f]{8}$/, "")}`);
    await ensureUser(db, userId, usernameFrom(code.replace(/^fake-code-/, "").replace(/-[0-9a-f]{8}$/, "")), now);
    const token = randomToken("THFAKES");
    await insertToken(db, { token, userId, kind: "short", issuedAt: now, expiresAt: now + SHORT_TTL_S * 1000 });
    // user_id is a bare JSON number, as on Threads; it exceeds 2^53, so clients must not parse it as a float.
    return c.body(`{"access_token":${JSON.stringify(token)},"user_id":${userId}}`, 200, { "content-type": "application/json" });
  });
  app.post("/oauth/access_token", codeExchange);
  app.get("/oauth/access_token", codeExchange);

  app.get("/access_token", (c) => guarded(c, "oauth", async () => {
    const { params } = c.var.fake;
    if (params["grant_type"] !== "th_exchange_token") return graphErrorResponse(c, E.invalidParam("grant_type must be th_exchange_token"));
    if (!params["client_secret"]) return graphErrorResponse(c, E.missingParam("client_secret"));
    return issueLongLived(c);
  }));

  app.get("/refresh_access_token", (c) => guarded(c, "oauth", async () => {
    const { params } = c.var.fake;
    if (params["grant_type"] !== "th_refresh_token") return graphErrorResponse(c, E.invalidParam("grant_type must be th_refresh_token"));
    return issueLongLived(c);
  }));
}

async function issueLongLived(c: FakeContext): Promise<Response> {
  const viewer = await authenticate(c);
  if (viewer instanceof Response) return viewer;
  const { db, now } = c.var.fake;
  await ensureUser(db, viewer.userId, viewer.username, now);
  const token = randomToken("THFAKEL");
  await insertToken(db, { token, userId: viewer.userId, kind: "long", issuedAt: now, expiresAt: now + LONG_TTL_S * 1000 });
  return c.json({ access_token: token, token_type: "bearer", expires_in: LONG_TTL_S });
}
