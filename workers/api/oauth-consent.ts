import type { AuthRequest, ConsentDescription, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import type { Context } from "hono";
import { Hono } from "hono";
import { accessIdentity } from "../access/cf-access.ts";
import { accessPrincipal, hasScope } from "../access/principal.ts";
import { insertApiKey } from "../db/api-keys.ts";
import { insertAudit } from "../db/audit.ts";
import { getPersona } from "../db/personas.ts";
import { API_SCOPES, type ApiScope } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { sha256Hex } from "../text/sha256.ts";
import { authenticate } from "./auth.ts";
import { newSecret } from "./keys.ts";
import type { McpProps } from "./oauth.ts";
import type { AppEnv } from "./router.ts";

// GET/POST /oauth/authorize: the consent page of the MCP OAuth flow (workers/api/oauth.ts). The
// operator signs in, with an admin key (or, behind Cloudflare Access, by the Access identity),
// and picks the scope and the personas. The grant then carries a new API key with those, named
// after the client, so the OAuth client is one more row of GET /v1/keys, revocable like any.
// The provider's consent helpers keep the request server-side between GET and POST, bound to
// this browser by a cookie and usable once (no forged or replayed form).

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

type C = Context<AppEnv>;
const helpersOf = (c: C) => (c.env as Env & { OAUTH_PROVIDER?: OAuthHelpers }).OAUTH_PROVIDER;

const isAuthorizationError = (err: unknown): err is Error & { description: string; redirectTo?: string } =>
  err instanceof Error && err.name === "AuthorizationError";

function page(status: 200 | 400 | 401 | 404, body: string, headers = new Headers(), redirectUri?: string): Response {
  // The form posts here and is answered with a redirect to the client: allow that origin too.
  let formAction = "";
  try {
    if (redirectUri) formAction = ` ${new URL(redirectUri).origin}`;
  } catch {
    // not a URL with an origin: the redirect needs no form-action source
  }
  headers.set(
    "content-security-policy",
    `default-src 'none'; style-src 'self'; form-action 'self'${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  );
  headers.set("x-frame-options", "DENY");
  headers.set("cache-control", "no-store");
  headers.set("content-type", "text/html; charset=utf-8");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>threads-agent: connect an app</title><link rel="stylesheet" href="/dashboard/style.css"></head><body><main class="consent">${body}</main></body></html>`;
  return new Response(html, { status, headers });
}

const problemPage = (status: 400 | 404, message: string) =>
  page(status, `<h1>Cannot connect</h1><p>${esc(message)}</p><p>Start again from the app.</p>`);

interface FormState {
  handle: string;
  details: ConsentDescription;
  signedInAs: string | null;
  problem?: string;
  scope?: string;
  personaIds?: string;
}

function form(s: FormState): string {
  const d = s.details;
  const asked = API_SCOPES.filter((x) => d.scope.includes(x));
  const chosen = s.scope ?? (asked.includes("write") ? "write" : "read");
  const scopes = API_SCOPES.map(
    (x) => `<label><input type="radio" name="scope" value="${x}"${x === chosen ? " checked" : ""}> ${x}</label>`,
  ).join(" ");
  const signIn = s.signedInAs
    ? `<p>Signed in through Cloudflare Access as <b>${esc(s.signedInAs)}</b>.</p>`
    : `<label>Admin API key <input type="password" name="key" autocomplete="off" required></label>`;
  const origin = d.clientDomain
    ? `Published by <b>${esc(d.clientDomain)}</b>.`
    : "The app registered itself: its name is not verified.";
  const loopback = d.redirectIsLoopback
    ? "<p><b>Access goes to an app on this computer.</b> Continue only if you just started connecting from it.</p>"
    : "";
  return `<h1>Connect ${esc(d.clientName)}</h1>
<p><b>${esc(d.clientName)}</b> asks to use threads-agent's MCP tools. ${origin} Access will be sent to <b>${esc(d.redirectHost)}</b>.</p>
${loopback}${s.problem ? `<p class="error" role="alert">${esc(s.problem)}</p>` : ""}
<form method="post">
<input type="hidden" name="handle" value="${esc(s.handle)}">
${signIn}
<fieldset><legend>Scope</legend>${scopes}<p>read: look; write: also draft, publish, schedule and answer; admin: also keys, audit, personas and accounts.</p></fieldset>
<label>Personas (comma-separated ids; empty = every persona) <input type="text" name="persona_ids" value="${esc(s.personaIds ?? "")}"></label>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>`;
}

/** The authorization request of the page's URL, validated by the provider (client, redirect URI, PKCE). */
async function parseRequest(
  helpers: OAuthHelpers,
  url: string,
): Promise<{ req: AuthRequest; details: ConsentDescription } | Response> {
  try {
    const req = await helpers.parseAuthRequest(new Request(url, { method: "GET" }));
    return { req, details: await helpers.describeConsent(req) };
  } catch (err) {
    if (!isAuthorizationError(err)) throw err;
    // A redirect back to the client only once the client and its redirect URI are validated.
    if (err.redirectTo) return new Response(null, { status: 302, headers: { location: err.redirectTo } });
    return problemPage(400, err.description);
  }
}

const splitIds = (raw: string) => [
  ...new Set(
    raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

export const oauthConsentApi = new Hono<AppEnv>()
  .get("/authorize", async (c) => {
    const helpers = helpersOf(c);
    if (!helpers) return problemPage(404, "OAuth needs HTTPS (or a loopback host such as localhost).");
    const parsed = await parseRequest(helpers, c.req.url);
    if (parsed instanceof Response) return parsed;
    const consent = await helpers.beginConsent(parsed.req);
    const who = await accessIdentity(c.env, c.req.raw);
    const body = form({ handle: consent.handle, details: parsed.details, signedInAs: who });
    return page(200, body, consent.headers, parsed.req.redirectUri);
  })
  .post("/authorize", async (c) => {
    const helpers = helpersOf(c);
    if (!helpers) return problemPage(404, "OAuth needs HTTPS (or a loopback host such as localhost).");
    const f = await c.req.parseBody();
    const field = (k: string) => (typeof f[k] === "string" ? f[k].trim() : "");
    const handle = field("handle");
    try {
      if (field("decision") === "deny") {
        const denied = await helpers.denyConsent(c.req.raw, handle);
        return new Response(null, { status: 302, headers: denied.headers });
      }
      // The form posts to the page's own URL, so the request is there to show the page again.
      const parsed = await parseRequest(helpers, c.req.url);
      if (parsed instanceof Response) return parsed;
      const accessUser = await accessIdentity(c.env, c.req.raw);
      const redo = (status: 400 | 401, problem: string) =>
        page(
          status,
          form({
            handle,
            details: parsed.details,
            signedInAs: accessUser,
            problem,
            scope: field("scope"),
            personaIds: field("persona_ids"),
          }),
          new Headers(),
          parsed.req.redirectUri,
        );

      // The operator: Cloudflare Access when configured and present, else an admin key.
      let grantedBy: { keyId: string; name: string };
      if (accessUser) grantedBy = accessPrincipal(accessUser);
      else {
        const signedIn = field("key") ? await authenticate(c.env, c.var.db, field("key")) : null;
        if (!signedIn || !hasScope(signedIn.principal, "admin"))
          return redo(401, "key: an admin API key is needed to connect an app");
        grantedBy = { keyId: signedIn.principal.keyId, name: signedIn.principal.name };
      }
      const scope = field("scope") as ApiScope;
      if (!API_SCOPES.includes(scope)) return redo(400, "scope: pick read, write or admin");
      const personaIds = field("persona_ids") ? splitIds(field("persona_ids")) : null;
      if (personaIds && scope === "admin") return redo(400, "persona_ids: an admin key cannot be limited to personas");
      for (const id of personaIds ?? [])
        if (!(await getPersona(c.var.db, id))) return redo(400, `persona_ids: no persona '${id}'`);

      // Consumes the handle: from here the request is the one stored at GET, not the URL's.
      const approved = await helpers.approveConsent(c.req.raw, handle, { scope: [scope] });
      const clientName = parsed.details.clientName;
      const secret = newSecret();
      const key = await insertApiKey(
        c.var.db,
        {
          id: newId("key"),
          name: `oauth: ${clientName}`.slice(0, 100),
          hash: await sha256Hex(secret),
          scopes: [scope],
          personaIds,
        },
        Date.now(),
      );
      const { redirectTo } = await helpers.completeAuthorization({
        request: approved.request,
        userId: encodeURIComponent(grantedBy.keyId),
        metadata: { key_id: key.id, client: clientName, granted_by: grantedBy.keyId },
        scope: [scope],
        props: { secret } satisfies McpProps,
      });
      // A key made here is a mutation like POST /v1/keys: in the audit log under who signed in.
      await insertAudit(c.var.db, {
        id: newId("audit"),
        at: Date.now(),
        keyId: grantedBy.keyId,
        keyName: grantedBy.name,
        method: "POST",
        route: "/oauth/authorize",
        path: "/oauth/authorize",
        targetIds: [key.id, approved.request.clientId],
        status: 302,
        requestId: c.var.requestId,
      });
      approved.headers.set("location", redirectTo);
      return new Response(null, { status: 302, headers: approved.headers });
    } catch (err) {
      // The page expired, was used already, or was opened in another browser.
      if (isAuthorizationError(err)) return problemPage(400, err.description);
      throw err;
    }
  });
