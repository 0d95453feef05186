import { sql } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import type { AlertSeverity } from "../db/schema/alerts.ts";
import { computeKpisByPersona } from "../kpis/compute.ts";
import { postsWithLatestEngagement } from "../kpis/sources.ts";
import { DAY_MS, median, percentile, utcDate, utcDayStart } from "../kpis/stats.ts";
import type { AlertConfig } from "./config.ts";

export type Finding = { fingerprint: string; summary: string; details: Record<string, unknown> };
export type ReauthAccount = { persona_id: string; name?: string };
export type RuleContext = {
  db: ObsDb;
  now: number;
  config: AlertConfig;
  accountsNeedingReauth: readonly ReauthAccount[];
};
export type AlertRule = { name: string; severity: AlertSeverity; evaluate: (ctx: RuleContext) => Promise<Finding[]> };

const HOUR_MS = 3_600_000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`;

// Generation failures come from tasks (duplicate/rejected are the guardrails working, not
// failures); publish failures from posts that reached published or failed.
async function failureCounts(db: ObsDb, since: number, now: number) {
  const [tasks] = await db.all<{ failed: number; total: number }>(sql`
    SELECT coalesce(sum(status = 'failed'), 0) AS failed, count(*) AS total FROM tasks
    WHERE status IN ('succeeded', 'duplicate', 'rejected', 'failed') AND finished_at >= ${since} AND finished_at <= ${now}`);
  const [posts] = await db.all<{ failed: number; total: number }>(sql`
    SELECT coalesce(sum(status = 'failed'), 0) AS failed, count(*) AS total FROM posts
    WHERE status IN ('published', 'failed') AND origin = 'generated'
      AND coalesce(published_at, scheduled_at, created_at) >= ${since}
      AND coalesce(published_at, scheduled_at, created_at) <= ${now}`);
  return { generation: tasks ?? { failed: 0, total: 0 }, publish: posts ?? { failed: 0, total: 0 } };
}

const postFailureRate: AlertRule = {
  name: "post_failure_rate",
  severity: "critical",
  async evaluate({ db, now, config }) {
    const findings: Finding[] = [];
    for (const [label, ms] of [
      ["1h", HOUR_MS],
      ["24h", DAY_MS],
    ] as const) {
      const counts = await failureCounts(db, now - ms, now);
      for (const stage of ["generation", "publish"] as const) {
        const { failed, total } = counts[stage];
        if (total < config.failureRateMinSamples || failed / total <= config.failureRate) continue;
        findings.push({
          fingerprint: `post_failure_rate:${stage}:${label}`,
          summary: `${stage} failure rate ${pct(failed / total)} over the last ${label} (${failed}/${total}, threshold ${pct(config.failureRate)})`,
          details: { stage, window: label, failed, total, rate: failed / total, threshold: config.failureRate },
        });
      }
    }
    return findings;
  },
};

const accountNeedsReauth: AlertRule = {
  name: "account_needs_reauth",
  severity: "critical",
  async evaluate({ accountsNeedingReauth }) {
    return accountsNeedingReauth.map((a) => ({
      fingerprint: `account_needs_reauth:${a.persona_id}`,
      summary: `Threads account of persona ${a.name ?? a.persona_id} needs re-authorisation: publishing is stopped`,
      details: { persona_id: a.persona_id },
    }));
  },
};

const generationLatency: AlertRule = {
  name: "generation_latency_p95",
  severity: "warning",
  async evaluate({ db, now, config }) {
    const rows = await db.all<{ ms: number }>(sql`
      SELECT finished_at - created_at AS ms FROM tasks
      WHERE status = 'succeeded' AND finished_at >= ${now - config.latencyWindowMs} AND finished_at <= ${now}`);
    if (rows.length < config.latencyMinSamples) return [];
    const p95 =
      (percentile(
        rows.map((r) => r.ms),
        0.95,
      ) ?? 0) / 1000;
    if (p95 <= config.p95LatencySeconds) return [];
    return [
      {
        fingerprint: "generation_latency_p95",
        summary: `p95 generation latency ${p95.toFixed(1)} s over ${rows.length} tasks (threshold ${config.p95LatencySeconds} s)`,
        details: { p95_seconds: p95, samples: rows.length, threshold_seconds: config.p95LatencySeconds },
      },
    ];
  },
};

const dailyLlmCost: AlertRule = {
  name: "daily_llm_cost",
  severity: "warning",
  async evaluate({ db, now, config }) {
    const day = utcDate(now);
    const [row] = await db.all<{ cost: number }>(sql`
      SELECT coalesce(sum(cost_usd), 0) AS cost FROM posts WHERE origin = 'generated' AND created_at >= ${utcDayStart(day)} AND created_at <= ${now}`);
    const cost = row?.cost ?? 0;
    if (cost <= config.dailyLlmBudgetUsd) return [];
    // The day is part of the fingerprint: each day over budget is its own incident, and
    // yesterday's resolves when the UTC day rolls over.
    return [
      {
        fingerprint: `daily_llm_cost:${day}`,
        summary: `LLM spend today ${usd(cost)} is over the daily budget ${usd(config.dailyLlmBudgetUsd)}`,
        details: { date: day, cost_usd: cost, budget_usd: config.dailyLlmBudgetUsd },
      },
    ];
  },
};

const medianEngagement: AlertRule = {
  name: "median_engagement_low",
  severity: "business",
  async evaluate({ db, now, config }) {
    const posts = await postsWithLatestEngagement(db, { start: now - 7 * DAY_MS, end: now });
    const byPersona = new Map<string, number[]>();
    for (const p of posts) {
      if (p.views < config.engagementMinViews) continue;
      byPersona.set(p.persona_id, [...(byPersona.get(p.persona_id) ?? []), p.interactions / p.views]);
    }
    const findings: Finding[] = [];
    for (const [personaId, rates] of byPersona) {
      const m = median(rates);
      if (m === null || rates.length < config.engagementMinPosts || m >= config.engagementMedianMin) continue;
      findings.push({
        fingerprint: `median_engagement_low:${personaId}`,
        summary: `Median engagement of ${personaId} is ${pct(m)} over ${rates.length} posts (floor ${pct(config.engagementMedianMin)})`,
        details: {
          persona_id: personaId,
          median_engagement_rate: m,
          posts: rates.length,
          threshold: config.engagementMedianMin,
        },
      });
    }
    return findings;
  },
};

const costPerFollow: AlertRule = {
  name: "cost_per_follow_high",
  severity: "business",
  async evaluate({ db, now, config }) {
    const kpis = await computeKpisByPersona(db, { windowDays: 7, now, revenueModel: config.revenueModel });
    const findings: Finding[] = [];
    for (const k of kpis) {
      const personaId = k.persona_id ?? "";
      const base = {
        persona_id: personaId,
        cost_usd: k.cost_usd,
        followers_gained: k.followers_gained,
        threshold_usd: config.costPerFollowMaxUsd,
      };
      if (k.cost_per_follow_usd !== null && k.cost_per_follow_usd > config.costPerFollowMaxUsd) {
        findings.push({
          fingerprint: `cost_per_follow_high:${personaId}`,
          summary: `Cost per follow of ${personaId} is ${usd(k.cost_per_follow_usd)} over 7 days (ceiling ${usd(config.costPerFollowMaxUsd)})`,
          details: { ...base, cost_per_follow_usd: k.cost_per_follow_usd },
        });
      } else if (
        k.followers_gained !== null &&
        k.followers_gained <= 0 &&
        k.cost_usd >= config.costPerFollowMinSpendUsd
      ) {
        // Undefined cost per follow is worse than a high one when money is being spent.
        findings.push({
          fingerprint: `cost_per_follow_high:${personaId}`,
          summary: `${personaId} spent ${usd(k.cost_usd)} in 7 days and gained no followers`,
          details: { ...base, cost_per_follow_usd: null },
        });
      }
    }
    return findings;
  },
};

export const ALERT_RULES: readonly AlertRule[] = [
  postFailureRate,
  accountNeedsReauth,
  generationLatency,
  dailyLlmCost,
  medianEngagement,
  costPerFollow,
];
