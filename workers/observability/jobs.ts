import type { ObsDb } from "../db/observability-db.ts";
import type { EvaluateAlertsResult } from "../alerts/engine.ts";
import { evaluateAlerts } from "../alerts/engine.ts";
import type { ReauthAccount } from "../alerts/rules.ts";
import type { CollectInsightsResult, FetchFollowers, FetchPostInsights } from "../insights/collect.ts";
import { collectInsights } from "../insights/collect.ts";
import { alertConfig } from "../alerts/config.ts";
import { notifierFor } from "../alerts/notify.ts";
import type { Settings } from "../settings/index.ts";

// Cron entry points, one per named job; the Worker's scheduled() switch calls these with
// controller.scheduledTime as `now` (aligned to the minute, which the insights schedule expects).

/** "*\/15 * * * *": poll due post insights and follower counts. */
export function insightsJob(args: {
  db: ObsDb;
  now: number;
  fetchPostInsights: FetchPostInsights;
  fetchFollowers: FetchFollowers;
  /** The page of personas this run covers (workers/cron/fan-out.ts): their followers and posts; all when absent. */
  personaIds?: string[];
}): Promise<CollectInsightsResult> {
  return collectInsights({ ...args, postsOf: args.personaIds });
}

/** "* * * * *" (or every 5 min): evaluate alert rules, notify new and resolved incidents. */
export function alertsJob(args: {
  db: ObsDb;
  now: number;
  settings: Settings;
  accountsNeedingReauth: readonly ReauthAccount[];
}): Promise<EvaluateAlertsResult> {
  return evaluateAlerts({
    db: args.db,
    now: args.now,
    config: alertConfig(args.settings),
    notify: notifierFor(args.settings.observability),
    accountsNeedingReauth: args.accountsNeedingReauth,
  });
}
