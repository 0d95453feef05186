import { loadSettings } from "../config.ts";
import { DEFAULT_REVENUE_MODEL, type RevenueModel } from "../kpis/revenue.ts";

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
  revenueModel: DEFAULT_REVENUE_MODEL,
};

export type AlertSettings = {
  DAILY_LLM_BUDGET_USD?: string;
  ALERT_P95_LATENCY_SECONDS?: string;
  ALERT_FAILURE_RATE?: string;
  REVENUE_MODEL?: string;
};

/** The thresholds an operator sets (the one settings schema); invalid ones fall back and are reported. */
export function alertConfigFromEnv(env: AlertSettings): AlertConfig {
  const { config, observability } = loadSettings(env);
  return {
    ...DEFAULT_ALERT_CONFIG,
    dailyLlmBudgetUsd: config.dailyLlmBudgetUsd,
    p95LatencySeconds: observability.p95LatencySeconds,
    failureRate: observability.failureRate,
    revenueModel: observability.revenueModel,
  };
}
