import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { pruneAuditLog } from "../../workers/cron/prune-audit-log.ts";
import { makeKey } from "../support/access.ts";
import { api, waitUntil } from "../support/helpers.ts";

interface KeyView {
  id: string;
  name: string;
  scopes: string[];
  persona_ids: string[] | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
interface AuditView {
  id: string;
  key_id: string;
  key_name: string;
  method: string;
  route: string;
  path: string;
  target_ids: string[];
  status: number;
  request_id: string;
  at: string;
}
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const persona = (id: string, key?: string) =>
  api("/v1/personas", { method: "POST", key, json: { id, name: id, tone: "warm" } });

describe("API keys as rows", () => {
  it("answers the secret once, stores only its hash, and lists keys without it", async () => {
    const made = await makeKey("ci script", ["write"]);
    expect(made.secret).toMatch(/^ta_[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(made.id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(made.secret);
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await api("/v1/keys");
    const text = await listed.text();
    expect(text).not.toContain(made.secret);
    expect(text).not.toContain(String(row?.hash));
    const keys = (JSON.parse(text) as { data: KeyView[] }).data;
    expect(keys.map((k) => [k.id, k.name, k.scopes, k.persona_ids, k.last_used_at])).toEqual([
      [made.id, "ci script", ["write"], null, null],
    ]);
  });

  it("works as a Bearer key, records its last use, and is refused from the request after revocation", async () => {
    const made = await makeKey("to revoke", ["read"]);
    expect((await api("/v1/posts", { key: made.secret })).status).toBe(200);
    await waitUntil("last_used_at", async () => {
      const keys = (await json<{ data: KeyView[] }>(await api("/v1/keys"))).data;
      return keys.find((k) => k.id === made.id)?.last_used_at != null;
    });
    expect((await api(`/v1/keys/${made.id}`, { method: "DELETE" })).status).toBe(204);
    const after = await api("/v1/posts", { key: made.secret });
    expect(after.status).toBe(401);
    expect((await json<{ error: { code: string } }>(after)).error.code).toBe("unauthorized");
    const keys = (await json<{ data: KeyView[] }>(await api("/v1/keys"))).data;
    expect(keys.find((k) => k.id === made.id)?.revoked_at).not.toBeNull();
    expect((await api(`/v1/keys/${made.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await api("/v1/keys/key_none", { method: "DELETE" })).status).toBe(404);
  });

  it("names the field on bad input, refuses admin keys limited to personas and unknown personas", async () => {
    const bad = async (body: unknown, field: string, status = 400) => {
      const res = await api("/v1/keys", { method: "POST", json: body });
      expect(res.status).toBe(status);
      expect((await json<{ error: { message: string } }>(res)).error.message.startsWith(`${field}:`)).toBe(true);
    };
    await bad({ scopes: ["read"] }, "name");
    await bad({ name: "x", scopes: [] }, "scopes");
    await bad({ name: "x", scopes: ["root"] }, "scopes.0");
    await bad({ name: "x", scopes: ["read", "read"] }, "scopes");
    await bad({ name: "x", scopes: ["read"], secret: "mine" }, "secret");
    await bad({ name: "x", scopes: ["admin"], persona_ids: ["p"] }, "persona_ids");
    await bad({ name: "x", scopes: ["read"], persona_ids: ["no-such"] }, "persona_ids.0", 404);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM api_keys").first<number>("n")).toBe(0);
  });

  it("says who is calling on GET /v1/me", async () => {
    expect(await json(await api("/v1/me"))).toEqual({
      key_id: "bootstrap",
      name: "API_KEY",
      scopes: ["admin"],
      scope: "admin",
      persona_ids: null,
    });
    await persona("me-p");
    const made = await makeKey("reader", ["read"], ["me-p"]);
    expect(await json(await api("/v1/me", { key: made.secret }))).toEqual({
      key_id: made.id,
      name: "reader",
      scopes: ["read"],
      scope: "read",
      persona_ids: ["me-p"],
    });
  });
});

describe("the audit log", () => {
  it("records every mutating call with key, route, targets, status and request id, and never a secret", async () => {
    const writer = await makeKey("writer", ["write"]);
    const reader = await makeKey("reader", ["read"]);
    expect((await persona("audit-p")).status).toBe(201);
    const linked = await api("/v1/personas/audit-p/threads-account", {
      method: "PUT",
      json: { user_id: "me", access_token: "fake-very-secret-token" },
    });
    expect(linked.status).toBeLessThan(300);
    const task = await api("/v1/tasks", {
      method: "POST",
      key: writer.secret,
      json: { persona_id: "audit-p", topic: "pricing", publish: "draft" },
    });
    expect(task.status).toBe(202);
    const taskId = (await json<{ task_id: string }>(task)).task_id;
    const refused = await api("/v1/tasks", { method: "POST", key: reader.secret, json: { persona_id: "audit-p" } });
    expect(refused.status).toBe(403);
    const bad = await api("/v1/posts/pst_none/publish", { method: "POST", key: writer.secret });
    expect(bad.status).toBe(404);
    await api("/v1/posts", { key: writer.secret }); // a GET: not recorded

    const res = await api("/v1/audit?limit=100");
    const text = await res.text();
    expect(text).not.toContain("fake-very-secret-token");
    expect(text).not.toContain(writer.secret);
    const rows = (JSON.parse(text) as { data: AuditView[] }).data;
    const view = rows.map((r) => [r.key_name, r.method, r.route, r.target_ids, r.status]);
    expect(view).toEqual([
      ["writer", "POST", "/v1/posts/{id}/publish", ["pst_none"], 404],
      ["reader", "POST", "/v1/tasks", ["audit-p"], 403],
      ["writer", "POST", "/v1/tasks", ["audit-p", taskId], 202],
      ["API_KEY", "PUT", "/v1/personas/{id}/threads-account", ["audit-p"], expect.any(Number)],
      ["API_KEY", "POST", "/v1/personas", ["audit-p"], 201],
      ["API_KEY", "POST", "/v1/keys", [reader.id], 201],
      ["API_KEY", "POST", "/v1/keys", [writer.id], 201],
    ]);
    expect(rows[2]!.request_id).toBe(task.headers.get("x-request-id"));
    expect(rows[2]!.key_id).toBe(writer.id);
  });

  it("filters by key, route, target, method and status, and pages with a cursor", async () => {
    const writer = await makeKey("pager", ["write"]);
    for (let i = 0; i < 5; i++) await api(`/v1/posts/pst_${i}/publish`, { method: "POST", key: writer.secret });
    const page = async (q: string) =>
      json<{ data: AuditView[]; next_cursor: string | null }>(await api(`/v1/audit?${q}`));
    expect((await page(`key_id=${writer.id}`)).data).toHaveLength(5);
    expect((await page("route=/v1/keys")).data).toHaveLength(1);
    expect((await page("target_id=pst_3")).data.map((r) => r.path)).toEqual(["/v1/posts/pst_3/publish"]);
    expect((await page("method=POST&status=404")).data).toHaveLength(5);
    const first = await page("limit=2");
    expect(first.data.map((r) => r.path)).toEqual(["/v1/posts/pst_4/publish", "/v1/posts/pst_3/publish"]);
    const second = await page(`limit=2&cursor=${first.next_cursor}`);
    expect(second.data.map((r) => r.path)).toEqual(["/v1/posts/pst_2/publish", "/v1/posts/pst_1/publish"]);
    const third = await page(`limit=2&cursor=${second.next_cursor}`);
    expect(third.data.map((r) => r.route)).toEqual(["/v1/posts/{id}/publish", "/v1/keys"]);
    expect(third.next_cursor).toBeNull();
    expect((await api("/v1/audit?status=abc")).status).toBe(400);
    expect((await api("/v1/audit?cursor=nope")).status).toBe(400);
    expect((await api("/v1/audit", { key: writer.secret })).status).toBe(403);
  });

  it("the daily cron deletes entries older than AUDIT_RETENTION_DAYS (90 by default)", async () => {
    await makeKey("old", ["read"]);
    const day = 86_400_000;
    await env.DB.prepare("UPDATE audit_log SET at = ?")
      .bind(Date.now() - 91 * day)
      .run();
    await makeKey("new", ["read"]);
    expect(await pruneAuditLog(env, Date.now())).toBe(1);
    const rows = (await json<{ data: AuditView[] }>(await api("/v1/audit"))).data;
    expect(rows).toHaveLength(1);
  });
});
