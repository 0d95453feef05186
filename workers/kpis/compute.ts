import type { ObsDb } from "../db/observability-db.ts";
import type { RevenueModel, RevenueProjection } from "./revenue.ts";
import { projectMonthlyRevenue } from "./revenue.ts";
import type { FollowerEndpoints, PersonaSpend, PostEngagementRow, WindowBounds } from "./sources.ts";
import { followerEndpoints, postsWithLatestEngagement, publishedByPersona, spendByPersona } from "./sources.ts";
import { DAY_MS, ratio } from "./stats.ts";
import { type ReplyKpis, type ReplyStats, replyKpis, replyStats } from "./replies.ts";

// KPI definitions (the numbers the product exists to move):
// - engagement_rate: Σ interactions / Σ views over posts published in the window, each post
//   taken at its latest insights reading (interactions = likes+replies+reposts+quotes+shares).
//   Pooled rather than a mean of per-post rates, so a post with 3 views and 1 like cannot
//   outweigh one with 10k views: it is "interactions per view" across the persona's output.
// - followers_gained: per persona, last − first follower snapshot inside the window; summed.
//   Personas with fewer than two snapshots in the window contribute nothing.
// - cost_usd: LLM spend of posts created in the window (all statuses).
// - cost_per_follow_usd: cost_usd / followers_gained, only when followers_gained > 0.
// - revenue_projection_monthly_usd: see revenue.ts.
// - replies: reply rate, our response time, answers sent per day (replies.ts).
// Every undefined value is null, never 0 or NaN.

export const KPI_GOALS = { engagement_rate: 0.06, cost_per_follow_usd: 0.01, revenue_monthly_usd: 20_000 } as const;
export type KpiWindowDays = 7 | 30;

export type KpiArgs = {
  personaId?: string | undefined;
  windowDays: KpiWindowDays;
  now: number;
  revenueModel: RevenueModel;
};

export type Kpis = {
  window: { label: string; days: number; start: number; end: number };
  persona_id: string | null;
  engagement_rate: number | null;
  followers_gained: number | null;
  cost_usd: number;
  cost_per_follow_usd: number | null;
  posts_published: number;
  revenue_projection_monthly_usd: number | null;
  replies: ReplyKpis;
  goals: typeof KPI_GOALS;
  inputs: {
    views: number;
    interactions: number;
    posts_with_insights: number;
    followers: FollowerEndpoints[];
    followers_current: number | null;
    spend: PersonaSpend[];
    revenue: RevenueProjection;
  };
};

type WindowData = {
  bounds: WindowBounds;
  posts: PostEngagementRow[];
  followers: FollowerEndpoints[];
  spend: PersonaSpend[];
  published: Map<string, number>;
  replies: ReplyStats[];
};

async function loadWindow(db: ObsDb, args: KpiArgs): Promise<WindowData> {
  const bounds: WindowBounds = { start: args.now - args.windowDays * DAY_MS, end: args.now, personaId: args.personaId };
  const [posts, followers, spend, published, replies] = await Promise.all([
    postsWithLatestEngagement(db, bounds),
    followerEndpoints(db, bounds),
    spendByPersona(db, bounds),
    publishedByPersona(db, bounds),
    replyStats(db, bounds),
  ]);
  return { bounds, posts, followers, spend, published, replies };
}

function aggregate(data: WindowData, personaId: string | null, args: KpiArgs): Kpis {
  const mine = <T extends { persona_id: string }>(rows: T[]) =>
    personaId === null ? rows : rows.filter((r) => r.persona_id === personaId);
  const posts = mine(data.posts);
  const followers = mine(data.followers);
  const spend = mine(data.spend);

  const views = posts.reduce((s, p) => s + p.views, 0);
  const interactions = posts.reduce((s, p) => s + p.interactions, 0);
  const growing = followers.filter((f) => f.snapshots >= 2);
  const followersGained = growing.length === 0 ? null : growing.reduce((s, f) => s + (f.last - f.first), 0);
  const followersCurrent = followers.length === 0 ? null : followers.reduce((s, f) => s + f.last, 0);
  const cost = spend.reduce((s, r) => s + r.cost_usd, 0);
  const postsPublished =
    personaId === null ? [...data.published.values()].reduce((s, n) => s + n, 0) : (data.published.get(personaId) ?? 0);
  const revenue = projectMonthlyRevenue(args.revenueModel, {
    window_days: args.windowDays,
    followers_current: followersCurrent,
    followers_gained: followersGained,
    views: posts.length === 0 ? null : views,
  });

  return {
    window: { label: `${args.windowDays}d`, days: args.windowDays, start: data.bounds.start, end: data.bounds.end },
    persona_id: personaId,
    engagement_rate: ratio(interactions, views),
    followers_gained: followersGained,
    cost_usd: cost,
    cost_per_follow_usd: followersGained !== null && followersGained > 0 ? cost / followersGained : null,
    posts_published: postsPublished,
    revenue_projection_monthly_usd: revenue.revenue_monthly_usd,
    replies: replyKpis(mine(data.replies), args.windowDays),
    goals: KPI_GOALS,
    inputs: {
      views,
      interactions,
      posts_with_insights: posts.length,
      followers,
      followers_current: followersCurrent,
      spend,
      revenue,
    },
  };
}

/** KPIs for one persona (personaId) or all personas pooled (no personaId). */
export async function computeKpis(db: ObsDb, args: KpiArgs): Promise<Kpis> {
  const data = await loadWindow(db, args);
  return aggregate(data, args.personaId ?? null, args);
}

/** KPIs of every persona with any activity in the window, from one set of queries. */
export async function computeKpisByPersona(db: ObsDb, args: Omit<KpiArgs, "personaId">): Promise<Kpis[]> {
  const data = await loadWindow(db, args);
  const ids = new Set<string>([
    ...data.posts.map((p) => p.persona_id),
    ...data.followers.map((f) => f.persona_id),
    ...data.spend.map((s) => s.persona_id),
    ...data.published.keys(),
    ...data.replies.map((r) => r.persona_id),
  ]);
  return [...ids].sort().map((id) => aggregate(data, id, args));
}
