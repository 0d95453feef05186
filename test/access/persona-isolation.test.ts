import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { labelKey } from "../../workers/metrics/labels.ts";
import { makeKey, type MadeKey } from "../support/access.ts";
import { DAY, NOW, seedPost, seedTask } from "../support/core-tables.ts";
import { api, count } from "../support/helpers.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

keepD1BetweenTests();

// A key limited to persona "iso-a" sees only iso-a everywhere: lists, single rows, KPIs, the
// daily report, /metrics and the MCP tools; iso-b's rows answer exactly as unknown ids do (404).

let own: MadeKey;
let both: MadeKey;
let expA: string;
let expB: string;

const get = (path: string, key: string) => api(path, { key });
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

beforeAll(async () => {
  for (const id of ["iso-a", "iso-b", "iso-c"])
    expect((await api("/v1/personas", { method: "POST", json: { id, name: id, tone: "warm" } })).status).toBe(201);
  for (const p of ["iso-a", "iso-b"]) {
    await seedPost({ id: `pst_${p}`, persona_id: p, created_at: NOW - DAY, status: "draft", threads_media_id: null });
    await seedTask({ id: `tsk_${p}`, persona_id: p, status: "succeeded", created_at: NOW - DAY, finished_at: NOW });
  }
  const exp = async (persona_id: string) => {
    const res = await api("/v1/experiments", {
      method: "POST",
      json: { name: `exp ${persona_id}`, persona_id, dimension: "hook_style", arms: ["question", "statement"] },
    });
    expect(res.status).toBe(201);
    return (await json<{ id: string }>(res)).id;
  };
  expA = await exp("iso-a");
  expB = await exp("iso-b");
  own = await makeKey("iso own", ["write"], ["iso-a"]);
  both = await makeKey("iso two", ["read"], ["iso-a", "iso-c"]);
});

