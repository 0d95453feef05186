// The PersonaAgent's SQLite tables come from one list of versioned migrations
// (durable-objects/storage-schema.ts). Storage written by the old ad-hoc constructors (no
// migration log: version 0) must open with its data; each step from version N-1 to N is
// recorded; a failing migration leaves the storage at the version before it.
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import {
  CURRENT_DO_SCHEMA_VERSION,
  DO_MIGRATIONS,
  doSchemaVersion,
  migrateDoStorage,
  type DoMigration,
} from "../../durable-objects/storage-schema.ts";
import { agentOf } from "../support/persona-agent.ts";

let seq = 0;
const fresh = () => agentOf(`migrations-${seq++}`);

/** The tables exactly as the constructors before versioned migrations created them. */
const LEGACY = [
  `CREATE TABLE IF NOT EXISTS pipeline_steps (
      task_id TEXT NOT NULL,
      step TEXT NOT NULL,
      output TEXT NOT NULL,
      saved_at INTEGER NOT NULL,
      PRIMARY KEY (task_id, step)
    )`,
  `CREATE TABLE IF NOT EXISTS publish_ledger (
      media_id TEXT PRIMARY KEY,
      post_id TEXT NOT NULL,
      published_at INTEGER NOT NULL
    )`,
  "CREATE INDEX IF NOT EXISTS publish_ledger_time ON publish_ledger (published_at)",
  `CREATE TABLE IF NOT EXISTS publish_attempts (
      post_id TEXT PRIMARY KEY,
      attempts INTEGER NOT NULL,
      last_outcome TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
  `CREATE TABLE IF NOT EXISTS dedup_vectors (
     namespace TEXT NOT NULL, id TEXT NOT NULL, post_id TEXT NOT NULL,
     created_at INTEGER NOT NULL, v BLOB NOT NULL, PRIMARY KEY (namespace, id))`,
  `CREATE TABLE IF NOT EXISTS dedup_vector_ns (namespace TEXT PRIMARY KEY, rev INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dedup_vector_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dedup_embedder (namespace TEXT PRIMARY KEY, embedder_id TEXT NOT NULL, stamped_at INTEGER NOT NULL)`,
];

const log = (sql: SqlStorage) =>
  sql.exec<{ version: number; name: string }>("SELECT version, name FROM _do_migrations ORDER BY version").toArray();

describe("Durable Object storage migrations", () => {
  it("a new agent's storage is at the current version, each migration recorded once", async () => {
    const stub = fresh();
    await runInDurableObject(stub, (_i, state) => {
      expect(doSchemaVersion(state.storage.sql)).toBe(CURRENT_DO_SCHEMA_VERSION);
      expect(log(state.storage.sql).map((r) => r.version)).toEqual(DO_MIGRATIONS.map((m) => m.version));
      // Running again is a no-op.
      expect(migrateDoStorage(state.storage)).toEqual({
        from: CURRENT_DO_SCHEMA_VERSION,
        to: CURRENT_DO_SCHEMA_VERSION,
      });
      expect(log(state.storage.sql)).toHaveLength(DO_MIGRATIONS.length);
    });
  });

  it("storage from the ad-hoc constructors (version 0) migrates to the current version and keeps its data", async () => {
    const stub = fresh();
    await runInDurableObject(stub, async (_i, state) => {
      // Rewind to what the old code left: its tables and rows, and no migration log.
      await state.storage.deleteAll();
      for (const s of LEGACY) state.storage.sql.exec(s);
      state.storage.sql.exec(
        "INSERT INTO pipeline_steps (task_id, step, output, saved_at) VALUES ('tsk_old', 'ingest', '{\"topic\":\"churn\"}', 1)",
      );
      state.storage.sql.exec(
        "INSERT INTO publish_ledger (media_id, post_id, published_at) VALUES ('m1', 'pst_old', ?)",
        Date.now(),
      );
      expect(doSchemaVersion(state.storage.sql)).toBe(0);
    });
    // A restarted object runs the migrations in its constructor.
    await evictDurableObject(stub);
    await runInDurableObject(stub, async (instance: PersonaAgent, state) => {
      expect(doSchemaVersion(state.storage.sql)).toBe(CURRENT_DO_SCHEMA_VERSION);
      expect(log(state.storage.sql)).toEqual(DO_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      expect(await instance.savedSteps("tsk_old")).toEqual(["ingest"]);
      expect(instance.ledger.countSince(0)).toBe(1);
    });
  });

  it("from version N-1 only migration N runs, and N is recorded; a failing one rolls back", async () => {
    const stub = fresh();
    const next: DoMigration = {
      version: CURRENT_DO_SCHEMA_VERSION + 1,
      name: "test: note column",
      statements: ["ALTER TABLE pipeline_steps ADD COLUMN note TEXT"],
    };
    const broken: DoMigration = {
      version: CURRENT_DO_SCHEMA_VERSION + 2,
      name: "test: broken",
      statements: ["CREATE TABLE half_done (x)", "ALTER TABLE no_such_table ADD COLUMN y TEXT"],
    };
    await runInDurableObject(stub, (_i, state) => {
      expect(migrateDoStorage(state.storage, [...DO_MIGRATIONS, next])).toEqual({
        from: CURRENT_DO_SCHEMA_VERSION,
        to: next.version,
      });
      expect(doSchemaVersion(state.storage.sql)).toBe(next.version);
      expect(log(state.storage.sql).at(-1)).toEqual({ version: next.version, name: next.name });
      const cols = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('pipeline_steps')")
        .toArray()
        .map((c) => c.name);
      expect(cols).toContain("note");

      expect(() => migrateDoStorage(state.storage, [...DO_MIGRATIONS, next, broken])).toThrow(/no_such_table/);
      expect(doSchemaVersion(state.storage.sql)).toBe(next.version);
      expect(state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'half_done'").toArray()).toEqual([]);
    });
  });
});
