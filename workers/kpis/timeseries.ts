import { sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { DAY_MS, ratio, utcDate, utcDayStart } from "./stats.ts";

// Daily series for the dashboard charts (UTC days, oldest first, every day present).
// views/interactions are what was *earned that day*: for each post, its last insights
// reading of the day minus its last reading of an earlier day, summed over posts. Insights
// are cumulative, so this is the only way to get activity per day rather than lifetime totals.
// (After 48 h posts are polled daily, so their growth lands on the poll's day.)
// cost_usd: LLM spend of posts created that day. followers: Σ over personas of the last
// follower count known at the end of that day (carried forward across days without a snapshot).

export type TimeseriesDay = {
  date: string;
  engagement_rate: number | null;
  views: number;
  interactions: number;
  cost_usd: number;
  followers: number | null;
};

// Polls stop 30 days after publishing, so a reading older than this cannot be the baseline
// of a post still moving inside the window.
const LOOKBACK_MS = 31 * DAY_MS;

export async function kpiTimeseries(
  db: ObsDb,
  args: { personaId?: string | undefined; windowDays: number; now: number },
): Promise<{ days: TimeseriesDay[] }> {
  const firstDay = utcDate(args.now - (args.windowDays - 1) * DAY_MS);
  const start = utcDayStart(firstDay);
  const persona = (col: string) =>
    args.personaId === undefined ? sql`` : sql` AND ${sql.raw(col)} = ${args.personaId}`;
  const dayOf = (col: string) => sql.raw(`date(${col} / 1000, 'unixepoch')`);

  const [engagement, costs, followers] = await Promise.all([
    db.all<{ day: string; views: number; interactions: number }>(sql`
      WITH last_of_day AS (
        SELECT post_id, day, views, interactions FROM (
          SELECT post_id, ${dayOf("captured_at")} AS day, views,
                 likes + replies + reposts + quotes + shares AS interactions,
                 row_number() OVER (PARTITION BY post_id, ${dayOf("captured_at")} ORDER BY captured_at DESC) AS rn
          FROM post_metrics
          WHERE captured_at >= ${start - LOOKBACK_MS} AND captured_at <= ${args.now} ${persona("persona_id")}
            AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = post_metrics.post_id AND p.origin = 'imported')
        ) WHERE rn = 1
      ), deltas AS (
        SELECT day,
               views - coalesce(lag(views) OVER (PARTITION BY post_id ORDER BY day), 0) AS dv,
               interactions - coalesce(lag(interactions) OVER (PARTITION BY post_id ORDER BY day), 0) AS di
        FROM last_of_day
      )
      SELECT day, sum(dv) AS views, sum(di) AS interactions FROM deltas WHERE day >= ${firstDay} GROUP BY day`),
    db.all<{ day: string; cost_usd: number }>(sql`
      SELECT ${dayOf("created_at")} AS day, coalesce(sum(cost_usd), 0) AS cost_usd FROM posts
      WHERE origin = 'generated' AND created_at >= ${start} AND created_at <= ${args.now} ${persona("persona_id")}
      GROUP BY day`),
    db.all<{ persona_id: string; day: string; followers_count: number }>(sql`
      SELECT persona_id, day, followers_count FROM (
        SELECT persona_id, ${dayOf("captured_at")} AS day, followers_count,
               row_number() OVER (PARTITION BY persona_id, ${dayOf("captured_at")} ORDER BY captured_at DESC) AS rn
        FROM follower_snapshots
        WHERE captured_at >= ${start - LOOKBACK_MS} AND captured_at <= ${args.now} ${persona("persona_id")}
      ) WHERE rn = 1 ORDER BY day`),
  ]);

  const engByDay = new Map(engagement.map((r) => [r.day, r]));
  const costByDay = new Map(costs.map((r) => [r.day, r.cost_usd]));
  // persona -> (day -> count); carried forward below.
  const followerDays = new Map<string, Map<string, number>>();
  for (const r of followers) {
    const m = followerDays.get(r.persona_id) ?? new Map<string, number>();
    m.set(r.day, r.followers_count);
    followerDays.set(r.persona_id, m);
  }
  const carried = new Map<string, number>();
  for (const [personaId, byDay] of followerDays) {
    for (const [day, n] of byDay) if (day < firstDay) carried.set(personaId, n);
  }

  const days: TimeseriesDay[] = [];
  for (let i = 0; i < args.windowDays; i++) {
    const date = utcDate(start + i * DAY_MS);
    for (const [personaId, byDay] of followerDays) {
      const n = byDay.get(date);
      if (n !== undefined) carried.set(personaId, n);
    }
    const e = engByDay.get(date);
    const views = e?.views ?? 0;
    const interactions = e?.interactions ?? 0;
    days.push({
      date,
      engagement_rate: ratio(interactions, views),
      views,
      interactions,
      cost_usd: costByDay.get(date) ?? 0,
      followers: carried.size === 0 ? null : [...carried.values()].reduce((s, n) => s + n, 0),
    });
  }
  return { days };
}
