import { and, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { personas, posts } from "../db/schema/index.ts";
import type { EngagementCounts } from "./queries.ts";
import { lastFollowerSnapshotAt, recordFollowerSnapshot, recordPostMetrics } from "./queries.ts";
import { INSIGHTS_SCHEDULE, isDue, nextInsightsPollAt } from "./schedule.ts";

/** `format: "chain"`: the counts are the sums over the chain's parts (chain-insights.ts). */
export type InsightsTarget = { post_id: string; persona_id: string; threads_media_id: string; format?: string };
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
  /** Only these personas' posts are polled (one page of a fanned-out run); all when absent. */
  postsOf?: string[];
};

export type CollectInsightsResult = {
  posts_due: number;
  posts_polled: number;
  posts_failed: { post_id: string; error: string }[];
  followers_recorded: number;
  followers_failed: { persona_id: string; error: string }[];
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Published posts whose next insights poll is due, most overdue first; of these personas when given. */
export async function duePosts(db: ObsDb, now: number, personaIds?: string[]): Promise<InsightsTarget[]> {
  // Posts older than the stop age only need their final poll; a day of slack covers it.
  const horizon = now - INSIGHTS_SCHEDULE.stopAfterMs - 24 * 3_600_000;
  // Correlated, so each post reads its own newest reading from the (post_id, captured_at) index
  // instead of grouping every reading in the table (docs/scaling.md).
  // (Written out: drizzle renders a column of the outer table unqualified here, which would bind
  // to post_metrics.id.)
  const lastAt = sql<number | null>`(SELECT max(pm.captured_at) FROM post_metrics pm WHERE pm.post_id = "posts"."id")`;
  const rows = await db
    .select({
      post_id: posts.id,
      persona_id: posts.personaId,
      threads_media_id: posts.threadsMediaId,
      format: posts.format,
      published_at: posts.publishedAt,
      last_at: lastAt,
    })
    .from(posts)
    .where(
      and(
        personaIds ? inArray(posts.personaId, personaIds) : undefined,
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
    due.push({
      target: { post_id: r.post_id, persona_id: r.persona_id, threads_media_id: r.threads_media_id, format: r.format },
      at,
    });
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
  const due = await duePosts(db, now, args.postsOf);
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
  const lastAt = await lastFollowerSnapshotAt(db, args.personaIds);
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
