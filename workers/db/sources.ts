// A persona's sources, their items and chunks (migrations/0020, workers/sources/).
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import {
  type SourceChunkRow,
  type SourceItemRow,
  type SourceRow,
  posts,
  sourceChunks,
  sourceItems,
  sources,
} from "./schema/index.ts";

export async function insertSource(
  db: Db,
  row: Pick<SourceRow, "id" | "personaId" | "kind" | "url" | "title" | "status">,
  now: number,
): Promise<SourceRow | null> {
  const [inserted] = await db
    .insert(sources)
    .values({ ...row, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return inserted ?? null;
}

export async function getSource(db: Db, personaId: string, id: string): Promise<SourceRow | null> {
  return (
    (await db
      .select()
      .from(sources)
      .where(and(eq(sources.id, id), eq(sources.personaId, personaId)))
      .get()) ?? null
  );
}

export async function getSourceById(db: Db, id: string): Promise<SourceRow | null> {
  return (await db.select().from(sources).where(eq(sources.id, id)).get()) ?? null;
}

export async function findSourceByUrl(db: Db, personaId: string, url: string): Promise<SourceRow | null> {
  return (
    (await db
      .select()
      .from(sources)
      .where(and(eq(sources.personaId, personaId), eq(sources.url, url)))
      .get()) ?? null
  );
}

export function countSources(db: Db, personaId: string): Promise<number> {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(sources)
    .where(eq(sources.personaId, personaId))
    .get()
    .then((r) => r?.n ?? 0);
}

/** Oldest first, keyset-paginated on (created_at, id) like the other lists. */
export function listSources(db: Db, personaId: string, limit: number, after?: { createdAt: number; id: string }) {
  const where = after
    ? and(
        eq(sources.personaId, personaId),
        sql`(${sources.createdAt}, ${sources.id}) > (${after.createdAt}, ${after.id})`,
      )
    : eq(sources.personaId, personaId);
  return db.select().from(sources).where(where).orderBy(asc(sources.createdAt), asc(sources.id)).limit(limit).all();
}

export function updateSource(db: Db, id: string, patch: Partial<SourceRow>, now: number) {
  return db
    .update(sources)
    .set({ ...patch, updatedAt: now })
    .where(eq(sources.id, id))
    .returning()
    .get();
}

/** Sources whose refresh is due, oldest due first. */
export function dueSources(db: Db, now: number, limit: number): Promise<SourceRow[]> {
  return db
    .select()
    .from(sources)
    .where(lte(sources.nextRefreshAt, now))
    .orderBy(asc(sources.nextRefreshAt))
    .limit(limit)
    .all();
}

export function itemsOf(db: Db, sourceId: string): Promise<SourceItemRow[]> {
  return db
    .select()
    .from(sourceItems)
    .where(eq(sourceItems.sourceId, sourceId))
    .orderBy(desc(sourceItems.publishedAt), asc(sourceItems.createdAt))
    .all();
}

export async function getItem(db: Db, personaId: string, id: string): Promise<SourceItemRow | null> {
  return (
    (await db
      .select()
      .from(sourceItems)
      .where(and(eq(sourceItems.id, id), eq(sourceItems.personaId, personaId)))
      .get()) ?? null
  );
}

export async function findItemByUrl(db: Db, personaId: string, url: string): Promise<SourceItemRow | null> {
  return (
    (await db
      .select()
      .from(sourceItems)
      .where(and(eq(sourceItems.personaId, personaId), eq(sourceItems.url, url)))
      .orderBy(desc(sourceItems.updatedAt))
      .get()) ?? null
  );
}

/** The newest feed item no post was written from yet (autopilot's first choice). */
export async function newestUnusedFeedItem(db: Db, personaId: string): Promise<SourceItemRow | null> {
  return (
    (await db
      .select({ item: sourceItems })
      .from(sourceItems)
      .innerJoin(sources, eq(sources.id, sourceItems.sourceId))
      .where(and(eq(sourceItems.personaId, personaId), isNull(sourceItems.usedAt), eq(sources.kind, "feed")))
      .orderBy(desc(sql`coalesce(${sourceItems.publishedAt}, ${sourceItems.createdAt})`))
      .limit(1)
      .get()
      .then((r) => r?.item)) ?? null
  );
}

/** Marks an item used; true when this call did (so two autopilot ticks cannot take the same one). */
export async function claimItem(db: Db, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(sourceItems)
    .set({ usedAt: now })
    .where(and(eq(sourceItems.id, id), isNull(sourceItems.usedAt)))
    .returning({ id: sourceItems.id });
  return rows.length > 0;
}

export function markItemUsed(db: Db, id: string, now: number) {
  return db
    .update(sourceItems)
    .set({ usedAt: sql`coalesce(${sourceItems.usedAt}, ${now})` })
    .where(eq(sourceItems.id, id));
}

export function chunksOfItem(db: Db, itemId: string): Promise<SourceChunkRow[]> {
  return db.select().from(sourceChunks).where(eq(sourceChunks.itemId, itemId)).orderBy(asc(sourceChunks.seq)).all();
}

export function chunkIdsOfSource(db: Db, sourceId: string): Promise<string[]> {
  return db
    .select({ id: sourceChunks.id })
    .from(sourceChunks)
    .where(eq(sourceChunks.sourceId, sourceId))
    .all()
    .then((rs) => rs.map((r) => r.id));
}

export function chunkIdsOfPersona(db: Db, personaId: string): Promise<string[]> {
  return db
    .select({ id: sourceChunks.id })
    .from(sourceChunks)
    .where(eq(sourceChunks.personaId, personaId))
    .all()
    .then((rs) => rs.map((r) => r.id));
}

export function chunksOfPersona(db: Db, personaId: string): Promise<SourceChunkRow[]> {
  return db.select().from(sourceChunks).where(eq(sourceChunks.personaId, personaId)).all();
}

export interface ChunkWithSource {
  chunk: SourceChunkRow;
  item: SourceItemRow;
  source: SourceRow;
}

/** The chunks with their item and source, in the order of `ids`; unknown ids are left out. */
export async function chunksWithSources(db: Db, personaId: string, ids: string[]): Promise<ChunkWithSource[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ chunk: sourceChunks, item: sourceItems, source: sources })
    .from(sourceChunks)
    .innerJoin(sourceItems, eq(sourceItems.id, sourceChunks.itemId))
    .innerJoin(sources, eq(sources.id, sourceChunks.sourceId))
    .where(and(eq(sourceChunks.personaId, personaId), inArray(sourceChunks.id, ids)))
    .all();
  const byId = new Map(rows.map((r) => [r.chunk.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [r] : [];
  });
}

/** Replaces one item's row and chunks in one batch. */
export async function replaceItem(
  db: Db,
  item: Omit<SourceItemRow, "createdAt" | "updatedAt" | "usedAt">,
  chunks: Omit<SourceChunkRow, "createdAt">[],
  now: number,
): Promise<void> {
  await db.batch([
    db.delete(sourceChunks).where(eq(sourceChunks.itemId, item.id)),
    db
      .insert(sourceItems)
      .values({ ...item, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: sourceItems.id,
        set: {
          url: item.url,
          title: item.title,
          publishedAt: item.publishedAt,
          contentHash: item.contentHash,
          updatedAt: now,
        },
      }),
    ...chunks.map((c) => db.insert(sourceChunks).values({ ...c, createdAt: now })),
  ]);
}

/** Counts of items and chunks, for the source row. */
export async function sourceCounts(db: Db, sourceId: string): Promise<{ items: number; chunks: number }> {
  const [items, chunks] = await db.batch([
    db.select({ n: sql<number>`count(*)` }).from(sourceItems).where(eq(sourceItems.sourceId, sourceId)),
    db.select({ n: sql<number>`count(*)` }).from(sourceChunks).where(eq(sourceChunks.sourceId, sourceId)),
  ]);
  return { items: items[0]?.n ?? 0, chunks: chunks[0]?.n ?? 0 };
}

export async function deleteSourceRows(db: Db, sourceId: string): Promise<void> {
  await db.batch([
    db.delete(sourceChunks).where(eq(sourceChunks.sourceId, sourceId)),
    db.delete(sourceItems).where(eq(sourceItems.sourceId, sourceId)),
    db.delete(sources).where(eq(sources.id, sourceId)),
  ]);
}

/** Statements that remove everything of a persona's sources (for the persona's erase batch). */
export function eraseSourceStatements(db: Db, personaId: string) {
  return [
    db.delete(sourceChunks).where(eq(sourceChunks.personaId, personaId)),
    db.delete(sourceItems).where(eq(sourceItems.personaId, personaId)),
    db.delete(sources).where(eq(sources.personaId, personaId)),
  ] as const;
}

/** Of `postIds`, those written from `sourceId`. */
export async function postsFromSource(db: Db, postIds: string[], sourceId: string): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .select({ id: posts.id })
    .from(posts)
    .where(and(inArray(posts.id, postIds), eq(posts.sourceId, sourceId)))
    .all();
  return new Set(rows.map((r) => r.id));
}