describe("a persona-limited key", () => {
  it("lists only its personas, posts, tasks and experiments", async () => {
    const personas = await json<{ data: { id: string }[] }>(await get("/v1/personas", own.secret));
    expect(personas.data.map((p) => p.id)).toEqual(["iso-a"]);
    const twoPersonas = await json<{ data: { id: string }[] }>(await get("/v1/personas", both.secret));
    expect(twoPersonas.data.map((p) => p.id)).toEqual(["iso-a", "iso-c"]);
    const posts = await json<{ data: { id: string }[] }>(await get("/v1/posts", own.secret));
    expect(posts.data.map((p) => p.id)).toEqual(["pst_iso-a"]);
    const tasks = await json<{ data: { id: string }[] }>(await get("/v1/tasks", own.secret));
    expect(tasks.data.map((t) => t.id)).toEqual(["tsk_iso-a"]);
    const exps = await json<{ data: { id: string }[] }>(await get("/v1/experiments", own.secret));
    expect(exps.data.map((e) => e.id)).toEqual([expA]);
    // The bootstrap key still sees both.
    const all = await json<{ data: { id: string }[] }>(await api("/v1/posts"));
    expect(all.data.map((p) => p.id).sort()).toEqual(["pst_iso-a", "pst_iso-b"]);
  });

  it("gets the unknown-id 404 for another persona's rows, on every route that names one", async () => {
    const same = async (path: string, unknown: string, method = "GET", body?: unknown) => {
      const init = { method, key: own.secret, ...(body === undefined ? {} : { json: body }) };
      const other = await api(path, init);
      const none = await api(unknown, init);
      expect([path, other.status]).toEqual([path, 404]);
      expect(none.status).toBe(404);
      const [a, b] = [
        await json<{ error: { message: string } }>(other),
        await json<{ error: { message: string } }>(none),
      ];
      // Same message shape as for an id that does not exist (only the id differs).
      expect(a.error.message.replace(/'[^']*'/, "'x'")).toBe(b.error.message.replace(/'[^']*'/, "'x'"));
    };
    await same("/v1/personas/iso-b", "/v1/personas/iso-none");
    await same("/v1/personas/iso-b/schedule", "/v1/personas/iso-none/schedule");
    await same("/v1/personas/iso-b/score-model", "/v1/personas/iso-none/score-model");
    await same("/v1/posts/pst_iso-b", "/v1/posts/pst_none");
    await same("/v1/posts/pst_iso-b/metrics", "/v1/posts/pst_none/metrics");
    await same("/v1/posts/pst_iso-b/publish", "/v1/posts/pst_none/publish", "POST");
    await same("/v1/posts/pst_iso-b", "/v1/posts/pst_none", "DELETE");
    await same("/v1/tasks/tsk_iso-b", "/v1/tasks/tsk_none");
    await same("/v1/tasks/tsk_iso-b/events", "/v1/tasks/tsk_none/events");
    await same(`/v1/experiments/${expB}`, "/v1/experiments/exp_none");
    await same(`/v1/experiments/${expB}/stop`, "/v1/experiments/exp_none/stop", "POST");
    // Lists and bodies naming the other persona.
    for (const path of [
      "/v1/posts?persona_id=iso-b",
      "/v1/tasks?persona_id=iso-b",
      "/v1/experiments?persona_id=iso-b",
      "/v1/kpis?persona_id=iso-b",
      "/v1/kpis/timeseries?persona_id=iso-b",
      "/v1/reports/daily?persona_id=iso-b",
      "/v1/posts?deleted_persona_id=iso-b",
    ])
      expect([path, (await get(path, own.secret)).status]).toEqual([path, 404]);
    const task = await api("/v1/tasks", { method: "POST", key: own.secret, json: { persona_id: "iso-b", topic: "x" } });
    expect(task.status).toBe(404);
    expect((await json<{ error: { message: string } }>(task)).error.message).toBe("persona_id: no persona 'iso-b'");
    // Operator-wide alerts are not the persona's.
    expect((await get("/v1/alerts", own.secret)).status).toBe(404);
    // Nothing of iso-b changed.
    expect(await count("SELECT count(*) AS n FROM posts WHERE id = 'pst_iso-b'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM experiments WHERE id = ? AND status = 'running'", expB)).toBe(1);
  });

  it("gets its own persona's KPIs when it names none, and a key of several personas must name one", async () => {
    const implicit = await json<{ persona_id: string | null }>(await get("/v1/kpis", own.secret));
    expect(implicit.persona_id).toBe("iso-a");
    const res = await get("/v1/tasks", both.secret);
    expect(res.status).toBe(400);
    expect((await json<{ error: { message: string } }>(res)).error.message).toMatch(/^persona_id: required/);
    expect((await get("/v1/tasks?persona_id=iso-c", both.secret)).status).toBe(200);
  });

  it("sees only its personas' series on /metrics", async () => {
    // A finished publish counter for each persona, as the publisher writes them.
    for (const p of ["iso-a", "iso-b"])
      await env.DB.prepare(
        "INSERT INTO metric_counters (name, labels, value, updated_at) VALUES ('posts_published_total', ?, 3, 0)",
      )
        .bind(labelKey({ outcome: "published", persona_id: p }))
        .run();
    const full = await (await api("/metrics")).text();
    const limited = await (await get("/metrics", own.secret)).text();
    expect(full).toMatch(/persona_id="iso-b"/);
    expect(limited).not.toMatch(/persona_id="iso-b"/);
    const samples = limited.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((l) => l.includes('persona_id="iso-a"'))).toBe(true);
  });

  it("sees only its personas through the MCP tools", async () => {
    const call = async (name: string, args: Record<string, unknown>) => {
      const res = await api("/mcp", {
        method: "POST",
        key: own.secret,
        headers: { accept: "application/json, text/event-stream" },
        json: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { result: { isError?: boolean; content: { text: string }[] } };
    };
    const list = await call("list_personas", {});
    expect((JSON.parse(list.result.content[0]!.text) as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([
      "iso-a",
    ]);
    const other = await call("get_post", { post_id: "pst_iso-b" });
    expect(other.result.isError).toBe(true);
    expect(other.result.content[0]!.text).toMatch(/^404 not_found/);
    const mine = await call("get_post", { post_id: "pst_iso-a" });
    expect(mine.result.isError).toBeFalsy();
  });
});
