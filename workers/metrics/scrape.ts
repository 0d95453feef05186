import type { ObsDb } from "../db/observability-db.ts";
import { computeKpis, computeKpisByPersona } from "../kpis/compute.ts";
import type { RevenueModel } from "../kpis/revenue.ts";
import { createAppRegistry, METRIC } from "./definitions.ts";
import { renderExposition } from "./exposition.ts";
import type { CounterDelta } from "./store.ts";

/**
 * The body of GET /metrics. Counters and histograms come from D1 (metric_counters) plus the
 * scraping isolate's increments not flushed yet (`unflushed`; never written here); the
 * business gauges are computed from D1 data now, so every isolate answers the same.
 * A gauge whose KPI is undefined (no views, no followers gained) is omitted rather than
 * exported as 0 or NaN, so Prometheus shows a gap instead of a false value.
 */
export async function renderMetrics(args: {
  db: ObsDb;
  now: number;
  revenueModel: RevenueModel;
  unflushed?: readonly CounterDelta[];
}): Promise<string> {
  const registry = createAppRegistry();
  const [perPersona, overall30] = await Promise.all([
    computeKpisByPersona(args.db, { windowDays: 7, now: args.now, revenueModel: args.revenueModel }),
    computeKpis(args.db, { windowDays: 30, now: args.now, revenueModel: args.revenueModel }),
  ]);
  for (const k of perPersona) {
    const labels = { persona_id: k.persona_id ?? "" };
    if (k.engagement_rate !== null) registry.set(METRIC.engagementRate, labels, k.engagement_rate);
    if (k.cost_per_follow_usd !== null) registry.set(METRIC.costPerFollow, labels, k.cost_per_follow_usd);
    if (k.replies.reply_rate !== null) registry.set(METRIC.replyRate, labels, k.replies.reply_rate);
    if (k.replies.response_time_median_seconds !== null)
      registry.set(METRIC.replyResponseSeconds, labels, k.replies.response_time_median_seconds);
    if (k.replies.received > 0 || k.replies.answers_sent > 0)
      registry.set(METRIC.answersPerDay, labels, k.replies.answers_per_day);
  }
  if (overall30.revenue_projection_monthly_usd !== null) {
    registry.set(METRIC.revenueProjection, {}, overall30.revenue_projection_monthly_usd);
  }
  return renderExposition(await registry.collect(args.db, args.unflushed));
}
