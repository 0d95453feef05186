// Imported posts (origin 'imported') and their insights, written in one D1 batch: D1 runs a batch
// as one transaction, so an import stores all of its new rows or none. Rows travel as JSON in one
// bound parameter per chunk (json_each), because D1 allows 100 bound parameters per statement and
// counts each statement of a batch against the per-invocation query limit: 5,000 posts are ~20
// statements this way, not 10,000 (https://developers.cloudflare.com/d1/platform/limits/).
import { newId } from "../ids.ts";

/** Rows per statement: a chunk's JSON stays well under D1's 2 MB per bound value (500 × ≤ 2.5 KB). */
const ROWS_PER_STATEMENT = 500;

/** One imported post as stored: split and keyed by workers/history/rows.ts (storedRows). */
export interface ImportedPostRow {
  hook: string;
  body: string;
  text: string;
  /** What makes a second import of the same post a duplicate (text + minute). */
  key: string;
  mediaId: string | null;
  permalink: string | null;
  /** Epoch ms. */
  publishedAt: number;
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

export interface StoredImport {
  /** Posts stored now, with what the dedup index needs. */
  imported: { id: string; text: string; publishedAt: number }[];
  /** Rows that were already stored for the persona (or repeated within this import). */
  duplicates: number;
}

const v = (field: string) => `json_extract(j.value, '$.${field}')`;

// A row is new unless the persona already has it: by its key (text + minute), by its Threads
// media id (imported before, or one of our own published posts), or as our own post being
// published right now (its media id is not stored yet). The persona must still exist.
const INSERT_POSTS = `INSERT OR IGNORE INTO posts
  (id, persona_id, task_id, hook, body, text, status, origin, import_key, prompt_tokens, completion_tokens,
   cost_usd, models, threads_media_id, permalink, published_at, schedule_slot, created_at, updated_at)
  SELECT ${v("id")}, ?1, NULL, ${v("hook")}, ${v("body")}, ${v("text")}, 'published', 'imported', ${v("key")}, 0, 0,
   0, '[]', ${v("media_id")}, ${v("permalink")}, ${v("published_at")}, 0, ${v("published_at")}, ?2
  FROM json_each(?3) j
  WHERE EXISTS (SELECT 1 FROM personas WHERE id = ?1)
    AND (${v("media_id")} IS NULL
      OR NOT EXISTS (SELECT 1 FROM posts p WHERE p.persona_id = ?1 AND p.threads_media_id = ${v("media_id")}))
    -- '+' keeps the planner on the status index: a persona's posts in 'publishing' are few.
    AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.status = 'publishing' AND +p.persona_id = ?1 AND p.text = ${v("text")})
  RETURNING id`;

// Only posts this batch stored get a reading: a duplicate's generated id matches no row.
const INSERT_METRICS = `INSERT OR IGNORE INTO post_metrics
  (post_id, persona_id, captured_at, views, likes, replies, reposts, quotes, shares)
  SELECT p.id, ?1, ?2, ${v("views")}, ${v("likes")}, ${v("replies")}, ${v("reposts")}, ${v("quotes")}, ${v("shares")}
  FROM json_each(?3) j JOIN posts p ON p.id = ${v("id")} AND p.persona_id = ?1`;

/** Stores the rows new to the persona, each with one insights reading captured `now`. */
export async function insertImportedPosts(
  d1: D1Database,
  personaId: string,
  rows: readonly ImportedPostRow[],
  now: number,
  /** Statements for the same batch, after the inserts; given the JSON array of the ids the rows would get. */
  alongside: (idsJson: string) => D1PreparedStatement[] = () => [],
): Promise<StoredImport> {
  const prepared = rows.map(({ mediaId, publishedAt, ...r }) => ({
    id: newId("post"),
    ...r,
    media_id: mediaId,
    published_at: publishedAt,
  }));
  const chunks: string[] = [];
  for (let i = 0; i < prepared.length; i += ROWS_PER_STATEMENT)
    chunks.push(JSON.stringify(prepared.slice(i, i + ROWS_PER_STATEMENT)));
  const posts = chunks.map((c) => d1.prepare(INSERT_POSTS).bind(personaId, now, c));
  const metrics = chunks.map((c) => d1.prepare(INSERT_METRICS).bind(personaId, now, c));
  const idsJson = JSON.stringify(prepared.map((p) => p.id));
  const results = await d1.batch<{ id: string }>([...posts, ...metrics, ...alongside(idsJson)]);
  const ids = new Set(results.slice(0, posts.length).flatMap((r) => r.results.map((x) => x.id)));
  const imported = prepared
    .filter((p) => ids.has(p.id))
    .map((p) => ({ id: p.id, text: p.text, publishedAt: p.published_at }));
  return { imported, duplicates: rows.length - imported.length };
}

export interface EngagementPoint {
  publishedAt: number;
  views: number;
  interactions: number;
  origin: "generated" | "imported";
}

/**
 * Every post of the persona with a publication time and an insights reading: imported ones and
 * our own published ones, each at its latest reading (what best times and voice examples learn from).
 */
export async function engagementHistory(d1: D1Database, personaId: string): Promise<EngagementPoint[]> {
  const rows = await d1
    .prepare(
      `SELECT p.published_at AS publishedAt, m.views AS views,
              m.likes + m.replies + m.reposts + m.quotes + m.shares AS interactions, p.origin AS origin
         FROM posts p JOIN post_metrics m ON m.post_id = p.id
        WHERE p.persona_id = ?1 AND p.status = 'published' AND p.published_at IS NOT NULL
          AND m.captured_at = (SELECT MAX(captured_at) FROM post_metrics WHERE post_id = p.id)`,
    )
    .bind(personaId)
    .all<EngagementPoint>();
  return rows.results;
}
