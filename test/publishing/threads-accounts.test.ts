// Linking accounts: token validation, encryption at rest, the OAuth connect flow through the
// fake's authorize page, no route ever returning a token, and the daily token refresh.
import { SELF, createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getAccount } from "../../workers/db/threads-accounts.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";
import worker from "../../workers/index.ts";
import { accountToken } from "../../workers/publishing/accounts.ts";
import { decryptToken } from "../../workers/publishing/token-crypto.ts";
import { api, createPersona } from "../support/helpers.ts";
import { db, seedAccount, seedPersona } from "../support/publishing.ts";

const P = "calm-founder";
const DAY = 86_400_000;

describe("PUT /v1/personas/:id/threads-account", () => {
  it("validates the token against /me, stores it encrypted, and never returns it", async () => {
    await createPersona();
    const token = "fake-calm-founder";
    const res = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "me", access_token: token },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toMatchObject({
      persona_id: P,
      threads_user_id: stableUserId(token),
      username: "calm_founder",
      status: "active",
      validated: true,
    });

    const row = await getAccount(db(), P);
    expect(row?.tokenEnc).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row?.tokenEnc).not.toContain(token);
    expect(await decryptToken(row?.tokenEnc ?? "", env.TOKEN_ENCRYPTION_KEY, P)).toBe(token);
    // Bound to the persona: the same ciphertext on another persona's row does not decrypt.
    await expect(decryptToken(row?.tokenEnc ?? "", env.TOKEN_ENCRYPTION_KEY, "other")).rejects.toThrow(
      /failed authentication/,
    );

    const raw = await env.DB.prepare("SELECT * FROM threads_accounts").all();
    expect(JSON.stringify(raw.results)).not.toContain(token);
  });

  it("refuses a token Threads rejects, or one that belongs to someone else", async () => {
    await createPersona();
    const bad = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "me", access_token: "not-a-real-token" },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^access_token: Threads refused this token \(190\)/);
    expect(JSON.stringify(body)).not.toContain("not-a-real-token");
    const other = await api(`/v1/personas/${P}/threads-account`, {
      method: "PUT",
      json: { user_id: "12345", access_token: "fake-someone" },
    });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(
      /^user_id: the token belongs to Threads user/,
    );
    expect(
      (
        await api(`/v1/personas/nobody/threads-account`, {
          method: "PUT",
          json: { user_id: "me", access_token: "fake-x-long-enough" },
        })
      ).status,
    ).toBe(404);
    expect((await api(`/v1/personas/${P}/threads-account`, { method: "PUT", json: { user_id: "me" } })).status).toBe(
      400,
    );
  });
});

