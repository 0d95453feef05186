// The PersonaAgent's own SQLite tables, in one place, with versioned migrations (the same idea
// as cloudflare/agents' `_ensureSchema()` gated by `CURRENT_SCHEMA_VERSION`, but keeping a row
// per applied migration). Every migration runs once, inside `transactionSync`, so a failed one
// leaves the storage at the previous version; the applied versions are recorded in
// `_do_migrations`. Storage created by the old ad-hoc constructors (no `_do_migrations` table)
// is version 0: migration 1 is the same `CREATE … IF NOT EXISTS` statements, so it opens as is.
//
// To change a table: append a migration with the next version; never edit an applied one.

export interface DoMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const DO_MIGRATIONS: readonly DoMigration[] = [
  {
    version: 1,
    name: "pipeline steps, publish ledger, local vector index, embedder stamp",
    statements: [
      // Finished step outputs per task (workers/durable/step-store.ts).
      `CREATE TABLE IF NOT EXISTS pipeline_steps (
        task_id TEXT NOT NULL, step TEXT NOT NULL, output TEXT NOT NULL, saved_at INTEGER NOT NULL,
        PRIMARY KEY (task_id, step))`,
      // Published media of the last 24 h and attempt counts (workers/publishing/quota-ledger.ts).
      `CREATE TABLE IF NOT EXISTS publish_ledger (media_id TEXT PRIMARY KEY, post_id TEXT NOT NULL, published_at INTEGER NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS publish_ledger_time ON publish_ledger (published_at)`,
      `CREATE TABLE IF NOT EXISTS publish_attempts (
        post_id TEXT PRIMARY KEY, attempts INTEGER NOT NULL, last_outcome TEXT NOT NULL, updated_at INTEGER NOT NULL)`,
      // The exact local vector index (workers/providers/vector-index/local-sqlite.ts).
      `CREATE TABLE IF NOT EXISTS dedup_vectors (
        namespace TEXT NOT NULL, id TEXT NOT NULL, post_id TEXT NOT NULL,
        created_at INTEGER NOT NULL, v BLOB NOT NULL, PRIMARY KEY (namespace, id))`,
      `CREATE TABLE IF NOT EXISTS dedup_vector_ns (namespace TEXT PRIMARY KEY, rev INTEGER NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS dedup_vector_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      // Which embedder filled a namespace (workers/dedup/embedder-stamp.ts).
      `CREATE TABLE IF NOT EXISTS dedup_embedder (namespace TEXT PRIMARY KEY, embedder_id TEXT NOT NULL, stamped_at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: "step records until they reach D1, container timing",
    statements: [
      // A task's step status and timings during an attempt; written to D1 in one batch at its end (runner.ts).
      `CREATE TABLE IF NOT EXISTS pipeline_step_records (
        task_id TEXT NOT NULL, step TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (task_id, step))`,
      // When each post's container was created and how often checked (workers/publishing/container-timing.ts).
      `CREATE TABLE IF NOT EXISTS publish_containers (
        post_id TEXT PRIMARY KEY, container_id TEXT NOT NULL, created_at INTEGER NOT NULL, checks INTEGER NOT NULL DEFAULT 0)`,
    ],
  },
  {
    version: 3,
    name: "publish pause (Threads throttled this app-and-user)",
    statements: [
      // Until when the persona makes no Threads calls (workers/publishing/quota-ledger.ts).
      `CREATE TABLE IF NOT EXISTS publish_pause (id INTEGER PRIMARY KEY CHECK (id = 1), until INTEGER NOT NULL)`,
    ],
  },
];

export const CURRENT_DO_SCHEMA_VERSION = DO_MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

const LOG_TABLE = `CREATE TABLE IF NOT EXISTS _do_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`;

/** The highest migration recorded in this storage; 0 for storage made before migrations existed. */
export function doSchemaVersion(sql: SqlStorage): number {
  const table = sql
    .exec<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_do_migrations'`)
    .one();
  if (table.n === 0) return 0;
  return sql.exec<{ v: number | null }>(`SELECT max(version) AS v FROM _do_migrations`).one().v ?? 0;
}

/**
 * Brings the storage up to the newest migration; returns the versions before and after.
 * Synchronous (SQLite in a Durable Object is), so the constructor can call it before any
 * request is served.
 */
export function migrateDoStorage(
  storage: DurableObjectStorage,
  migrations: readonly DoMigration[] = DO_MIGRATIONS,
  now = Date.now(),
): { from: number; to: number } {
  const from = doSchemaVersion(storage.sql);
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    storage.transactionSync(() => {
      storage.sql.exec(LOG_TABLE);
      for (const statement of m.statements) storage.sql.exec(statement);
      storage.sql.exec(
        `INSERT INTO _do_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
        m.version,
        m.name,
        now,
      );
    });
  }
  return { from, to: pending.at(-1)?.version ?? from };
}
