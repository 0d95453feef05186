// A chain's insights: each part is its own Threads post with its own counts (GET /{media-id}/insights
// per part). Each part's latest reading is kept on its row (post_parts), and the post's reading,
// which the KPIs, the experiments and the score read, is their sum: the chain's reach is the
// reach of all its parts.
import type { Db } from "../db/client.ts";
import { listParts, recordPartMetrics } from "../db/post-parts.ts";
import type { EngagementCounts } from "./queries.ts";

const ZERO: EngagementCounts = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };

export function sumCounts(xs: readonly EngagementCounts[]): EngagementCounts {
  return xs.reduce(
    (a, m) => ({
      views: a.views + m.views,
      likes: a.likes + m.likes,
      replies: a.replies + m.replies,
      reposts: a.reposts + m.reposts,
      quotes: a.quotes + m.quotes,
      shares: a.shares + m.shares,
    }),
    ZERO,
  );
}

/** Reads every published part (a failing one fails the whole reading, so the sum is never partial). */
export async function chainInsights(
  db: Db,
  postId: string,
  fetch: (mediaId: string) => Promise<EngagementCounts>,
  now: number,
): Promise<EngagementCounts> {
  const parts = (await listParts(db, postId)).filter((p) => p.threadsMediaId !== null);
  const counts = await Promise.all(parts.map((p) => fetch(p.threadsMediaId ?? "")));
  for (const [i, p] of parts.entries()) await recordPartMetrics(db, postId, p.seq, counts[i] ?? ZERO, now);
  return sumCounts(counts);
}
