import type { AlertConfig, AlertSettings } from "../alerts/config.ts";
import { alertConfigFromEnv } from "../alerts/config.ts";
import type { Notifier, NotifySettings } from "../alerts/notify.ts";
import { notifierFromEnv } from "../alerts/notify.ts";
import { loadSettings } from "../config.ts";
import { badRequest } from "../errors.ts";
import type { KpiWindowDays } from "../kpis/compute.ts";
import type { RevenueModel } from "../kpis/revenue.ts";

// Observability settings, all optional strings (wrangler [vars] or secrets):
//   REVENUE_MODEL              JSON revenue model (workers/kpis/revenue.ts); default per_follower $0.05
//   DAILY_LLM_BUDGET_USD       daily LLM spend alert threshold; default 5
//   ALERT_P95_LATENCY_SECONDS  p95 generation latency alert threshold; default 120
//   ALERT_FAILURE_RATE         post failure rate alert threshold (0–1); default 0.1
//   SLACK_WEBHOOK_URL          secret: Slack incoming webhook for all alerts
//   PAGERDUTY_ROUTING_KEY      secret: PagerDuty Events v2 routing key (critical alerts)
//   DASHBOARD_URL              link added to Slack messages
export type ObservabilitySettings = AlertSettings & NotifySettings;

export type Observability = { revenueModel: RevenueModel; alertConfig: AlertConfig; notify: Notifier };

/** From the one settings schema: a bad REVENUE_MODEL falls back to the default (reported by /health/ready), never a 500. */
export function observabilityFromEnv(
  env: ObservabilitySettings,
  fetcher?: (input: string, init: RequestInit) => Promise<Response>,
): Observability {
  const o = loadSettings(env).observability;
  const channels = {
    ...(o.slackWebhookUrl && { SLACK_WEBHOOK_URL: o.slackWebhookUrl }),
    ...(o.pagerDutyRoutingKey && { PAGERDUTY_ROUTING_KEY: o.pagerDutyRoutingKey }),
    ...(o.dashboardUrl && { DASHBOARD_URL: o.dashboardUrl }),
  };
  return {
    revenueModel: o.revenueModel,
    alertConfig: alertConfigFromEnv(env),
    notify: notifierFromEnv(channels, fetcher),
  };
}

/** The `window` query parameter of /v1/kpis: "7d" (default) or "30d"; anything else is a 400. */
export function parseKpiWindow(raw: string | undefined): KpiWindowDays {
  if (raw === undefined || raw === "" || raw === "7d") return 7;
  if (raw === "30d") return 30;
  throw badRequest("window", 'must be "7d" or "30d"');
}
