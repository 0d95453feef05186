import { env } from "cloudflare:test";
import { obsDb } from "../../workers/db/observability-db.ts";
import type { ObsDb } from "../../workers/db/observability-db.ts";

// Seeds rows straight into the migrated core tables, with fixed times for hand-computed expectations.
export async function coreDb(): Promise<ObsDb> {
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
       threads_media_id, published_at, created_at, body, models, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '[]', ?)`,
  )
    .bind(
      p.id,
      p.persona_id,
      p.task_id ?? null,
      p.hook ?? `hook ${p.id}`,
      `text ${p.id}`,
      p.status ?? "published",
      p.prompt_tokens ?? 100,
      p.completion_tokens ?? 50,
      p.cost_usd ?? 0,
      p.threads_media_id === undefined ? `tm_${p.id}` : p.threads_media_id,
      p.published_at === undefined ? p.created_at : p.published_at,
      p.created_at,
      p.created_at,
    )
    .run();
}

export async function seedTask(t: {
  id: string;
  persona_id: string;
  status: string;
  created_at: number;
  finished_at?: number | null;
}): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO tasks (id, persona_id, status, created_at, finished_at, publish, input, updated_at) VALUES (?, ?, ?, ?, ?, 'draft', '{}', ?)`,
  )
    .bind(t.id, t.persona_id, t.status, t.created_at, t.finished_at ?? null, t.created_at)
    .run();
}

export async function seedPersona(id: string, name = id): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO personas (id, name, guardrails, created_at, updated_at) VALUES (?, ?, '{"blocked_words":[],"block_personal_data":true}', 0, 0)`,
  )
    .bind(id, name)
    .run();
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A fixed "now" (2026-11-20T12:00:00Z) so hand-computed expectations stay stable. */
export const NOW = Date.parse("2026-11-20T12:00:00Z");
