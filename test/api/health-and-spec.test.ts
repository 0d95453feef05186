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
  // The drizzle tables (workers/db/schema/) against what the migrations built, PRAGMA by PRAGMA:
  // columns with their type, NOT NULL, default and primary key; indexes with their columns and
  // uniqueness; foreign keys. Drizzle writes the queries and the migrations build the tables, so a
  // difference is a query the database would answer differently than the code expects.
  it("matches the migrated D1 tables: columns, types, NOT NULL, defaults, keys and indexes", async () => {
    const { getTableConfig } = await import("drizzle-orm/sqlite-core");
    const { SQL, is } = await import("drizzle-orm");
    const schema = await import("../../workers/db/schema/index.ts");
    const tables = Object.values(schema).filter(
      (v) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
    );
    expect(tables.length).toBeGreaterThan(0);
    // What was compared, so the test cannot pass by comparing nothing.
    const seen = { defaults: 0, indexes: 0, uniques: 0, foreignKeys: 0, compositeKeys: 0 };
    const rows = async <T>(sql: string) => (await env.DB.prepare(sql).all<T>()).results;
    /** A drizzle default as SQLite shows it in PRAGMA table_info (null: no default in the DDL). */
    const ddlDefault = (c: { default?: unknown; hasDefault: boolean; defaultFn?: unknown; getSQLType(): string }) => {
      if (!c.hasDefault || c.defaultFn !== undefined || c.default === undefined) return null;
      const d = c.default;
      if (is(d, SQL)) return `(${(d.queryChunks as { value?: string[] }[]).flatMap((q) => q.value ?? []).join("")})`;
      if (typeof d === "boolean") return d ? "1" : "0";
      if (typeof d === "number" || typeof d === "bigint") return String(d);
      if (typeof d === "string") return `'${d.replace(/'/g, "''")}'`;
      return `'${JSON.stringify(d).replace(/'/g, "''")}'`;
    };
    /** SQLite writes a parenthesised default as given; drop outer parentheses and spaces to compare. */
    const normal = (v: string | null) => (v === null ? null : v.replace(/^\((.*)\)$/s, "$1").replace(/\s+/g, ""));
    for (const table of tables) {
      const cfg = getTableConfig(table as Parameters<typeof getTableConfig>[0]);
      const name = cfg.name;
      const cols = await rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
        `PRAGMA table_info("${name}")`,
      );
      const pkOf = new Set(cfg.primaryKeys.flatMap((k) => k.columns.map((c) => c.name)));
      const sortByName = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));
      expect(
        sortByName(cols).map((c) => ({
          name: c.name,
          type: c.type.toLowerCase(),
          notNull: c.notnull === 1 || c.pk > 0,
          default: normal(c.dflt_value),
          primaryKey: c.pk > 0,
        })),
        `${name}: columns`,
      ).toEqual(
        sortByName(cfg.columns).map((c) => ({
          name: c.name,
          type: c.getSQLType().toLowerCase(),
          notNull: c.notNull || c.primary || pkOf.has(c.name),
          default: normal(ddlDefault(c as never)),
          primaryKey: c.primary || pkOf.has(c.name),
        })),
      );

      seen.defaults += cols.filter((c) => c.dflt_value !== null).length;
      seen.compositeKeys += cfg.primaryKeys.length;
      const indexes = await rows<{ name: string; unique: number; origin: string }>(`PRAGMA index_list("${name}")`);
      const created = [];
      for (const ix of indexes.filter((i) => i.origin === "c")) {
        const info = await rows<{ seqno: number; name: string }>(`PRAGMA index_info("${ix.name}")`);
        created.push({
          name: ix.name,
          unique: ix.unique === 1,
          columns: info.sort((a, b) => a.seqno - b.seqno).map((i) => i.name),
        });
      }
      const declared = cfg.indexes.map((ix) => ({
        name: ix.config.name,
        unique: ix.config.unique,
        columns: ix.config.columns.map((c) => (c as { name: string }).name),
      }));
      expect(sortByName(created), `${name}: indexes`).toEqual(sortByName(declared));
      seen.indexes += created.length;

      // Unique constraints (origin "u") and their columns, however declared.
      const uniques = [];
      for (const ix of indexes.filter((i) => i.origin === "u")) {
        const info = await rows<{ seqno: number; name: string }>(`PRAGMA index_info("${ix.name}")`);
        uniques.push(
          info
            .sort((a, b) => a.seqno - b.seqno)
            .map((i) => i.name)
            .join(","),
        );
      }
      const declaredUniques = [
        ...cfg.uniqueConstraints.map((u) => u.columns.map((c) => c.name).join(",")),
        ...cfg.columns.filter((c) => c.isUnique).map((c) => c.name),
      ];
      expect(uniques.sort(), `${name}: unique constraints`).toEqual(declaredUniques.sort());
      seen.uniques += uniques.length;

      const fks = await rows<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(
        `PRAGMA foreign_key_list("${name}")`,
      );
      const fkById = new Map<number, { table: string; from: string[]; to: string[]; onDelete: string }>();
      for (const f of fks.sort((a, b) => a.seq - b.seq)) {
        const e = fkById.get(f.id) ?? { table: f.table, from: [], to: [], onDelete: f.on_delete.toLowerCase() };
        e.from.push(f.from);
        e.to.push(f.to);
        fkById.set(f.id, e);
      }
      seen.foreignKeys += fkById.size;
      const key = (f: { table: string; from: string[] }) => `${f.table}:${f.from.join(",")}`;
      const declaredFks = cfg.foreignKeys.map((fk) => {
        const r = fk.reference();
        return {
          table: getTableConfig(r.foreignTable).name,
          from: r.columns.map((c) => c.name),
          to: r.foreignColumns.map((c) => c.name),
          onDelete: (fk.onDelete ?? "no action").toLowerCase(),
        };
      });
      expect(
        [...fkById.values()].sort((a, b) => key(a).localeCompare(key(b))),
        `${name}: foreign keys`,
      ).toEqual(declaredFks.sort((a, b) => key(a).localeCompare(key(b))));
    }
    console.log(`schema compared: ${JSON.stringify(seen)}`);
    // The tables have no unique constraints or foreign keys today; those are compared all the same.
    for (const what of ["defaults", "indexes", "compositeKeys"] as const) expect(seen[what], what).toBeGreaterThan(0);
  });
});
