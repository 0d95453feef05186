import type { RevenueModel } from "../kpis/revenue.ts";
import { parseRevenueModel } from "../kpis/revenue.ts";

// Thresholds of the alert rules. The ones an operator tunes per deployment come from
// settings (env vars, strings); the rest are code defaults that tests or callers override.
export type AlertConfig = {
  /** critical: failed / attempted above this, over the last hour and the last day. */
  failureRate: number;
  /** Below this many attempts in a window the rate is noise (1 of 2 is not an incident). */
  failureRateMinSamples: number;
  /** warning: p95 of task durations (created → finished) of the last `latencyWindowMs` above this. */
  p95LatencySeconds: number;
  latencyWindowMs: number;
  latencyMinSamples: number;
  /** warning: LLM spend of posts created since 00:00 UTC above this. */
  dailyLlmBudgetUsd: number;
  /** business: median per-post engagement rate (last 7 days, posts with ≥ minViews) below this. */
  engagementMedianMin: number;
  engagementMinViews: number;
  engagementMinPosts: number;
  /** business: 7-day cost per follow above this... */
  costPerFollowMaxUsd: number;
  /** ...or no follower growth at all after spending at least this much in 7 days. */
  costPerFollowMinSpendUsd: number;
  revenueModel: RevenueModel;
};

export const DEFAULT_ALERT_CONFIG: AlertConfig = {
  failureRate: 0.1,
  failureRateMinSamples: 5,
  p95LatencySeconds: 120,
  latencyWindowMs: 24 * 3_600_000,
  latencyMinSamples: 5,
  dailyLlmBudgetUsd: 5,
  engagementMedianMin: 0.04,
  engagementMinViews: 50,
  engagementMinPosts: 3,
  costPerFollowMaxUsd: 0.02,
  costPerFollowMinSpendUsd: 1,
  revenueModel: parseRevenueModel(undefined),
};

export type AlertSettings = {
  DAILY_LLM_BUDGET_USD?: string;
  ALERT_P95_LATENCY_SECONDS?: string;
  ALERT_FAILURE_RATE?: string;
  REVENUE_MODEL?: string;
};

function positive(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function alertConfigFromEnv(env: AlertSettings): AlertConfig {
  return {
    ...DEFAULT_ALERT_CONFIG,
    dailyLlmBudgetUsd: positive(env.DAILY_LLM_BUDGET_USD, DEFAULT_ALERT_CONFIG.dailyLlmBudgetUsd),
    p95LatencySeconds: positive(env.ALERT_P95_LATENCY_SECONDS, DEFAULT_ALERT_CONFIG.p95LatencySeconds),
    failureRate: positive(env.ALERT_FAILURE_RATE, DEFAULT_ALERT_CONFIG.failureRate),
    revenueModel: parseRevenueModel(env.REVENUE_MODEL),
  };
}
