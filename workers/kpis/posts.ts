import { and, desc, eq, lt, or } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { badRequest } from "../errors.ts";
import { posts } from "../db/schema/index.ts";
import type { EngagementCounts } from "../insights/queries.ts";
import { interactionsOf, latestPostMetrics } from "../insights/queries.ts";
import { ratio } from "./stats.ts";

export type PostMetricsView = EngagementCounts & { engagement_rate: number | null; captured_at: number };

export type PostWithMetrics = {
  id: string;
  persona_id: string;
  hook: string | null;
  text: string | null;
  status: string;
  cost_usd: number | null;
  permalink: string | null;
  published_at: number | null;
  created_at: number;
  metrics: PostMetricsView | null;
};

// Cursor = "<created_at>:<id>" of the last row: stable under inserts, unlike an offset.
const encodeCursor = (p: { created_at: number; id: string }) => `${p.created_at}:${p.id}`;
function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const i = cursor.indexOf(":");
  const createdAt = Number(cursor.slice(0, i));
  return i > 0 && Number.isInteger(createdAt) ? { createdAt, id: cursor.slice(i + 1) } : null;
}

/** Newest posts first, each with its latest insights reading (metrics null when never polled). */
export async function listPostsWithMetrics(
  db: ObsDb,
  args: { limit?: number; cursor?: string | undefined; personaId?: string | undefined },
): Promise<{ data: PostWithMetrics[]; next_cursor: string | null }> {
  const limit = Math.min(Math.max(args.limit ?? 20, 1), 100);
  const after = args.cursor === undefined ? null : decodeCursor(args.cursor);
  if (args.cursor !== undefined && after === null) throw badRequest("cursor", "not a cursor from this API");
  const rows = await db
    .select({
      id: posts.id,
      persona_id: posts.personaId,
      hook: posts.hook,
      text: posts.text,
      status: posts.status,
      cost_usd: posts.costUsd,
      permalink: posts.permalink,
      published_at: posts.publishedAt,
      created_at: posts.createdAt,
    })
    .from(posts)
    .where(
      and(
        args.personaId === undefined ? undefined : eq(posts.personaId, args.personaId),
        after === null
          ? undefined
          : or(
              lt(posts.createdAt, after.createdAt),
              and(eq(posts.createdAt, after.createdAt), lt(posts.id, after.id)),
            ),
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const latest = await latestPostMetrics(db, { postIds: page.map((p) => p.id) });
  const data = page.map((p): PostWithMetrics => {
    const m = latest.get(p.id);
    return {
      ...p,
      metrics: m
        ? {
            views: m.views, likes: m.likes, replies: m.replies, reposts: m.reposts, quotes: m.quotes, shares: m.shares,
            captured_at: m.captured_at,
            engagement_rate: ratio(interactionsOf(m), m.views),
          }
        : null,
    };
  });
  const last = page[page.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}
