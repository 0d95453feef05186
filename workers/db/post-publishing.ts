// Post state changes made by publishing. Every transition is a conditional UPDATE on the
// current status, so the API, the cron and the publisher can race without undoing each other.
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, notInArray, or } from "drizzle-orm";
import { chunks } from "./chunks.ts";
import type { Db } from "./client.ts";
import { personas, posts, replies, threadsAccounts, type PostRow, type PostStatus } from "./schema/index.ts";

const one = async (q: Promise<{ id: string }[]>): Promise<boolean> => (await q).length > 0;

/** scheduled → publishing: only the caller that wins this may enqueue the post. */
export function claimForPublish(db: Db, id: string, now: number): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ status: "publishing", error: null, updatedAt: now })
      .where(and(eq(posts.id, id), eq(posts.status, "scheduled")))
      .returning({ id: posts.id }),
  );
}

/** scheduled → publishing for many posts, one UPDATE per chunk of ids: returns the ids this call won. */
export async function claimManyForPublish(db: Db, ids: string[], now: number): Promise<Set<string>> {
  const won = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .update(posts)
      .set({ status: "publishing", error: null, updatedAt: now })
      .where(and(inArray(posts.id, part), eq(posts.status, "scheduled")))
      .returning({ id: posts.id });
    for (const r of rows) won.add(r.id);
  }
  return won;
}

/** publishing → scheduled again (their time unchanged) when the queue refused them. */
export async function releaseClaims(db: Db, ids: string[], reason: string, now: number): Promise<void> {
  for (const part of chunks(ids)) {
    await db
      .update(posts)
      .set({ status: "scheduled", error: reason, updatedAt: now })
      .where(and(inArray(posts.id, part), eq(posts.status, "publishing")));
  }
}

/** Marks many posts as just handled (a lost message was re-sent), one UPDATE per chunk. */
export async function touchPosts(db: Db, ids: string[], now: number): Promise<void> {
  for (const part of chunks(ids)) await db.update(posts).set({ updatedAt: now }).where(inArray(posts.id, part));
}

/**
 * Due posts of existing personas whose account is not waiting for a reconnect. The exclusion is
 * a subquery, not a list of ids: D1 allows at most 100 bound parameters per query
 * (https://developers.cloudflare.com/d1/platform/limits/), and one per persona broke at ~98.
 */
export function listDuePosts(db: Db, args: { now: number; limit: number }): Promise<PostRow[]> {
  const needsReauth = db
    .select({ id: threadsAccounts.personaId })
    .from(threadsAccounts)
    .where(eq(threadsAccounts.status, "needs_reauth"));
  return db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.status, "scheduled"),
        lte(posts.scheduledAt, args.now),
        // A post whose persona no longer exists is never sent (issue 10).
        inArray(posts.personaId, db.select({ id: personas.id }).from(personas)),
        notInArray(posts.personaId, needsReauth),
      ),
    )
    .orderBy(asc(posts.scheduledAt))
    .limit(args.limit)
    .all();
}

/** Posts handed to the publisher but untouched since `before`: their message was lost. */
export function listStalePublishing(db: Db, args: { before: number; limit: number }): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.status, "publishing"), lt(posts.updatedAt, args.before)))
    .orderBy(asc(posts.updatedAt))
    .limit(args.limit)
    .all();
}

export async function touchPost(db: Db, id: string, now: number, error?: string): Promise<void> {
  await db
    .update(posts)
    .set(error === undefined ? { updatedAt: now } : { updatedAt: now, error })
    .where(eq(posts.id, id));
}

/** Stores the container id only if none is stored: one container per post, ever in flight. */
export function setContainer(db: Db, id: string, containerId: string, now: number): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ threadsContainerId: containerId, updatedAt: now })
      .where(and(eq(posts.id, id), isNull(posts.threadsContainerId)))
      .returning({ id: posts.id }),
  );
}

/** Swaps (or clears, with null) a container Threads reported ERROR/EXPIRED: never published. */
export function replaceContainer(
  db: Db,
  id: string,
  oldId: string,
  newId: string | null,
  now: number,
): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ threadsContainerId: newId, updatedAt: now })
      .where(and(eq(posts.id, id), eq(posts.threadsContainerId, oldId)))
      .returning({ id: posts.id }),
  );
}

