import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { getTask, insertTask } from "../../workers/db/tasks.ts";
import worker from "../../workers/index.ts";
import { api, createPersona } from "../support/helpers.ts";

describe("health", () => {
  it("is live and ready with D1 migrated and configuration valid", async () => {
    expect(await (await api("/health", { key: null })).json()).toEqual({ status: "ok" });
    // Without the key: only whether it is ready; the details (providers, settings) need the key.
    const anonymous = await api("/health/ready", { key: null });
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: "ready", ready: true });
    expect(await (await api("/health/ready", { key: "wrong-key" })).json()).toEqual({ status: "ready", ready: true });
    const ready = await api("/health/ready");
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; detail: string }> };
    expect(body.status).toBe("ready");
    expect(body.checks.d1?.ok).toBe(true);
    expect(body.checks.llm?.detail).toContain("offline");
    expect(JSON.stringify(body)).not.toContain("test-api-key");
    expect((body as { warnings?: string[] }).warnings).toEqual([]);
  });

  it("warns (without turning unready) about personas whose language the offline writer cannot write", async () => {
    await createPersona({ id: "nihongo", language: "ja" });
    await createPersona({ id: "portugues", language: "pt-BR" });
    const res = await api("/health/ready");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ready: boolean; warnings: string[] };
    expect(body.ready).toBe(true);
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatch(/^persona 'nihongo': the offline writer has no phrasebook for language 'ja'/);
  });
});

describe("OpenAPI", () => {
  it("documents every v1 route from the zod schemas", async () => {
    const spec = (await (await api("/openapi.json", { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of [
      "/v1/personas",
      "/v1/personas/{id}",
      "/v1/tasks",
      "/v1/tasks/{id}",
      "/v1/tasks/{id}/events",
      "/v1/posts",
      "/v1/posts/{id}",
    ]) {
      expect(spec.paths[path], path).toBeDefined();
    }
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(["CreatePersona", "CreateTask", "Task", "Post", "Error"]),
    );
    const html = await (await api("/docs", { key: null })).text();
    expect(html).toContain("/openapi.json");
  });
});

describe("cron", () => {
  it("re-queues tasks whose message was lost, and leaves fresh ones alone", async () => {
    const db = openDb(env.DB);
    const old = Date.now() - 20 * 60_000;
    await insertTask(
      db,
      {
        id: "tsk_stale",
        personaId: "nobody",
        publish: "draft",
        input: { topic: "x" },
        idempotencyKey: null,
        requestHash: null,
      },
      old,
    );
    await insertTask(
      db,
      {
        id: "tsk_fresh",
        personaId: "nobody",
        publish: "draft",
        input: { topic: "x" },
        idempotencyKey: null,
        requestHash: null,
      },
      Date.now(),
    );
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env);
    expect((await getTask(db, "tsk_stale"))?.updatedAt).toBeGreaterThan(old);
    expect((await getTask(db, "tsk_fresh"))?.status).toBe("queued");
  });
});

describe("schema", () => {
  it("matches the migrated D1 tables column for column", async () => {
    const { getTableConfig } = await import("drizzle-orm/sqlite-core");
    const schema = await import("../../workers/db/schema/index.ts");
    const tables = Object.values(schema).filter(
      (v) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const cfg = getTableConfig(table as Parameters<typeof getTableConfig>[0]);
      const cols = await env.DB.prepare(`PRAGMA table_info("${cfg.name}")`).all<{ name: string }>();
      expect(cols.results.map((c) => c.name).sort(), cfg.name).toEqual(cfg.columns.map((c) => c.name).sort());
    }
  });
});
