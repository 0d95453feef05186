import { env } from "cloudflare:test";
import { obsDb } from "../../workers/db/observability-db.ts";
import type { ObsDb } from "../../workers/db/observability-db.ts";

// Migration 0001 (personas, tasks, posts) is owned by the core branch. Until it is merged,
// observability tests create the columns they rely on (the agreed contract) themselves;
// IF NOT EXISTS makes this a no-op once 0001 exists.
const CORE_DDL = [
  `CREATE TABLE IF NOT EXISTS personas (id TEXT PRIMARY KEY, name TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, persona_id TEXT NOT NULL, status TEXT NOT NULL,
     created_at INTEGER NOT NULL, finished_at INTEGER)`,
  `CREATE TABLE IF NOT EXISTS posts (id TEXT PRIMARY KEY, persona_id TEXT NOT NULL, task_id TEXT, hook TEXT,
     body TEXT, text TEXT, status TEXT NOT NULL, prompt_tokens INTEGER, completion_tokens INTEGER, cost_usd REAL,
     models TEXT, threads_media_id TEXT, permalink TEXT, scheduled_at INTEGER, published_at INTEGER,
     created_at INTEGER NOT NULL)`,
];

export async function coreDb(): Promise<ObsDb> {
  for (const ddl of CORE_DDL) await env.DB.prepare(ddl).run();
  return obsDb(env.DB);
}

export type SeedPost = {
  id: string;
  persona_id: string;
  status?: string;
  hook?: string;
  cost_usd?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  threads_media_id?: string | null;
  published_at?: number | null;
  created_at: number;
  task_id?: string;
};

export async function seedPost(p: SeedPost): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO posts (id, persona_id, task_id, hook, text, status, prompt_tokens, completion_tokens, cost_usd,
       threads_media_id, published_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      p.id, p.persona_id, p.task_id ?? null, p.hook ?? `hook ${p.id}`, `text ${p.id}`, p.status ?? "published",
      p.prompt_tokens ?? 100, p.completion_tokens ?? 50, p.cost_usd ?? 0,
      p.threads_media_id === undefined ? `tm_${p.id}` : p.threads_media_id,
      p.published_at === undefined ? p.created_at : p.published_at, p.created_at,
    )
    .run();
}

export async function seedTask(t: { id: string; persona_id: string; status: string; created_at: number; finished_at?: number | null }): Promise<void> {
  await env.DB.prepare(`INSERT INTO tasks (id, persona_id, status, created_at, finished_at) VALUES (?, ?, ?, ?, ?)`)
    .bind(t.id, t.persona_id, t.status, t.created_at, t.finished_at ?? null)
    .run();
}

export async function seedPersona(id: string, name = id): Promise<void> {
  await env.DB.prepare(`INSERT INTO personas (id, name) VALUES (?, ?)`).bind(id, name).run();
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A fixed "now" (2026-11-20T12:00:00Z) so hand-computed expectations stay stable. */
export const NOW = Date.parse("2026-11-20T12:00:00Z");
