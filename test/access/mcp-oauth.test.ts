import { SELF } from "cloudflare:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { describe, expect, it } from "vitest";
import { API_KEY, api } from "../support/helpers.ts";
import { makeKey } from "../support/access.ts";

// MCP over OAuth 2.1 end to end, with the MCP SDK client's own OAuth support: discovery from the
// 401 challenge, dynamic client registration, PKCE, the consent page (signed in with an admin
// key; scope and personas picked there), the code exchange, then tools as the issued key.
// OAuth needs HTTPS or a loopback host, so these requests go to http://localhost.

const ORIGIN = "http://localhost";
const REDIRECT = "http://127.0.0.1:9/callback";
const selfFetch = (url: string | URL | Request, init?: RequestInit) =>
  SELF.fetch(url instanceof Request ? url : new Request(url, init));

class MemoryOAuthClient implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier?: string;
  authorizationUrl?: URL;
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Claude test connector",
      redirect_uris: [REDIRECT],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      scope: "read write",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    if (!this.verifier) throw new Error("no code verifier");
    return this.verifier;
  }
}

const transportFor = (authProvider?: OAuthClientProvider, headers?: Record<string, string>) =>
  new StreamableHTTPClientTransport(new URL(`${ORIGIN}/mcp`), {
    authProvider,
    fetch: selfFetch,
    ...(headers ? { requestInit: { headers } } : {}),
  });

/** A browser at the consent page: GET it, keep its binding cookie and the form's handle. */
async function openConsent(url: URL): Promise<{ html: string; handle: string; cookie: string; res: Response }> {
  const res = await SELF.fetch(url, { redirect: "manual" });
  const html = await res.text();
  const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { html, handle, cookie, res };
}

