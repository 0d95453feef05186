// D1 access for the fake's replies and mentions (fake_threads_replies, fake_threads_reply_links).
import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, or } from "drizzle-orm";
import { fakeThreadsReplies, fakeThreadsReplyLinks } from "./schema.ts";
import type { FakeDb } from "./store.ts";

export type ReplyRow = typeof fakeThreadsReplies.$inferSelect;

export async function insertReplies(db: FakeDb, rows: ReplyRow[]): Promise<void> {
  const [first, ...rest] = rows.map((r) => db.insert(fakeThreadsReplies).values(r).onConflictDoNothing());
  if (first) await db.batch([first, ...rest]);
}

export function getReply(db: FakeDb, id: string): Promise<ReplyRow | undefined> {
  return db.select().from(fakeThreadsReplies).where(eq(fakeThreadsReplies.id, id)).get();
}

export async function setHideStatus(db: FakeDb, id: string, hideStatus: string): Promise<void> {
  await db.update(fakeThreadsReplies).set({ hideStatus }).where(eq(fakeThreadsReplies.id, id));
}

export interface ReplyPage {
  limit: number;
  /** (timestamp, id) of the last row of the previous page. */
  after?: { timestamp: number; id: string };
  newestFirst: boolean;
  now: number;
}

function paged(page: ReplyPage) {
  const r = fakeThreadsReplies;
  const conds = [lte(r.timestamp, page.now)];
  const a = page.after;
  if (a) {
    const beyond = page.newestFirst
      ? or(lt(r.timestamp, a.timestamp), and(eq(r.timestamp, a.timestamp), lt(r.id, a.id)))
      : or(gt(r.timestamp, a.timestamp), and(eq(r.timestamp, a.timestamp), gt(r.id, a.id)));
    if (beyond) conds.push(beyond);
  }
  const order = page.newestFirst ? [desc(r.timestamp), desc(r.id)] : [asc(r.timestamp), asc(r.id)];
  return { conds, order };
}

/** Direct replies to a post or reply (`/{id}/replies`), or every reply under a root (`/{id}/conversation`). */
export function listReplies(db: FakeDb, id: string, depth: "direct" | "all", page: ReplyPage): Promise<ReplyRow[]> {
  const r = fakeThreadsReplies;
  const { conds, order } = paged(page);
  conds.push(eq(r.kind, "reply"), depth === "direct" ? eq(r.repliedToId, id) : eq(r.rootId, id));
  return db
    .select()
    .from(r)
    .where(and(...conds))
    .orderBy(...order)
    .limit(page.limit)
    .all();
}

/** Replies the user wrote (`/me/replies`) or posts of others that mention them (`/me/mentions`). */
export function listOfUser(
  db: FakeDb,
  userId: string,
  which: "replies" | "mentions",
  page: ReplyPage,
): Promise<ReplyRow[]> {
  const r = fakeThreadsReplies;
  const { conds, order } = paged(page);
  if (which === "replies") conds.push(eq(r.kind, "reply"), eq(r.authorId, userId));
  else conds.push(eq(r.kind, "mention"), eq(r.ownerId, userId));
  return db
    .select()
    .from(r)
    .where(and(...conds))
    .orderBy(...order)
    .limit(page.limit)
    .all();
}

/** Which of these ids have replies under them (`has_replies`). */
export async function idsWithReplies(db: FakeDb, ids: string[], now: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = fakeThreadsReplies;
  const rows = await db
    .selectDistinct({ id: r.repliedToId })
    .from(r)
    .where(and(inArray(r.repliedToId, ids), lte(r.timestamp, now)))
    .all();
  return new Set(rows.map((x) => x.id ?? ""));
}

export async function linkReplyContainer(db: FakeDb, containerId: string, replyToId: string): Promise<void> {
  await db.insert(fakeThreadsReplyLinks).values({ containerId, replyToId }).onConflictDoNothing();
}

export async function replyTargetOf(db: FakeDb, containerId: string): Promise<string | undefined> {
  const row = await db
    .select({ to: fakeThreadsReplyLinks.replyToId })
    .from(fakeThreadsReplyLinks)
    .where(eq(fakeThreadsReplyLinks.containerId, containerId))
    .get();
  return row?.to;
}

/** Replies the user published since `since` (reply_quota_usage). */
export async function countRepliesSince(db: FakeDb, userId: string, since: number): Promise<number> {
  const r = fakeThreadsReplies;
  const row = await db
    .select({ n: count() })
    .from(r)
    .where(and(eq(r.authorId, userId), eq(r.kind, "reply"), gte(r.timestamp, since)))
    .get();
  return row?.n ?? 0;
}
