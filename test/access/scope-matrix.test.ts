import { describe, expect, it, beforeAll } from "vitest";
import { api } from "../support/helpers.ts";
import { callOperation, makeKey, specOperations, type MadeKey, type SpecOperation } from "../support/access.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

keepD1BetweenTests();

// Every authenticated route of the served spec × every scope, a revoked key, no key, and a
// persona-limited key: generated from /openapi.json, so a route added later is covered by
// being in the spec (and a route without a declared scope fails the first test).

const RANK: Record<string, number> = { read: 0, write: 1, admin: 2 };
let ops: SpecOperation[];
const keys: Record<string, MadeKey> = {};
let revoked: MadeKey;
let limited: MadeKey;

const label = (op: SpecOperation) => `${op.method} ${op.path}`;

beforeAll(async () => {
  ops = (await specOperations()).filter((o) => o.secured);
  for (const scope of ["read", "write", "admin"]) keys[scope] = await makeKey(`matrix ${scope}`, [scope]);
  revoked = await makeKey("matrix revoked", ["admin"]);
  expect((await api(`/v1/keys/${revoked.id}`, { method: "DELETE" })).status).toBe(204);
  await api("/v1/personas", { method: "POST", json: { id: "matrix-own", name: "Own", tone: "warm" } });
  await api("/v1/personas", { method: "POST", json: { id: "matrix-other", name: "Other", tone: "warm" } });
  limited = await makeKey("matrix limited", ["write"], ["matrix-own"]);
});

describe("the spec declares a scope on every authenticated route", () => {
  it("covers /v1, /mcp and /metrics, each with x-scope and the Bearer scope", async () => {
    const all = await specOperations();
    const guarded = all.filter((o) => o.path.startsWith("/v1/") || o.path === "/mcp" || o.path === "/metrics");
    expect(guarded.length).toBeGreaterThan(40);
    expect(guarded.filter((o) => !o.secured || !o.scope).map(label)).toEqual([]);
    // Spot checks of the rule: GETs read, key and audit routes admin, persona deletion admin.
    const scopeOf = (m: string, p: string) => all.find((o) => o.method === m && o.path === p)?.scope;
    expect(scopeOf("GET", "/v1/posts")).toBe("read");
    expect(scopeOf("POST", "/v1/tasks")).toBe("write");
    expect(scopeOf("POST", "/v1/posts/{id}/publish")).toBe("write");
    expect(scopeOf("POST", "/v1/experiments")).toBe("write");
    expect(scopeOf("DELETE", "/v1/personas/{id}")).toBe("admin");
    expect(scopeOf("POST", "/v1/keys")).toBe("admin");
    expect(scopeOf("GET", "/v1/keys")).toBe("admin");
    expect(scopeOf("GET", "/v1/audit")).toBe("admin");
  });
});

describe("every route × every scope", () => {
  it("answers 403 below the route's scope and never 401/403 at or above it", async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      for (const [scope, key] of Object.entries(keys)) {
        const res = await callOperation(op, key.secret);
        const enough = RANK[scope]! >= RANK[op.scope!]!;
        const ok = enough ? res.status !== 401 && res.status !== 403 : res.status === 403;
        if (!ok) wrong.push(`${label(op)} as ${scope}: ${res.status}`);
        if (!enough && res.status === 403) {
          const body = (await res.json()) as { error: { code: string; details: { scope: string } } };
          if (body.error.code !== "forbidden" || body.error.details.scope !== op.scope)
            wrong.push(`${label(op)} as ${scope}: body ${JSON.stringify(body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 401 to a revoked key and to no key on every route", async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      for (const key of [revoked.secret, null, "ta_not-a-key", "wrong"]) {
        const res = await callOperation(op, key);
        if (res.status !== 401) wrong.push(`${label(op)} with ${key}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 404 to a persona-limited key for another persona's path and for operator-wide routes", async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      if (RANK.write! < RANK[op.scope!]!) continue; // 403 first: covered above
      const res = await callOperation(op, limited.secret, "matrix-other");
      const other = op.path.startsWith("/v1/personas/{id}") || op.personaLimited === false;
      if (other && res.status !== 404) wrong.push(`${label(op)}: ${res.status}`);
      if (!other && (res.status === 401 || res.status === 403)) wrong.push(`${label(op)}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