/** POST the consent form (as the browser that opened it, unless `cookie` says otherwise). */
function consent(url: URL, form: Record<string, string>, cookie: string): Promise<Response> {
  return SELF.fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

const toolJson = (r: unknown) => JSON.parse((r as { content: { text: string }[] }).content[0]!.text);

describe("MCP over OAuth 2.1", () => {
  it("publishes protected-resource and authorization-server metadata, and a 401 challenge on /mcp", async () => {
    const pr = await SELF.fetch(`${ORIGIN}/.well-known/oauth-protected-resource/mcp`);
    expect(pr.status).toBe(200);
    const resource = (await pr.json()) as { resource: string; authorization_servers: string[] };
    expect(resource.resource).toBe(`${ORIGIN}/mcp`);
    expect(resource.authorization_servers).toEqual([ORIGIN]);
    const as = (await (await SELF.fetch(`${ORIGIN}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as.authorization_endpoint).toBe(`${ORIGIN}/oauth/authorize`);
    expect(as.token_endpoint).toBe(`${ORIGIN}/oauth/token`);
    expect(as.registration_endpoint).toBe(`${ORIGIN}/oauth/register`);
    expect(as.code_challenge_methods_supported).toContain("S256");
    const challenge = await SELF.fetch(`${ORIGIN}/mcp`, { method: "POST" });
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get("www-authenticate")).toMatch(
      /resource_metadata="http:\/\/localhost\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
    expect(((await challenge.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("connects a client end to end; its token is a key with the scope and personas picked at consent", async () => {
    for (const id of ["oauth-a", "oauth-b"])
      await api("/v1/personas", { method: "POST", json: { id, name: id, tone: "warm" } });
    const oauth = new MemoryOAuthClient();

    // 1. Unauthenticated: the SDK discovers the server, registers, and asks to open the consent page.
    await expect(new Client({ name: "t", version: "1" }).connect(transportFor(oauth))).rejects.toThrow(
      UnauthorizedError,
    );
    expect(oauth.info?.client_id).toBeTruthy();
    const url = oauth.authorizationUrl!;
    expect(url.origin + url.pathname).toBe(`${ORIGIN}/oauth/authorize`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);

    // 2. The consent page names the client and where access goes; a wrong key or a read key is
    //    refused (the page again, handle still good); the admin key allows with scope and personas.
    const page = await openConsent(url);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(page.html).toContain("Claude test connector");
    expect(page.html).toContain("<b>127.0.0.1</b>");
    expect(page.handle).toBeTruthy();
    expect(page.cookie).toMatch(/^__Host-oauth-consent/);
    const { handle, cookie } = page;
    const wrong = await consent(url, { handle, key: "wrong", scope: "read", decision: "allow" }, cookie);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("an admin API key is needed");
    const reader = await makeKey("reader", ["read"]);
    expect((await consent(url, { handle, key: reader.secret, scope: "read", decision: "allow" }, cookie)).status).toBe(
      401,
    );
    const noPersona = await consent(
      url,
      { handle, key: API_KEY, scope: "read", persona_ids: "nope", decision: "allow" },
      cookie,
    );
    expect(noPersona.status).toBe(400);
    expect(await noPersona.text()).toContain("persona_ids: no persona");
    // Without the browser's binding cookie the handle is worthless (a forged form).
    expect((await consent(url, { handle, key: API_KEY, scope: "read", decision: "allow" }, "")).status).toBe(400);
    const allowed = await consent(
      url,
      { handle, key: API_KEY, scope: "read", persona_ids: "oauth-a", decision: "allow" },
      cookie,
    );
    expect(allowed.status).toBe(302);
    const back = new URL(allowed.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe(url.searchParams.get("state"));
    const code = back.searchParams.get("code")!;
    expect(code).toBeTruthy();
    // The handle works once.
    expect((await consent(url, { handle, key: API_KEY, scope: "read", decision: "allow" }, cookie)).status).toBe(400);

    // 3. PKCE: the code with a wrong verifier is refused (and burnt); a fresh code with the
    //    client's verifier is exchanged by the SDK.
    const bad = await SELF.fetch(`${ORIGIN}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        client_id: oauth.info!.client_id,
        code_verifier: "x".repeat(64),
      }).toString(),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe("invalid_grant");
    const code2 = await authorizeAgain(oauth, { scope: "read", persona_ids: "oauth-a" });
    await transportFor(oauth).finishAuth(code2);
    expect(oauth.saved?.access_token).toBeTruthy();
    expect(oauth.saved?.scope).toBe("read");

    // 4. Tools as the issued key: only its persona, read only.
    const client = new Client({ name: "t", version: "1" });
    await client.connect(transportFor(oauth));
    const personas = toolJson(await client.callTool({ name: "list_personas", arguments: {} }));
    expect(personas.data.map((p: { id: string }) => p.id)).toEqual(["oauth-a"]);
    const kpisOther = await client.callTool({ name: "get_kpis", arguments: { persona_id: "oauth-b" } });
    expect(kpisOther.isError).toBe(true);
    expect((kpisOther.content as { text: string }[])[0]!.text).toMatch(/^404/);
    const draft = await client.callTool({ name: "draft_post", arguments: { persona_id: "oauth-a", topic: "pricing" } });
    expect(draft.isError).toBe(true);
    expect((draft.content as { text: string }[])[0]!.text).toMatch(/^403 forbidden/);

    // 5. The grant is a key row named after the client; the refused call is in the audit log
    //    under it, and the consent under the admin who signed in.
    const keys = (
      (await (await api("/v1/keys")).json()) as {
        data: { id: string; name: string; scopes: string[]; persona_ids: string[] | null }[];
      }
    ).data;
    const issued = keys.filter((k) => k.name === "oauth: Claude test connector");
    expect(issued.map((k) => [k.scopes, k.persona_ids])).toEqual([
      [["read"], ["oauth-a"]],
      [["read"], ["oauth-a"]],
    ]);
    const used = issued[0]!; // newest first: the second consent's key, whose token the client holds
    const audit = (
      (await (await api(`/v1/audit?key_id=${used.id}`)).json()) as { data: { route: string; status: number }[] }
    ).data;
    expect(audit.map((a) => [a.route, a.status])).toEqual([["/v1/tasks", 403]]);
    const grants = (
      (await (await api("/v1/audit?key_id=bootstrap&route=/oauth/authorize")).json()) as {
        data: { target_ids: string[]; status: number }[];
      }
    ).data;
    expect(grants.map((g) => g.target_ids[0]).sort()).toEqual(issued.map((k) => k.id).sort());

    // 6. Revoking that key cuts the OAuth client off at its next request.
    expect((await api(`/v1/keys/${used.id}`, { method: "DELETE" })).status).toBe(204);
    await expect(client.callTool({ name: "list_personas", arguments: {} })).rejects.toThrow(/401/);
    await client.close();
  });

  it("still takes a Bearer API key on /mcp (scripts), and refuses a wrong one with the challenge", async () => {
    const reader = await makeKey("script", ["read"]);
    for (const key of [API_KEY, reader.secret]) {
      const client = new Client({ name: "script", version: "1" });
      await client.connect(transportFor(undefined, { authorization: `Bearer ${key}` }));
      expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      await client.close();
    }
    const wrong = await SELF.fetch(`${ORIGIN}/mcp`, {
      method: "POST",
      headers: {
        authorization: "Bearer ta_wrong",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });

  it("registers clients dynamically and refuses a redirect URI that is neither https nor loopback", async () => {
    const ok = await SELF.fetch(`${ORIGIN}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "x",
        redirect_uris: ["https://claude.ai/api/mcp/auth_callback"],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { client_id: string }).client_id).toBeTruthy();
    const bad = await SELF.fetch(`${ORIGIN}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "x",
        redirect_uris: ["http://evil.example/cb"],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(bad.status).toBe(400);
  });

  it("denying at consent sends the client back with access_denied and creates no key", async () => {
    const oauth = new MemoryOAuthClient();
    await expect(new Client({ name: "t", version: "1" }).connect(transportFor(oauth))).rejects.toThrow(
      UnauthorizedError,
    );
    const page = await openConsent(oauth.authorizationUrl!);
    const denied = await consent(oauth.authorizationUrl!, { handle: page.handle, decision: "deny" }, page.cookie);
    expect(denied.status).toBe(302);
    const to = new URL(denied.headers.get("location")!);
    expect(to.searchParams.get("error")).toBe("access_denied");
    expect(to.searchParams.get("state")).toBe(oauth.authorizationUrl!.searchParams.get("state"));
    expect(((await (await api("/v1/keys")).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("on a plain-http origin that is not loopback, /mcp takes API keys only and the OAuth pages are absent", async () => {
    const meta = await SELF.fetch("http://agent.test/.well-known/oauth-authorization-server");
    expect(meta.status).toBe(404);
    const res = await api("/mcp", {
      method: "POST",
      headers: { accept: "application/json, text/event-stream" },
      json: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
    expect(res.status).toBe(200);
  });
});

/** A second authorization of the same client through the consent page; answers the code. */
async function authorizeAgain(oauth: MemoryOAuthClient, form: Record<string, string>): Promise<string> {
  await expect(new Client({ name: "t", version: "1" }).connect(transportFor(oauth))).rejects.toThrow(UnauthorizedError);
  const page = await openConsent(oauth.authorizationUrl!);
  const res = await consent(
    oauth.authorizationUrl!,
    { handle: page.handle, key: API_KEY, decision: "allow", ...form },
    page.cookie,
  );
  if (res.status !== 302) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return new URL(res.headers.get("location")!).searchParams.get("code")!;
}
