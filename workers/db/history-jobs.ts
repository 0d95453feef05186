// History sync jobs (workers/history/sync.ts): one row per sync, its cursor and counts.
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "./client.ts";
import { chunks } from "./chunks.ts";
import { historyJobs, posts, type HistoryJobRow } from "./schema/index.ts";

export async function insertHistoryJob(
  db: Db,
  job: Pick<HistoryJobRow, "id" | "personaId" | "trigger" | "cap">,
  now: number,
): Promise<HistoryJobRow> {
  const [row] = await db
    .insert(historyJobs)
    .values({ ...job, status: "queued", createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error(`history job ${job.id} vanished after insert`);
  return row;
}

export async function getHistoryJob(db: Db, id: string): Promise<HistoryJobRow | null> {
  return (await db.select().from(historyJobs).where(eq(historyJobs.id, id)).get()) ?? null;
}

/** The persona's sync still queued or running, if any (one at a time per persona). */
export async function activeHistoryJob(db: Db, personaId: string): Promise<HistoryJobRow | null> {
  return (
    (await db
      .select()
      .from(historyJobs)
      .where(and(eq(historyJobs.personaId, personaId), inArray(historyJobs.status, ["queued", "running"])))
      .orderBy(desc(historyJobs.createdAt))
      .get()) ?? null
  );
}

export function listHistoryJobs(db: Db, personaId: string, limit: number): Promise<HistoryJobRow[]> {
  return db
    .select()
    .from(historyJobs)
    .where(eq(historyJobs.personaId, personaId))
    .orderBy(desc(historyJobs.createdAt))
    .limit(limit)
    .all();
}

/**
 * The job's new cursor and counts, as a statement for the batch that stores the page's posts
 * (after their inserts): `idsJson` are the ids the page's new rows were given, so the rows that
 * really went in are counted as imported and the rest of `offered` as duplicates.
 */
export function advanceJobStatement(
  d1: D1Database,
  id: string,
  page: { cursor: string | null; seen: number; offered: number; rejected: number; idsJson: string },
  now: number,
): D1PreparedStatement {
  const stored = "(SELECT count(*) FROM posts WHERE id IN (SELECT value FROM json_each(?5)))";
  return d1
    .prepare(
      `UPDATE history_jobs SET cursor = ?2, seen = seen + ?3, rejected = rejected + ?4,
         imported = imported + ${stored}, duplicates = duplicates + ?6 - ${stored},
         pages = pages + 1, error = NULL, updated_at = ?7
       WHERE id = ?1 AND status = 'running'`,
    )
    .bind(id, page.cursor, page.seen, page.rejected, page.idsJson, page.offered, now);
}

/** queued/running → running with this attempt; false if the job already ended. */
export async function startJobAttempt(db: Db, id: string, attempt: number, now: number): Promise<boolean> {
  const rows = await db
    .update(historyJobs)
    .set({ status: "running", attempts: attempt, updatedAt: now })
    .where(and(eq(historyJobs.id, id), inArray(historyJobs.status, ["queued", "running"])))
    .returning({ id: historyJobs.id });
  return rows.length > 0;
}

export async function finishJob(
  db: Db,
  id: string,
  end: { status: "succeeded" | "failed" | "cancelled"; error?: string | null },
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(historyJobs)
    .set({ status: end.status, error: end.error ?? null, updatedAt: now, finishedAt: now })
    .where(and(eq(historyJobs.id, id), inArray(historyJobs.status, ["queued", "running"])))
    .returning({ id: historyJobs.id });
  return rows.length > 0;
}

/** Shown on the job while the queue retries it. */
export async function recordJobError(db: Db, id: string, error: string, now: number): Promise<void> {
  await db.update(historyJobs).set({ error, updatedAt: now }).where(eq(historyJobs.id, id));
}

export function listStaleHistoryJobs(db: Db, before: number, limit: number): Promise<HistoryJobRow[]> {
  return db
    .select()
    .from(historyJobs)
    .where(and(inArray(historyJobs.status, ["queued", "running"]), lt(historyJobs.updatedAt, before)))
    .limit(limit)
    .all();
}

export async function touchHistoryJobs(db: Db, ids: string[], now: number): Promise<void> {
  for (const part of chunks(ids))
    await db.update(historyJobs).set({ updatedAt: now }).where(inArray(historyJobs.id, part));
}

/** Which of these Threads media ids the persona already has as posts (no insights call for them). */
export async function knownMediaIds(db: Db, personaId: string, mediaIds: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks(mediaIds)) {
    const rows = await db
      .select({ m: posts.threadsMediaId })
      .from(posts)
      .where(and(eq(posts.personaId, personaId), inArray(posts.threadsMediaId, part)))
      .all();
    for (const r of rows) if (r.m) known.add(r.m);
  }
  return known;
}
