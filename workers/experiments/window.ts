// A post's engagement rate at the decision window: the insights reading nearest to
// published_at + window (within ±1 h, the polling interval at that age). The experiments' metric
// and the score model's training target are the same number.
import { and, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { postMetrics, posts } from "../db/schema/index.ts";

const HOUR = 3_600_000;

export async function postWindowEr(db: Db, postId: string, windowHours: number, now: number): Promise<number | null> {
  const post = await db.select({ publishedAt: posts.publishedAt }).from(posts).where(eq(posts.id, postId)).get();
  if (!post?.publishedAt) return null;
  const target = post.publishedAt + windowHours * HOUR;
  if (now < target - HOUR) return null;
  const rows = await db
    .select()
    .from(postMetrics)
    .where(
      and(
        eq(postMetrics.postId, postId),
        gte(postMetrics.capturedAt, target - HOUR),
        lte(postMetrics.capturedAt, Math.min(now, target + HOUR)),
      ),
    )
    .all();
  const best = rows.sort((a, b) => Math.abs(a.capturedAt - target) - Math.abs(b.capturedAt - target))[0];
  if (!best || best.views <= 0) return null;
  return (best.likes + best.replies + best.reposts + best.quotes + best.shares) / best.views;
}
