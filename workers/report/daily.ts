import { and, gt, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import { alerts } from "../db/schema/alerts.ts";
import { TERMINAL_TASK_STATUSES } from "../db/schema/tasks.ts";
import type { AlertView } from "../alerts/queries.ts";
import { badRequest } from "../errors.ts";
import { toAlertView } from "../alerts/queries.ts";
import { postsWithLatestEngagement } from "../kpis/sources.ts";
import { DAY_MS, percentile, ratio, utcDayStart } from "../kpis/stats.ts";
import { type ReplyKpis, replyKpis, replyStats } from "../kpis/replies.ts";

// The morning check in one call, for one UTC day:
// - tasks: tasks *created* that day by status; success_rate = succeeded / finished (terminal)
//   tasks, failure_rate = failed / finished; both null when nothing finished.
// - latency: p50/p95 (nearest rank) of created → finished for that day's succeeded tasks.
// - costs: LLM spend and tokens of posts created that day, per persona.
// - alerts: incidents that fired that day, and those still open at the end of the day.
// - engagement: posts published in the 7 days ending that day, ranked by engagement rate at
//   their latest reading as of the end of the day (a day-old post has too few views alone);
//   posts under min_views are not ranked, so a 3-view post cannot top the list.
// - replies: that day's replies received, reply rate, our response time, answers sent
//   (kpis/replies.ts, over the one day).

export type RankedPost = {
  post_id: string;
  persona_id: string;
  hook: string | null;
  published_at: number;
  views: number;
  interactions: number;
  engagement_rate: number;
};

export type DailyReport = {
  date: string;
  window: { start: number; end: number };
  tasks: {
    total: number;
    by_status: Record<string, number>;
    finished: number;
    success_rate: number | null;
    failure_rate: number | null;
  };
  latency: { samples: number; p50_ms: number | null; p95_ms: number | null; max_ms: number | null };
  costs: {
    llm_usd: number;
    prompt_tokens: number;
    completion_tokens: number;
    posts_created: number;
    by_persona: { persona_id: string; cost_usd: number; posts_created: number }[];
  };
  posts: { published: number; failed: number };
  alerts: { fired: AlertView[]; open_at_end: AlertView[] };
  engagement: { ranked_posts: number; min_views: number; top: RankedPost[]; bottom: RankedPost[] };
  replies: ReplyKpis;
};

const TERMINAL = new Set<string>(TERMINAL_TASK_STATUSES);

export async function buildDailyReport(
  db: ObsDb,
  args: { date: string; personaId?: string | undefined; topN?: number; minViews?: number },
): Promise<DailyReport> {
  let start: number;
  try {
    start = utcDayStart(args.date);
  } catch {
    throw badRequest("date", "expected YYYY-MM-DD");
  }
  const end = start + DAY_MS - 1;
  const persona = args.personaId === undefined ? sql`` : sql` AND persona_id = ${args.personaId}`;
  const topN = args.topN ?? 3;
  const minViews = args.minViews ?? 50;

  const [taskRows, spendRows, postRows, alertRows, engagement, replyRows] = await Promise.all([
    db.all<{ status: string; created_at: number; finished_at: number | null }>(sql`
      SELECT status, created_at, finished_at FROM tasks WHERE created_at >= ${start} AND created_at <= ${end} ${persona}`),
    db.all<{
      persona_id: string;
      cost_usd: number;
      posts_created: number;
      prompt_tokens: number;
      completion_tokens: number;
    }>(sql`
      SELECT persona_id, coalesce(sum(cost_usd), 0) AS cost_usd, count(*) AS posts_created,
             coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens
      FROM posts WHERE origin = 'generated' AND created_at >= ${start} AND created_at <= ${end} ${persona}
      GROUP BY persona_id ORDER BY cost_usd DESC`),
    db.all<{ published: number; failed: number }>(sql`
      SELECT coalesce(sum(status = 'published' AND published_at >= ${start} AND published_at <= ${end}), 0) AS published,
             coalesce(sum(status = 'failed' AND coalesce(scheduled_at, created_at) >= ${start}
                           AND coalesce(scheduled_at, created_at) <= ${end}), 0) AS failed
      FROM posts WHERE origin = 'generated' ${persona}`),
    db
      .select()
      .from(alerts)
      .where(
        and(
          lte(alerts.firstFiredAt, end),
          or(gte(alerts.firstFiredAt, start), isNull(alerts.resolvedAt), gt(alerts.resolvedAt, end)),
        ),
      )
      .orderBy(alerts.firstFiredAt),
    postsWithLatestEngagement(db, { start: end - 7 * DAY_MS, end, personaId: args.personaId }),
    replyStats(db, { start, end, personaId: args.personaId }),
  ]);

  const byStatus: Record<string, number> = {};
  for (const t of taskRows) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const finished = taskRows.filter((t) => TERMINAL.has(t.status)).length;
  const durations = taskRows
    .filter((t) => t.status === "succeeded" && t.finished_at !== null)
    .map((t) => (t.finished_at ?? t.created_at) - t.created_at);

  const ranked: RankedPost[] = engagement
    .filter((p) => p.views >= minViews)
    .map((p) => ({
      post_id: p.post_id,
      persona_id: p.persona_id,
      hook: p.hook,
      published_at: p.published_at,
      views: p.views,
      interactions: p.interactions,
      engagement_rate: p.interactions / p.views,
    }))
    .sort((a, b) => b.engagement_rate - a.engagement_rate || b.views - a.views);
  const top = ranked.slice(0, topN);
  // Bottom never repeats a top post when there are fewer than 2 × topN ranked posts.
  const bottom = ranked.slice(Math.max(top.length, ranked.length - topN)).reverse();

  const views = alertRows.map(toAlertView);
  return {
    date: args.date,
    window: { start, end },
    tasks: {
      total: taskRows.length,
      by_status: byStatus,
      finished,
      success_rate: ratio(byStatus.succeeded ?? 0, finished),
      failure_rate: ratio(byStatus.failed ?? 0, finished),
    },
    latency: {
      samples: durations.length,
      p50_ms: percentile(durations, 0.5),
      p95_ms: percentile(durations, 0.95),
      max_ms: percentile(durations, 1),
    },
    costs: {
      llm_usd: spendRows.reduce((s, r) => s + r.cost_usd, 0),
      prompt_tokens: spendRows.reduce((s, r) => s + r.prompt_tokens, 0),
      completion_tokens: spendRows.reduce((s, r) => s + r.completion_tokens, 0),
      posts_created: spendRows.reduce((s, r) => s + r.posts_created, 0),
      by_persona: spendRows.map((r) => ({
        persona_id: r.persona_id,
        cost_usd: r.cost_usd,
        posts_created: r.posts_created,
      })),
    },
    posts: { published: postRows[0]?.published ?? 0, failed: postRows[0]?.failed ?? 0 },
    alerts: {
      fired: views.filter((a) => a.first_fired_at >= start),
      open_at_end: views.filter((a) => a.resolved_at === null || a.resolved_at > end),
    },
    engagement: { ranked_posts: ranked.length, min_views: minViews, top, bottom },
    replies: replyKpis(replyRows, 1),
  };
}
