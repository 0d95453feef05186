import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { followerSnapshots } from "../db/schema/follower-snapshots.ts";
import { postMetrics } from "../db/schema/post-metrics.ts";
import type { PostInsights } from "../providers/threads/types.ts";

/** The six counts Threads reports per post (GET /{media-id}/insights). */
export type EngagementCounts = PostInsights;

export type PostMetricsSnapshot = EngagementCounts & {
  post_id: string;
  persona_id: string;
  captured_at: number;
};

export type FollowerSnapshot = { persona_id: string; captured_at: number; followers_count: number };

export const interactionsOf = (m: EngagementCounts): number => m.likes + m.replies + m.reposts + m.quotes + m.shares;

const snapshotColumns = {
  post_id: postMetrics.postId,
  persona_id: postMetrics.personaId,
  captured_at: postMetrics.capturedAt,
  views: postMetrics.views,
  likes: postMetrics.likes,
  replies: postMetrics.replies,
  reposts: postMetrics.reposts,
  quotes: postMetrics.quotes,
  shares: postMetrics.shares,
};

/** Stores one insights reading. A second reading at the same instant replaces the first. */
export async function recordPostMetrics(db: ObsDb, s: PostMetricsSnapshot): Promise<void> {
  const values = {
    postId: s.post_id,
    personaId: s.persona_id,
    capturedAt: s.captured_at,
    views: s.views,
    likes: s.likes,
    replies: s.replies,
    reposts: s.reposts,
    quotes: s.quotes,
    shares: s.shares,
  };
  const { postId: _p, capturedAt: _c, ...counts } = values;
  await db
    .insert(postMetrics)
    .values(values)
    .onConflictDoUpdate({ target: [postMetrics.postId, postMetrics.capturedAt], set: counts });
}

export async function recordFollowerSnapshot(db: ObsDb, s: FollowerSnapshot): Promise<void> {
  await db
    .insert(followerSnapshots)
    .values({ personaId: s.persona_id, capturedAt: s.captured_at, followersCount: s.followers_count })
    .onConflictDoUpdate({
      target: [followerSnapshots.personaId, followerSnapshots.capturedAt],
      set: { followersCount: s.followers_count },
    });
}

/** A post's series, oldest first. */
export async function listPostMetrics(
  db: ObsDb,
  args: { postId: string; since?: number; until?: number },
): Promise<PostMetricsSnapshot[]> {
  return db
    .select(snapshotColumns)
    .from(postMetrics)
    .where(
      and(
        eq(postMetrics.postId, args.postId),
        args.since === undefined ? undefined : gte(postMetrics.capturedAt, args.since),
        args.until === undefined ? undefined : lte(postMetrics.capturedAt, args.until),
      ),
    )
    .orderBy(asc(postMetrics.capturedAt));
}

/** The latest reading (at or before `asOf`) of each given post; posts never polled are absent. */
export async function latestPostMetrics(
  db: ObsDb,
  args: { postIds: string[]; asOf?: number },
): Promise<Map<string, PostMetricsSnapshot>> {
  const out = new Map<string, PostMetricsSnapshot>();
  // D1 caps bound parameters per statement at 100; stay well under it.
  for (let i = 0; i < args.postIds.length; i += 90) {
    const ids = args.postIds.slice(i, i + 90);
    const asOf = args.asOf ?? Number.MAX_SAFE_INTEGER;
    const latest = db
      .select({ postId: postMetrics.postId, at: sql<number>`max(${postMetrics.capturedAt})`.as("at") })
      .from(postMetrics)
      .where(and(inArray(postMetrics.postId, ids), lte(postMetrics.capturedAt, asOf)))
      .groupBy(postMetrics.postId)
      .as("latest");
    const rows = await db
      .select(snapshotColumns)
      .from(postMetrics)
      .innerJoin(latest, and(eq(latest.postId, postMetrics.postId), eq(latest.at, postMetrics.capturedAt)));
    for (const r of rows) out.set(r.post_id, r);
  }
  return out;
}

/** A persona's follower counts in [since, until], oldest first. */
export async function listFollowerSnapshots(
  db: ObsDb,
  args: { personaId: string; since?: number; until?: number },
): Promise<FollowerSnapshot[]> {
  return db
    .select({
      persona_id: followerSnapshots.personaId,
      captured_at: followerSnapshots.capturedAt,
      followers_count: followerSnapshots.followersCount,
    })
    .from(followerSnapshots)
    .where(
      and(
        eq(followerSnapshots.personaId, args.personaId),
        args.since === undefined ? undefined : gte(followerSnapshots.capturedAt, args.since),
        args.until === undefined ? undefined : lte(followerSnapshots.capturedAt, args.until),
      ),
    )
    .orderBy(asc(followerSnapshots.capturedAt));
}

/** Most recent follower snapshot time per persona (for the follower polling cadence). */
export async function lastFollowerSnapshotAt(db: ObsDb, personaIds?: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ personaId: followerSnapshots.personaId, at: sql<number>`max(${followerSnapshots.capturedAt})` })
    .from(followerSnapshots)
    .where(personaIds ? inArray(followerSnapshots.personaId, personaIds) : undefined)
    .groupBy(followerSnapshots.personaId);
  return new Map(rows.map((r) => [r.personaId, r.at]));
}
