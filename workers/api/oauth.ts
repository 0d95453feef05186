import type { OAuthProvider } from "@cloudflare/workers-oauth-provider";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { services } from "../services.ts";
import { newId } from "../ids.ts";
import { logEvent } from "../log.ts";
import { authenticate } from "./auth.ts";
import { errorBody } from "./error-body.ts";
import type { AppEnv } from "./router.ts";

// MCP over OAuth 2.1 (the MCP authorization spec) with Cloudflare's workers-oauth-provider:
// protected-resource and authorization-server metadata, dynamic client registration, PKCE, the
// token endpoint; clients, grants and tokens live in OAUTH_KV. The consent page
// (workers/api/oauth-consent.ts) makes an API key row with the scope and personas the operator
// picked and puts its secret in the grant's props (the provider stores props encrypted with a key
// derived from the token). /mcp then runs as that key, so scopes, persona limits, revocation
// (DELETE /v1/keys/:id), the per-key rate and the audit log hold for OAuth clients exactly as for
// keys. A Bearer API key keeps working on /mcp (resolveExternalToken), for scripts.

/** The paths the provider answers itself or hands to the app (defaultHandler) with its helpers. */
const OAUTH_PATHS = ["/mcp", "/oauth/authorize", "/oauth/token", "/oauth/register"];
export const isOAuthPath = (pathname: string) =>
  OAUTH_PATHS.includes(pathname) || pathname.startsWith("/.well-known/oauth-");

export const OAUTH_SCOPES = ["read", "write", "admin"];

/** What a grant's token carries to /mcp: the key the request runs as (`ta_…`, or API_KEY for a Bearer API_KEY). */
export interface McpProps {
  secret: string;
}

type App = Pick<OpenAPIHono<AppEnv>, "fetch">;
type Lib = typeof import("@cloudflare/workers-oauth-provider");

// Loaded on the first OAuth or /mcp request, so the rest of the API never pays for it. On import
// the library warns that Client ID Metadata Documents are off unless the compatibility flag
// global_fetch_strictly_public is set; this server does not offer them (dynamic registration
// instead), and that flag would stop fetch() from reaching a local SearXNG, Ollama or the fake
// Threads API. workerd evaluates modules outside any request, where the test runtime cannot
// forward a console line (it then fails and never exits), so that one line is dropped.
let lib: Promise<Lib> | null = null;
const CIMD_WARNING = "CIMD (Client ID Metadata Document) is disabled";
function loadLib(): Promise<Lib> {
  if (lib) return lib;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === "string" && args[0].startsWith(CIMD_WARNING))) warn(...args);
  };
  lib = import("@cloudflare/workers-oauth-provider").finally(() => {
    console.warn = warn;
  });
  return lib;
}

const asKey = (request: Request, secret: string): Request => {
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${secret}`);
  return new Request(request, { headers });
};

/**
 * The provider for one origin: the resource is `<origin>/mcp` and the origin its authorization
 * server. OAuth needs HTTPS (plain http only on a loopback host, as under `wrangler dev`): on
 * another plain-http origin the constructor refuses and /mcp takes API keys only.
 */
function buildProvider({ OAuthProvider }: Lib, app: App, origin: string): OAuthProvider<Env> {
  const resource = `${origin}/mcp`;
  return new OAuthProvider<Env>({
    resourceMetadata: { resource, authorization_servers: [origin], resource_name: "threads-agent MCP server" },
    apiRoute: "/mcp",
    apiHandler: {
      fetch: (request, env, ctx) => app.fetch(asKey(request, (ctx.props as McpProps).secret), env, ctx),
    },
    defaultHandler: { fetch: (request, env, ctx) => app.fetch(request, env, ctx) },
    authorizeEndpoint: "/oauth/authorize",
    tokenEndpoint: "/oauth/token",
    clientRegistrationEndpoint: "/oauth/register",
    scopesSupported: OAUTH_SCOPES,
    // A Bearer API key (ta_… or API_KEY) is not a token of the provider's: accepted as itself.
    resolveExternalToken: async ({ token, env }) =>
      (await authenticate(env, services(env).db, token))
        ? { props: { secret: token } satisfies McpProps, audience: resource }
        : null,
  });
}

// One provider per origin the Worker is reached at (usually one); a bounded map so odd Host
// headers cannot grow it.
const MAX_ORIGINS = 16;
const providers = new Map<string, OAuthProvider<Env> | null>();

async function providerFor(app: App, origin: string): Promise<OAuthProvider<Env> | null> {
  if (!providers.has(origin)) {
    const l = await loadLib();
    if (providers.size >= MAX_ORIGINS) providers.clear();
    try {
      providers.set(origin, buildProvider(l, app, origin));
    } catch (err) {
      logEvent("oauth.unavailable", { origin, reason: String(err) });
      providers.set(origin, null);
    }
  }
  return providers.get(origin) ?? null;
}

/**
 * The answer to a request of OAUTH_PATHS. A refused /mcp call answers in the API's error envelope
 * with the provider's WWW-Authenticate challenge (resource_metadata), from which an MCP client
 * starts OAuth. Where the provider cannot run (plain http off loopback), the app answers: /mcp
 * with API keys, the OAuth pages with 404.
 */
export async function oauthFetch(app: App, request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  const provider = await providerFor(app, url.origin);
  if (!provider) return app.fetch(request, env, ctx);
  const res = await provider.fetch(request, env, ctx);
  // The app's own answers carry a request id already (a revoked key behind a valid token, say).
  if (res.status !== 401 || url.pathname !== "/mcp" || res.headers.has("x-request-id")) return res;
  const message = request.headers.has("authorization")
    ? "API key or OAuth token is not valid"
    : "Authorization: Bearer <API key or OAuth token> header required";
  const headers = new Headers(res.headers);
  headers.set("content-type", "application/json");
  const requestId = newId("request");
  headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(errorBody("unauthorized", message, requestId)), { status: 401, headers });
}
