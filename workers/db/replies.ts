// D1 access for the replies inbox (workers/db/schema/replies.ts): small query functions.
import { type SQL, and, count, desc, eq, gte, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { posts, replies, threadsAccounts, webhookDeliveries, type ReplyRow, type ReplyStatus } from "./schema/index.ts";

export type NewReply = Omit<ReplyRow, "createdAt" | "updatedAt">;

/** Inserts unless the persona already has this Threads reply; returns the row only when new. */
export async function insertReply(db: Db, row: NewReply, now: number): Promise<ReplyRow | null> {
  const rows = await db
    .insert(replies)
    .values({ ...row, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export function getReply(db: Db, id: string): Promise<ReplyRow | undefined> {
  return db.select().from(replies).where(eq(replies.id, id)).get();
}

export function getReplyByThreadsId(db: Db, personaId: string, threadsId: string): Promise<ReplyRow | undefined> {
  return db
    .select()
    .from(replies)
    .where(and(eq(replies.personaId, personaId), eq(replies.threadsId, threadsId)))
    .get();
}

export interface ReplyCursor {
  createdAt: number;
  id: string;
}

/** Newest first, cursor-paged by (created_at, id). */
export async function listReplyPage(
  db: Db,
  q: { personaId?: string; postId?: string; status?: ReplyStatus; limit: number; cursor?: ReplyCursor },
): Promise<{ rows: ReplyRow[]; next: ReplyCursor | null }> {
  const conds: SQL[] = [];
  if (q.personaId) conds.push(eq(replies.personaId, q.personaId));
  if (q.postId) conds.push(eq(replies.postId, q.postId));
  if (q.status) conds.push(eq(replies.status, q.status));
  if (q.cursor) {
    const c = q.cursor;
    conds.push(
      or(lt(replies.createdAt, c.createdAt), and(eq(replies.createdAt, c.createdAt), lt(replies.id, c.id))) ?? sql`1`,
    );
  }
  const rows = await db
    .select()
    .from(replies)
    .where(and(...conds))
    .orderBy(desc(replies.createdAt), desc(replies.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > q.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/**
 * Moves a reply from one of `from` to `to` with `patch`, in one conditional UPDATE: two
 * operators (or an operator and the auto mode) racing, only one wins. Returns the new row.
 */
export async function transitionReply(
  db: Db,
  id: string,
  from: readonly ReplyStatus[],
  to: ReplyStatus,
  patch: Partial<Pick<ReplyRow, "answerText" | "answerSource" | "error" | "answeredAt" | "answerThreadsId">>,
  now: number,
): Promise<ReplyRow | null> {
  const rows = await db
    .update(replies)
    .set({ ...patch, status: to, updatedAt: now })
    .where(and(eq(replies.id, id), inArray(replies.status, [...from])))
    .returning();
  return rows[0] ?? null;
}

export async function updateReply(
  db: Db,
  id: string,
  patch: Partial<Omit<ReplyRow, "id" | "createdAt">>,
  now: number,
): Promise<void> {
  await db
    .update(replies)
    .set({ ...patch, updatedAt: now })
    .where(eq(replies.id, id));
}

/** Stores the answer's container before threads_publish (only when none is stored yet). */
export async function setAnswerContainer(db: Db, id: string, containerId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(replies)
    .set({ answerContainerId: containerId, updatedAt: now })
    .where(and(eq(replies.id, id), sql`${replies.answerContainerId} IS NULL`))
    .returning({ id: replies.id });
  return rows.length > 0;
}

/** Answers the persona published since `since`, plus those being sent (auto mode's hourly limit). */
export async function countAnswersSince(db: Db, personaId: string, since: number): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(replies)
    .where(
      and(
        eq(replies.personaId, personaId),
        // Answers still being sent count too: a burst of drafts must not all pass before one is out.
        or(and(isNotNull(replies.answeredAt), gte(replies.answeredAt, since)), eq(replies.status, "queued")),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** Answers queued or published in one conversation (auto mode's per-conversation limit). */
export async function countAnswersInConversation(db: Db, personaId: string, rootThreadsId: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(replies)
    .where(
      and(
        eq(replies.personaId, personaId),
        eq(replies.rootThreadsId, rootThreadsId),
        inArray(replies.status, ["queued", "answered"]),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** An answer with this exact text the persona already sent or queued (dedup of answers). */
export async function findSameAnswer(db: Db, personaId: string, text: string, exceptId: string) {
  return db
    .select({ id: replies.id })
    .from(replies)
    .where(
      and(
        eq(replies.personaId, personaId),
        eq(replies.answerText, text),
        inArray(replies.status, ["queued", "answered"]),
        sql`${replies.id} <> ${exceptId}`,
      ),
    )
    .get();
}

/** Records a webhook delivery once; false when this exact delivery was seen before. */
export async function recordDelivery(db: Db, id: string, field: string, now: number): Promise<boolean> {
  const rows = await db
    .insert(webhookDeliveries)
    .values({ id, field, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/** The persona whose linked account is this Threads user (webhook target_id, root_post.owner_id). */
export async function accountByThreadsUser(db: Db, threadsUserId: string) {
  return db.select().from(threadsAccounts).where(eq(threadsAccounts.threadsUserId, threadsUserId)).get();
}

/** Our post with this Threads media id, if it is one of the persona's. */
export async function postByMediaId(db: Db, personaId: string, mediaId: string) {
  return db
    .select({ id: posts.id, text: posts.text })
    .from(posts)
    .where(and(eq(posts.personaId, personaId), eq(posts.threadsMediaId, mediaId)))
    .get();
}

/** Whether this Threads id is one of the persona's own answers. */
export async function isOwnAnswer(db: Db, personaId: string, threadsId: string): Promise<boolean> {
  const row = await db
    .select({ id: replies.id })
    .from(replies)
    .where(and(eq(replies.personaId, personaId), eq(replies.answerThreadsId, threadsId)))
    .get();
  return row !== undefined;
}

/** Which of these Threads ids the persona's inbox (or its answers) already holds: polling skips them. */
export async function knownThreadsIds(db: Db, personaId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ a: replies.threadsId, b: replies.answerThreadsId })
    .from(replies)
    .where(
      and(eq(replies.personaId, personaId), or(inArray(replies.threadsId, ids), inArray(replies.answerThreadsId, ids))),
    )
    .all();
  return new Set(rows.flatMap((r) => [r.a, r.b ?? ""]));
}

/** The persona's newest posts published since `since` that have a Threads media id (polling). */
export async function recentPublishedMedia(db: Db, personaId: string, since: number, limit: number) {
  return db
    .select({ mediaId: posts.threadsMediaId })
    .from(posts)
    .where(
      and(
        eq(posts.personaId, personaId),
        eq(posts.status, "published"),
        isNotNull(posts.threadsMediaId),
        gte(posts.publishedAt, since),
      ),
    )
    .orderBy(desc(posts.publishedAt))
    .limit(limit)
    .all();
}

/** Active linked accounts, least recently polled first is not tracked: by persona id, capped. */
/**
 * `limit` active accounts, page `round` of a rotation over all of them (by persona id, wrapping
 * around), so that with more accounts than one tick polls, each still gets its turn.
 */
export async function activeAccounts(db: Db, limit: number, round = 0) {
  const active = eq(threadsAccounts.status, "active");
  const total = (await db.select({ n: count() }).from(threadsAccounts).where(active).get())?.n ?? 0;
  if (total === 0) return [];
  const page = (offset: number, n: number) =>
    db.select().from(threadsAccounts).where(active).orderBy(threadsAccounts.personaId).limit(n).offset(offset).all();
  if (total <= limit) return page(0, limit);
  const start = (round * limit) % total;
  const first = await page(start, limit);
  return first.length < limit ? [...first, ...(await page(0, limit - first.length))] : first;
}
