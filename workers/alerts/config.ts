import type { RevenueModel } from "../kpis/revenue.ts";
import type { Settings } from "../settings/index.ts";
import { defaultOf } from "../settings/registry.ts";

// Thresholds of the alert rules. The ones an operator tunes per deployment are settings (their
// defaults are the registry's); the rest are code defaults that tests or callers override.
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
  failureRate: defaultOf("ALERT_FAILURE_RATE"),
  failureRateMinSamples: 5,
  p95LatencySeconds: defaultOf("ALERT_P95_LATENCY_SECONDS"),
  latencyWindowMs: 24 * 3_600_000,
  latencyMinSamples: 5,
  dailyLlmBudgetUsd: defaultOf("DAILY_LLM_BUDGET_USD"),
  engagementMedianMin: 0.04,
  engagementMinViews: 50,
  engagementMinPosts: 3,
  costPerFollowMaxUsd: 0.02,
  costPerFollowMinSpendUsd: 1,
  revenueModel: defaultOf("REVENUE_MODEL"),
};

/** The thresholds an operator sets (settings); invalid ones fell back to their defaults and are reported. */
export function alertConfig({ limits, observability }: Settings): AlertConfig {
  return {
    ...DEFAULT_ALERT_CONFIG,
    dailyLlmBudgetUsd: limits.dailyLlmBudgetUsd,
    p95LatencySeconds: observability.p95LatencySeconds,
    failureRate: observability.failureRate,
    revenueModel: observability.revenueModel,
  };
}
