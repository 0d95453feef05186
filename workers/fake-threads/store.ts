// D1 access for the fake Threads API: small query functions over the fake_threads_* tables.
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { fakeThreadsContainers, fakeThreadsMedia, fakeThreadsTokens, fakeThreadsUsers } from "./schema.ts";

export type FakeDb = DrizzleD1Database;
export type ContainerRow = typeof fakeThreadsContainers.$inferSelect;
export type MediaRow = typeof fakeThreadsMedia.$inferSelect;
export type TokenRow = typeof fakeThreadsTokens.$inferSelect;

export const fakeDb = (d1: D1Database): FakeDb => drizzle(d1);

export async function ensureUser(db: FakeDb, id: string, username: string, now: number): Promise<void> {
  await db.insert(fakeThreadsUsers).values({ id, username, createdAt: now }).onConflictDoNothing();
}

export async function getUsername(db: FakeDb, id: string): Promise<string | undefined> {
  const row = await db
    .select({ username: fakeThreadsUsers.username })
    .from(fakeThreadsUsers)
    .where(eq(fakeThreadsUsers.id, id))
    .get();
  return row?.username;
}

export async function insertToken(db: FakeDb, row: TokenRow): Promise<void> {
  await db.insert(fakeThreadsTokens).values(row);
}

export function getToken(db: FakeDb, token: string): Promise<TokenRow | undefined> {
  return db.select().from(fakeThreadsTokens).where(eq(fakeThreadsTokens.token, token)).get();
}

/** Deletes and returns an authorization code: a second exchange of the same code finds nothing. */
export async function consumeCode(db: FakeDb, code: string): Promise<TokenRow | undefined> {
  const rows = await db
    .delete(fakeThreadsTokens)
    .where(and(eq(fakeThreadsTokens.token, code), eq(fakeThreadsTokens.kind, "code")))
    .returning();
  return rows[0];
}

export async function insertContainer(db: FakeDb, row: ContainerRow): Promise<void> {
  await db.insert(fakeThreadsContainers).values(row);
}

export function getContainer(db: FakeDb, id: string): Promise<ContainerRow | undefined> {
  return db.select().from(fakeThreadsContainers).where(eq(fakeThreadsContainers.id, id)).get();
}

export async function markContainerError(db: FakeDb, id: string, message: string): Promise<void> {
  await db.update(fakeThreadsContainers).set({ errorMessage: message }).where(eq(fakeThreadsContainers.id, id));
}

/**
 * Publishes atomically: the media row (unique per container) and the container's pointer to
 * it are written in one batch, so two concurrent publishes of one container yield one post.
 */
export async function insertMedia(db: FakeDb, row: MediaRow): Promise<MediaRow> {
  await db.batch([
    db.insert(fakeThreadsMedia).values(row).onConflictDoNothing(),
    db
      .update(fakeThreadsContainers)
      .set({ publishedMediaId: sql`(SELECT id FROM fake_threads_media WHERE container_id = ${row.containerId})` })
      .where(eq(fakeThreadsContainers.id, row.containerId)),
  ]);
  const stored = await db
    .select()
    .from(fakeThreadsMedia)
    .where(eq(fakeThreadsMedia.containerId, row.containerId))
    .get();
  return stored ?? row;
}

export function getMedia(db: FakeDb, id: string): Promise<MediaRow | undefined> {
  return db.select().from(fakeThreadsMedia).where(eq(fakeThreadsMedia.id, id)).get();
}

/** Posts (or, with `replies`, replies) published since: Threads counts the two against separate quotas. */
export async function countMediaSince(db: FakeDb, userId: string, since: number, replies = false): Promise<number> {
  const m = fakeThreadsMedia;
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(m)
    .where(and(eq(m.userId, userId), gte(m.publishedAt, since), replies ? isNotNull(m.replyToId) : isNull(m.replyToId)))
    .get();
  return row?.n ?? 0;
}

/**
 * Newest first. `before` is the (publishedAt, id) of the last row of the previous page (the
 * `after` cursor: older posts); `after` that of the first row of the next page (the `before`
 * cursor: newer posts, the `limit` closest to it).
 */
export async function listMedia(
  db: FakeDb,
  userId: string,
  opts: {
    limit: number;
    before?: { publishedAt: number; id: string };
    after?: { publishedAt: number; id: string };
    since?: number;
    until?: number;
  },
): Promise<MediaRow[]> {
  const m = fakeThreadsMedia;
  // The posts edge lists a user's threads; their replies are on the replies edges (store-replies.ts).
  const conds = [eq(m.userId, userId), isNull(m.replyToId)];
  if (opts.before) {
    const b = opts.before;
    const older = or(lt(m.publishedAt, b.publishedAt), and(eq(m.publishedAt, b.publishedAt), lt(m.id, b.id)));
    if (older) conds.push(older);
  }
  if (opts.after) {
    const a = opts.after;
    const newer = or(gt(m.publishedAt, a.publishedAt), and(eq(m.publishedAt, a.publishedAt), gt(m.id, a.id)));
    if (newer) conds.push(newer);
  }
  if (opts.since !== undefined) conds.push(gte(m.publishedAt, opts.since));
  if (opts.until !== undefined) conds.push(lt(m.publishedAt, opts.until));
  const query = db
    .select()
    .from(m)
    .where(and(...conds))
    .limit(opts.limit);
  if (opts.after) return (await query.orderBy(asc(m.publishedAt), asc(m.id)).all()).reverse();
  return query.orderBy(desc(m.publishedAt), desc(m.id)).all();
}

/**
 * Keyword search over every user's posts (or one user's). instr() rather than LIKE: D1 caps LIKE
 * patterns at 50 bytes (https://developers.cloudflare.com/d1/platform/limits/).
 */
export function searchMedia(
  db: FakeDb,
  opts: {
    q: string;
    tag: boolean;
    ownerId?: string;
    since?: number;
    until?: number;
    limit: number;
    newestFirst: boolean;
  },
): Promise<MediaRow[]> {
  const m = fakeThreadsMedia;
  const needle = opts.q.toLowerCase();
  // A post matches a keyword query when it contains any of its words (at most 10 are used).
  const words = needle.split(/\s+/).filter(Boolean).slice(0, 10);
  const anyWord = or(...words.map((w) => sql`instr(lower(${m.text}), ${w}) > 0`)) ?? sql`0`;
  const conds = [opts.tag ? sql`lower(${m.topicTag}) = ${needle.replace(/^#/, "")}` : anyWord];
  if (opts.ownerId) conds.push(eq(m.userId, opts.ownerId));
  if (opts.since !== undefined) conds.push(gte(m.publishedAt, opts.since));
  if (opts.until !== undefined) conds.push(lt(m.publishedAt, opts.until));
  return db
    .select()
    .from(m)
    .where(and(...conds))
    .orderBy(opts.newestFirst ? desc(m.publishedAt) : desc(sql`length(${m.text})`))
    .limit(opts.limit)
    .all();
}

export function allMediaOf(db: FakeDb, userId: string): Promise<MediaRow[]> {
  return db.select().from(fakeThreadsMedia).where(eq(fakeThreadsMedia.userId, userId)).all();
}