describe("OAuth connect flow", () => {
  it("authorize URL → fake Threads approval → callback exchanges the code for a 60-day token and links it", async () => {
    await createPersona();
    const start = await api(`/v1/personas/${P}/threads-account/connect`);
    expect(start.status).toBe(200);
    const { authorize_url, redirect_uri, state } = (await start.json()) as {
      authorize_url: string;
      redirect_uri: string;
      state: string;
    };
    const url = new URL(authorize_url);
    expect(url.pathname).toBe("/fake-threads/oauth/authorize");
    // threads_keyword_search: required by GET /keyword_search (https://developers.facebook.com/documentation/threads/keyword-search, 2026-01-21).
    expect(url.searchParams.get("scope")).toBe(
      "threads_basic,threads_content_publish,threads_read_replies,threads_manage_insights,threads_keyword_search",
    );
    expect(url.searchParams.get("redirect_uri")).toBe(redirect_uri);
    expect(redirect_uri).toBe("http://agent.test/oauth/threads/callback");

    // The browser's trip: the fake approves at once and redirects back with a code.
    const approved = await api(url.pathname + url.search, { key: null, redirect: "manual" });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get("location") ?? "");
    expect(back.searchParams.get("state")).toBe(state);
    const code = back.searchParams.get("code") ?? "";

    // The callback needs the cookie the connect answer set in the browser that started the flow.
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(start.headers.get("set-cookie")).toMatch(
      /^threads_oauth=[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const elsewhere = await api(back.pathname + back.search, { key: null });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toMatch(
      /^state: this browser did not start the flow/,
    );
    const forged = await api(back.pathname + back.search, {
      key: null,
      headers: { cookie: "threads_oauth=someone-elses-secret-value-000000000000000" },
    });
    expect(forged.status).toBe(400);

    // Neither refused attempt used up the state: the right browser still completes the flow.
    const done = await api(back.pathname + back.search, { key: null, headers: { cookie } });
    expect(done.headers.get("set-cookie")).toMatch(/^threads_oauth=; Max-Age=0/);
    const text = await done.text();
    expect(done.status, text).toBe(200);
    const account = JSON.parse(text) as { token_expires_at: string; status: string };
    expect(account.status).toBe("active");
    expect(Date.parse(account.token_expires_at) - Date.now()).toBeGreaterThan(59 * DAY);
    expect(text).not.toContain(code);
    const row = await getAccount(db(), P);
    expect(await accountToken(env, row ?? ({} as never))).toMatch(/^THFAKEL/);
    expect(text).not.toContain(await accountToken(env, row ?? ({} as never)));

    // The state is single use.
    const replay = await api(back.pathname + back.search, { key: null, headers: { cookie } });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(
      /^state: unknown, used, expired, or started in another browser/,
    );
  });

  it("a flow started from a CLI binds the browser that opens start_url", async () => {
    await createPersona();
    const { start_url, state } = (await (await api(`/v1/personas/${P}/threads-account/connect`)).json()) as {
      start_url: string;
      state: string;
    };
    const start = new URL(start_url);
    expect(start.pathname).toBe("/oauth/threads/start");
    const opened = await api(start.pathname + start.search, { key: null, redirect: "manual" });
    expect(opened.status).toBe(302);
    expect(new URL(opened.headers.get("location") ?? "").searchParams.get("state")).toBe(state);
    const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^threads_oauth=/);
    // A guessed binding gets nothing.
    expect(
      (await api(`/oauth/threads/start?state=${state}&binding=${"x".repeat(43)}`, { key: null, redirect: "manual" }))
        .status,
    ).toBe(400);
    const approved = await api(
      new URL(opened.headers.get("location") ?? "").pathname + new URL(opened.headers.get("location") ?? "").search,
      { key: null, redirect: "manual" },
    );
    const back = new URL(approved.headers.get("location") ?? "");
    expect((await api(back.pathname + back.search, { key: null, headers: { cookie } })).status).toBe(200);
  });

  it("uses a __Host- cookie over https", async () => {
    await createPersona();
    const res = await SELF.fetch(`https://agent.test/v1/personas/${P}/threads-account/connect`, {
      headers: { authorization: "Bearer test-api-key" },
    });
    expect(res.headers.get("set-cookie")).toMatch(
      /^__Host-threads_oauth=[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it("reports a denied authorisation", async () => {
    await createPersona();
    const connect = await api(`/v1/personas/${P}/threads-account/connect`);
    const { state } = (await connect.json()) as { state: string };
    const cookie = (connect.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const res = await api(
      `/oauth/threads/callback?state=${state}&error=access_denied&error_description=The+user+denied`,
      { key: null, headers: { cookie } },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /did not authorise the app: The user denied/,
    );
  });
});

describe("no route returns a token", () => {
  it("account, persona, posts and spec responses never contain the token or its ciphertext", async () => {
    await createPersona();
    const token = "fake-calm-founder";
    await api(`/v1/personas/${P}/threads-account`, { method: "PUT", json: { user_id: "me", access_token: token } });
    const enc = (await getAccount(db(), P))?.tokenEnc ?? "";
    for (const path of [
      `/v1/personas/${P}/threads-account`,
      `/v1/personas/${P}`,
      "/v1/personas",
      "/v1/posts",
      `/v1/personas/${P}/schedule`,
      "/openapi.json",
    ]) {
      const body = await (await api(path)).text();
      expect(body, path).not.toContain(token);
      expect(body, path).not.toContain(enc.split(":")[3]);
      expect(body, path).not.toMatch(/token_enc|tokenEnc/);
      // The spec documents the link request, whose example carries a placeholder access_token.
      if (path !== "/openapi.json") expect(body, path).not.toMatch(/access_token"\s*:\s*"/);
    }
  });
});

describe("token refresh (*/15 * * * *)", () => {
  it("refreshes tokens over 24 h old within 7 days of expiry; leaves others; a rejected or expired token marks needs_reauth", async () => {
    const now = Date.now();
    for (const id of ["due", "fresh", "young", "expired", "revoked"]) await seedPersona(id);
    // A real (fake-issued) long-lived token, 55 days old, so the refresh endpoint accepts it.
    const issued = "THFAKEL-due-55-days-old";
    await env.DB.prepare(
      "INSERT INTO fake_threads_tokens (token, user_id, kind, issued_at, expires_at) VALUES (?, ?, 'long', ?, ?)",
    )
      .bind(issued, stableUserId("fake-due"), now - 55 * DAY, now + 5 * DAY)
      .run();
    await seedAccount("due", issued, now - 55 * DAY);
    await seedAccount("fresh", "fake-fresh", now - 10 * DAY); // expires in 50 days: not yet
    await seedAccount("young", "fake-young", now - 12 * 3_600_000);
    await env.DB.prepare("UPDATE threads_accounts SET token_expires_at = ? WHERE persona_id = 'young'")
      .bind(now + 2 * DAY)
      .run(); // < 24 h old: cannot refresh
    await seedAccount("expired", "fake-expired", now - 61 * DAY);
    await seedAccount("revoked", "revoked-token-xyz", now - 57 * DAY);
    const before = await getAccount(db(), "due");

    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: now }), env);

    const due = await getAccount(db(), "due");
    expect(due?.status).toBe("active");
    expect(due?.tokenEnc).not.toBe(before?.tokenEnc);
    expect(due?.tokenExpiresAt).toBeGreaterThan(now + 59 * DAY);
    const fresh = await accountToken(env, due ?? ({} as never));
    expect(fresh).not.toBe(issued);
    expect(fresh).toMatch(/^THFAKEL/);
    expect((await getAccount(db(), "fresh"))?.tokenIssuedAt).toBe(now - 10 * DAY);
    expect((await getAccount(db(), "young"))?.tokenIssuedAt).toBe(now - 12 * 3_600_000);
    expect(await getAccount(db(), "expired")).toMatchObject({
      status: "needs_reauth",
      statusReason: expect.stringMatching(/expired/),
    });
    expect(await getAccount(db(), "revoked")).toMatchObject({
      status: "needs_reauth",
      statusReason: expect.stringMatching(/Refreshing the Threads token failed/),
    });
  });
});
