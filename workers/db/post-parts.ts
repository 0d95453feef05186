// A chain's parts (migrations/0021): the same conditional updates as a post's own publish state
// (post-publishing.ts), per part, so each part has at most one container that may still be
// published and its id is in D1 before threads_publish is called.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { rowWhere } from "./insert-where.ts";
import type { Db } from "./client.ts";
import { postParts, posts, type PostPartRow } from "./schema/index.ts";

/** The six counts of one insights reading. */
export interface PartCounts {
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

const one = async (q: Promise<unknown[]>): Promise<boolean> => (await q).length > 0;

/**
 * The inserts of a chain's parts, for the batch that stores the post, after its insert: each only
 * if the post row is there (its insert may be refused: lifecycle/guard.ts), and idempotent (a
 * retried store keeps the first parts).
 */
export function insertPartsStatements(db: Db, postId: string, texts: string[]) {
  const postExists = sql`exists (select 1 from ${posts} where ${posts.id} = ${postId})`;
  return texts.map((text, seq) =>
    db
      .insert(postParts)
      .select(rowWhere(postParts, { postId, seq, text }, postExists))
      .onConflictDoNothing(),
  );
}

export function listParts(db: Db, postId: string): Promise<PostPartRow[]> {
  return db.select().from(postParts).where(eq(postParts.postId, postId)).orderBy(asc(postParts.seq)).all();
}

const part = (postId: string, seq: number) => and(eq(postParts.postId, postId), eq(postParts.seq, seq));

export function setPartContainer(db: Db, postId: string, seq: number, containerId: string): Promise<boolean> {
  return one(
    db
      .update(postParts)
      .set({ threadsContainerId: containerId })
      .where(and(part(postId, seq), isNull(postParts.threadsContainerId)))
      .returning({ seq: postParts.seq }),
  );
}

export function replacePartContainer(
  db: Db,
  postId: string,
  seq: number,
  oldId: string,
  newId: string | null,
): Promise<boolean> {
  return one(
    db
      .update(postParts)
      .set({ threadsContainerId: newId })
      .where(and(part(postId, seq), eq(postParts.threadsContainerId, oldId)))
      .returning({ seq: postParts.seq }),
  );
}

export async function markPartPublished(
  db: Db,
  postId: string,
  seq: number,
  p: { mediaId: string | null; permalink: string | null; publishedAt: number },
): Promise<void> {
  await db
    .update(postParts)
    .set({ threadsMediaId: p.mediaId, permalink: p.permalink, publishedAt: p.publishedAt })
    .where(part(postId, seq));
}

/** The latest insights reading of one part. */
export async function recordPartMetrics(db: Db, postId: string, seq: number, m: PartCounts, at: number): Promise<void> {
  await db
    .update(postParts)
    .set({ ...m, metricsAt: at })
    .where(part(postId, seq));
}

export const deletePartsStatement = (db: Db, postId: string) =>
  db.delete(postParts).where(eq(postParts.postId, postId));
