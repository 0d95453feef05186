// Insights: per-post lifetime metrics and the account's follower count, computed from the
// deterministic engagement model at the fake's current time.
import type { Hono } from "hono";
import { audienceFor } from "./audience.ts";
import { engagementAt, followersFor, interactions } from "./engagement.ts";
import type { PostMetrics } from "./engagement.ts";
import { authenticate, graphTimestamp, guarded } from "./context.ts";
import type { FakeEnv } from "./context.ts";
import { E, graphErrorResponse } from "./graph-errors.ts";
import { withViewer } from "./routes-publishing.ts";
import { allMediaOf, getMedia } from "./store.ts";

const POST_METRICS = ["views", "likes", "replies", "reposts", "quotes", "shares"] as const;
// User metrics: no "shares" on the user node; "clicks" counts link clicks.
const USER_METRICS = ["followers_count", "views", "likes", "replies", "reposts", "quotes", "clicks"] as const;

export function registerInsights(app: Hono<FakeEnv>): void {
  app.get("/v1.0/:id/insights", async (c) => {
    const viewer = await authenticate(c);
    if (viewer instanceof Response) return viewer;
    const { db, now, opts } = c.var.fake;
    const id = c.req.param("id");
    const media = await getMedia(db, id);
    if (!media || media.userId !== viewer.userId) return graphErrorResponse(c, E.noObject(id));
    const metrics = parseMetrics(c.req.query("metric"), POST_METRICS);
    if (typeof metrics === "string") return graphErrorResponse(c, E.invalidParam(metrics));
    return guarded(c, "insights", async () => {
      const m = engagementAt({
        text: media.text ?? "",
        seed: opts.seed,
        elapsedMs: now - media.publishedAt,
        audience: audienceFor(opts.audiences, viewer.userId),
      });
      const data = metrics.map((name) => ({
        name,
        period: "lifetime",
        values: [{ value: m[name as keyof PostMetrics] }],
        title: name[0]?.toUpperCase() + name.slice(1),
        description: `Lifetime ${name} of the post.`,
        id: `${id}/insights/${name}/lifetime`,
      }));
      return c.json({ data });
    });
  });

  app.get("/v1.0/:userId/threads_insights", (c) =>
    withViewer(c, "account_insights", async (v) => {
      const { db, now, opts } = c.var.fake;
      const metrics = parseMetrics(c.req.query("metric"), USER_METRICS);
      if (typeof metrics === "string") return graphErrorResponse(c, E.invalidParam(metrics));
      const posts = await allMediaOf(db, v.userId);
      const sum: PostMetrics = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
      const audience = audienceFor(opts.audiences, v.userId);
      for (const p of posts) {
        const m = engagementAt({ text: p.text ?? "", seed: opts.seed, elapsedMs: now - p.publishedAt, audience });
        for (const k of POST_METRICS) sum[k] += m[k];
      }
      const followers = followersFor({ seed: opts.seed, userId: v.userId, totalInteractions: interactions(sum) });
      const totals: Record<string, number> = { ...sum, followers_count: followers };
      // As documented (https://developers.facebook.com/documentation/threads/insights): `views` is a
      // time series (values[] with end_time per day), every other user metric a total_value.
      const endTime = graphTimestamp(Math.floor(now / 86_400_000) * 86_400_000 + 8 * 3_600_000);
      const data = metrics.map((name) => ({
        name,
        period: "day",
        title: name,
        description: `Total ${name} of the profile.`,
        ...(name === "views"
          ? { values: [{ value: totals[name] ?? 0, end_time: endTime }] }
          : { total_value: { value: totals[name] ?? 0 } }),
        id: `${v.userId}/insights/${name}/day`,
      }));
      return c.json({ data });
    }),
  );
}

function parseMetrics(raw: string | undefined, allowed: readonly string[]): string[] | string {
  if (!raw) return "metric is required";
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.find((n) => !allowed.includes(n));
  return bad ? `metric ${bad} must be one of ${allowed.join(", ")}` : names;
}