/** `note`: what the user should know about an otherwise successful publish (else cleared). */
export async function markPublished(
  db: Db,
  id: string,
  p: { mediaId: string | null; permalink: string | null; publishedAt: number; note?: string },
  now: number,
): Promise<void> {
  const published = db
    .update(posts)
    .set({
      status: "published",
      threadsMediaId: p.mediaId,
      permalink: p.permalink,
      publishedAt: p.publishedAt,
      error: p.note ?? null,
      updatedAt: now,
    })
    .where(eq(posts.id, id));
  if (!p.mediaId) {
    await published;
    return;
  }
  // Replies can arrive (by webhook) before this row knows its media id: they join the post now.
  await db.batch([
    published,
    db
      .update(replies)
      .set({ postId: id })
      .where(and(eq(replies.rootThreadsId, p.mediaId), isNull(replies.postId))),
  ]);
}

export function markFailed(db: Db, id: string, reason: string, now: number): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ status: "failed", error: reason, updatedAt: now })
      .where(and(eq(posts.id, id), inArray(posts.status, ["scheduled", "publishing"])))
      .returning({ id: posts.id }),
  );
}

/** publishing → scheduled at `at` (quota full, account on hold): the cron sends it again then. */
export function deferPost(db: Db, id: string, at: number, reason: string, now: number): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ status: "scheduled", scheduledAt: at, error: reason, updatedAt: now })
      .where(and(eq(posts.id, id), eq(posts.status, "publishing")))
      .returning({ id: posts.id }),
  );
}

const MOVABLE: PostStatus[] = ["draft", "scheduled", "failed"];

/**
 * Manual schedule or "publish now": from draft, scheduled or failed; never while in flight or
 * done, and never for a persona that no longer exists. A time picked by hand is not a slot.
 */
export async function schedulePost(db: Db, id: string, at: number, now: number): Promise<PostRow | null> {
  const rows = await db
    .update(posts)
    .set({ status: "scheduled", scheduledAt: at, scheduleSlot: false, error: null, updatedAt: now })
    .where(
      and(
        eq(posts.id, id),
        inArray(posts.status, MOVABLE),
        inArray(posts.personaId, db.select({ id: personas.id }).from(personas)),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * Back to draft from scheduled or failed; a chain also from publishing, which stops it before its
 * next part (publish-chain.ts checks the status before each container and publish call). Its
 * published parts stay on Threads, and publishing it again posts the rest as replies.
 */
export async function unschedulePost(db: Db, id: string, now: number): Promise<PostRow | null> {
  const rows = await db
    .update(posts)
    .set({ status: "draft", scheduledAt: null, updatedAt: now })
    .where(
      and(
        eq(posts.id, id),
        or(
          inArray(posts.status, ["scheduled", "failed"]),
          and(eq(posts.status, "publishing"), eq(posts.format, "chain")),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Instants already used by the persona's posts from `from` on (slots to skip). */
export async function takenSlotTimes(db: Db, personaId: string, from: number): Promise<number[]> {
  const rows = await db
    .select({ at: posts.scheduledAt })
    .from(posts)
    .where(
      and(
        eq(posts.personaId, personaId),
        inArray(posts.status, ["scheduled", "publishing", "published"]),
        gte(posts.scheduledAt, from),
      ),
    )
    .all();
  return rows.flatMap((r) => (r.at === null ? [] : [r.at]));
}

export function listUpcomingPosts(db: Db, personaId: string, from: number, limit: number): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.personaId, personaId),
        inArray(posts.status, ["scheduled", "publishing"]),
        gte(posts.scheduledAt, from),
      ),
    )
    .orderBy(asc(posts.scheduledAt))
    .limit(limit)
    .all();
}

/** Scheduled posts of the persona still to come whose time is a slot of its schedule, soonest first. */
export function listSlotPosts(
  db: Db,
  personaId: string,
  after: number,
): Promise<{ id: string; scheduledAt: number | null }[]> {
  return db
    .select({ id: posts.id, scheduledAt: posts.scheduledAt })
    .from(posts)
    .where(
      and(
        eq(posts.personaId, personaId),
        eq(posts.status, "scheduled"),
        eq(posts.scheduleSlot, true),
        gt(posts.scheduledAt, after),
      ),
    )
    .orderBy(asc(posts.scheduledAt))
    .all();
}

/** Moves a still-scheduled post from `from` to `to`; false if it changed meanwhile (claimed, rescheduled). */
export function moveScheduledPost(db: Db, id: string, from: number, to: number, now: number): Promise<boolean> {
  return one(
    db
      .update(posts)
      .set({ scheduledAt: to, updatedAt: now })
      .where(and(eq(posts.id, id), eq(posts.status, "scheduled"), eq(posts.scheduledAt, from)))
      .returning({ id: posts.id }),
  );
}
