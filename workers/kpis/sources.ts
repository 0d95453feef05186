import { sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";

// The raw inputs of the KPIs for one window, per persona. Each query is one SQL statement so
// a /v1/kpis call or a /metrics scrape costs a handful of D1 reads whatever the post count.

export type WindowBounds = { start: number; end: number; personaId?: string | undefined };

export type PostEngagementRow = {
  post_id: string;
  persona_id: string;
  hook: string | null;
  published_at: number;
  captured_at: number;
  views: number;
  interactions: number;
};

export type FollowerEndpoints = {
  persona_id: string;
  first: number;
  last: number;
  first_at: number;
  last_at: number;
  snapshots: number;
};

export type PersonaSpend = {
  persona_id: string;
  cost_usd: number;
  posts_created: number;
  prompt_tokens: number;
  completion_tokens: number;
};

const personaFilter = (column: string, personaId: string | undefined) =>
  personaId === undefined ? sql`` : sql` AND ${sql.raw(column)} = ${personaId}`;

/** Posts published in the window with their latest insights reading as of the window end. */
export async function postsWithLatestEngagement(db: ObsDb, w: WindowBounds): Promise<PostEngagementRow[]> {
  return db.all<PostEngagementRow>(sql`
    SELECT p.id AS post_id, p.persona_id, p.hook, p.published_at, m.captured_at, m.views,
           (m.likes + m.replies + m.reposts + m.quotes + m.shares) AS interactions
    FROM posts p
    JOIN post_metrics m ON m.post_id = p.id
    WHERE p.status = 'published' AND p.origin = 'generated' AND p.published_at >= ${w.start} AND p.published_at <= ${w.end}
      ${personaFilter("p.persona_id", w.personaId)}
      AND m.captured_at = (SELECT max(m2.captured_at) FROM post_metrics m2
                           WHERE m2.post_id = p.id AND m2.captured_at <= ${w.end})`);
}

/** First and last follower snapshot of each persona inside the window. */
export async function followerEndpoints(db: ObsDb, w: WindowBounds): Promise<FollowerEndpoints[]> {
  const rows = await db.all<{
    persona_id: string;
    captured_at: number;
    followers_count: number;
    rn_first: number;
    rn_last: number;
    n: number;
  }>(sql`
    SELECT persona_id, captured_at, followers_count, rn_first, rn_last, n FROM (
      SELECT persona_id, captured_at, followers_count,
             row_number() OVER (PARTITION BY persona_id ORDER BY captured_at ASC) AS rn_first,
             row_number() OVER (PARTITION BY persona_id ORDER BY captured_at DESC) AS rn_last,
             count(*) OVER (PARTITION BY persona_id) AS n
      FROM follower_snapshots
      WHERE captured_at >= ${w.start} AND captured_at <= ${w.end}
        ${personaFilter("persona_id", w.personaId)}
    ) WHERE rn_first = 1 OR rn_last = 1`);
  const out = new Map<string, FollowerEndpoints>();
  for (const r of rows) {
    const e = out.get(r.persona_id) ?? {
      persona_id: r.persona_id,
      first: 0,
      last: 0,
      first_at: 0,
      last_at: 0,
      snapshots: r.n,
    };
    if (r.rn_first === 1) Object.assign(e, { first: r.followers_count, first_at: r.captured_at });
    if (r.rn_last === 1) Object.assign(e, { last: r.followers_count, last_at: r.captured_at });
    out.set(r.persona_id, e);
  }
  return [...out.values()];
}

/** LLM spend of posts created in the window (every status: a rejected draft still cost money). */
export async function spendByPersona(db: ObsDb, w: WindowBounds): Promise<PersonaSpend[]> {
  return db.all<PersonaSpend>(sql`
    SELECT persona_id, coalesce(sum(cost_usd), 0) AS cost_usd, count(*) AS posts_created,
           coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
           coalesce(sum(completion_tokens), 0) AS completion_tokens
    FROM posts
    WHERE origin = 'generated' AND created_at >= ${w.start} AND created_at <= ${w.end} ${personaFilter("persona_id", w.personaId)}
    GROUP BY persona_id`);
}

export async function publishedByPersona(db: ObsDb, w: WindowBounds): Promise<Map<string, number>> {
  const rows = await db.all<{ persona_id: string; n: number }>(sql`
    SELECT persona_id, count(*) AS n FROM posts
    WHERE status = 'published' AND origin = 'generated' AND published_at >= ${w.start} AND published_at <= ${w.end}
      ${personaFilter("persona_id", w.personaId)}
    GROUP BY persona_id`);
  return new Map(rows.map((r) => [r.persona_id, r.n]));
}
