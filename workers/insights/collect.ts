import { and, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { personas, posts } from "../db/schema/index.ts";
import { postMetrics } from "../db/schema/post-metrics.ts";
import type { EngagementCounts } from "./queries.ts";
import { lastFollowerSnapshotAt, recordFollowerSnapshot, recordPostMetrics } from "./queries.ts";
import { INSIGHTS_SCHEDULE, isDue, nextInsightsPollAt } from "./schedule.ts";

export type InsightsTarget = { post_id: string; persona_id: string; threads_media_id: string };
export type FetchPostInsights = (post: InsightsTarget) => Promise<EngagementCounts>;
export type FetchFollowers = (personaId: string) => Promise<number>;

export type CollectInsightsArgs = {
  db: ObsDb;
  fetchPostInsights: FetchPostInsights;
  fetchFollowers: FetchFollowers;
  now: number;
  /** Upper bound on post polls per run: Workers cap subrequests per invocation. */
  maxPosts?: number;
  /** Follower counts move slowly; one snapshot per persona per this interval is plenty. */
  followersEveryMs?: number;
  /** Personas whose followers to snapshot; defaults to every row in `personas`. */
  personaIds?: string[];
};

export type CollectInsightsResult = {
  posts_due: number;
  posts_polled: number;
  posts_failed: { post_id: string; error: string }[];
  followers_recorded: number;
  followers_failed: { persona_id: string; error: string }[];
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Published posts whose next insights poll is due, most overdue first. */
export async function duePosts(db: ObsDb, now: number): Promise<InsightsTarget[]> {
  // Posts older than the stop age only need their final poll; a day of slack covers it.
  const horizon = now - INSIGHTS_SCHEDULE.stopAfterMs - 24 * 3_600_000;
  const lastPoll = db
    .select({ postId: postMetrics.postId, at: sql<number>`max(${postMetrics.capturedAt})`.as("last_at") })
    .from(postMetrics)
    .groupBy(postMetrics.postId)
    .as("last_poll");
  const rows = await db
    .select({
      post_id: posts.id,
      persona_id: posts.personaId,
      threads_media_id: posts.threadsMediaId,
      published_at: posts.publishedAt,
      last_at: lastPoll.at,
    })
    .from(posts)
    .leftJoin(lastPoll, eq(lastPoll.postId, posts.id))
    .where(
      and(
        eq(posts.status, "published"),
        // Imported posts keep the reading taken at import: their insights are the account's past, not our results.
        eq(posts.origin, "generated"),
        // A deleted persona's history: its account (and token) went with it.
        isNull(posts.personaDeletedAt),
        isNotNull(posts.threadsMediaId),
        isNotNull(posts.publishedAt),
        gte(posts.publishedAt, horizon),
      ),
    );
  const due: { target: InsightsTarget; at: number }[] = [];
  for (const r of rows) {
    if (r.published_at === null || r.threads_media_id === null) continue;
    const last = r.last_at ?? null;
    if (!isDue(r.published_at, last, now)) continue;
    const at = nextInsightsPollAt(r.published_at, last, now) ?? now;
    due.push({ target: { post_id: r.post_id, persona_id: r.persona_id, threads_media_id: r.threads_media_id }, at });
  }
  return due.sort((a, b) => a.at - b.at).map((d) => d.target);
}

/**
 * One insights collection run (cron). Fetchers are injected so the job is testable and the
 * Threads client stays outside this module. A failing post or persona is reported and
 * skipped; it stays due and is retried on the next run.
 */
export async function collectInsights(args: CollectInsightsArgs): Promise<CollectInsightsResult> {
  const { db, now } = args;
  const due = await duePosts(db, now);
  const batch = due.slice(0, args.maxPosts ?? 40);
  const result: CollectInsightsResult = {
    posts_due: due.length,
    posts_polled: 0,
    posts_failed: [],
    followers_recorded: 0,
    followers_failed: [],
  };
  for (const post of batch) {
    try {
      const counts = await args.fetchPostInsights(post);
      await recordPostMetrics(db, { post_id: post.post_id, persona_id: post.persona_id, captured_at: now, ...counts });
      result.posts_polled++;
    } catch (e) {
      result.posts_failed.push({ post_id: post.post_id, error: errorText(e) });
    }
  }

  const personaIds = args.personaIds ?? (await db.select({ id: personas.id }).from(personas)).map((p) => p.id);
  const every = args.followersEveryMs ?? 3_600_000;
  const lastAt = await lastFollowerSnapshotAt(db);
  for (const personaId of personaIds) {
    const last = lastAt.get(personaId);
    if (last !== undefined && now + INSIGHTS_SCHEDULE.graceMs < last + every) continue;
    try {
      const followers = await args.fetchFollowers(personaId);
      await recordFollowerSnapshot(db, { persona_id: personaId, captured_at: now, followers_count: followers });
      result.followers_recorded++;
    } catch (e) {
      result.followers_failed.push({ persona_id: personaId, error: errorText(e) });
    }
  }
  return result;
}
