import { AppError } from "../errors.ts";
import type { AlertSeverity } from "../db/schema/alerts.ts";
import type { AlertView } from "./queries.ts";
import type { ObservabilitySettings } from "../settings/index.ts";

export type AlertNotification = { action: "trigger" | "resolve"; alert: AlertView };
/** Delivers one notification; throws when delivery failed so the engine retries it later. */
export type Notifier = (n: AlertNotification) => Promise<void>;
type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const ICON: Record<AlertSeverity, string> = {
  critical: ":rotating_light:",
  warning: ":warning:",
  business: ":chart_with_downwards_trend:",
};

/** Slack incoming-webhook body: `text` is the notification fallback, blocks the message. */
export function slackPayload(n: AlertNotification, opts: { dashboardUrl?: string } = {}) {
  const a = n.alert;
  const head =
    n.action === "trigger"
      ? `${ICON[a.severity]} [${a.severity.toUpperCase()}] ${a.summary}`
      : `:white_check_mark: [RESOLVED] ${a.summary}`;
  const context = [
    `rule \`${a.rule}\``,
    `fired <!date^${Math.floor(a.first_fired_at / 1000)}^{date_short_pretty} {time}|${new Date(a.first_fired_at).toISOString()}>`,
  ];
  if (opts.dashboardUrl) context.push(`<${opts.dashboardUrl}|dashboard>`);
  return {
    text: head,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: head } },
      { type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] },
    ],
  };
}

const PD_SEVERITY: Record<AlertSeverity, "critical" | "warning" | "info"> = {
  critical: "critical",
  warning: "warning",
  business: "info",
};

/**
 * PagerDuty Events API v2 body. dedup_key is the alert fingerprint, so a resolve closes the
 * incident its trigger opened and a repeated trigger never opens a second one.
 */
export function pagerDutyPayload(n: AlertNotification, opts: { routingKey: string; source?: string }) {
  const dedup_key = `threads-agent:${n.alert.fingerprint}`;
  if (n.action === "resolve") return { routing_key: opts.routingKey, event_action: "resolve" as const, dedup_key };
  const a = n.alert;
  return {
    routing_key: opts.routingKey,
    event_action: "trigger" as const,
    dedup_key,
    payload: {
      summary: a.summary.slice(0, 1024), // PagerDuty's limit
      source: opts.source ?? "threads-agent",
      severity: PD_SEVERITY[a.severity],
      timestamp: new Date(a.first_fired_at).toISOString(),
      component: "threads-agent",
      group: a.severity,
      class: a.rule,
      custom_details: { alert_id: a.id, ...a.details },
    },
  };
}

async function post(fetcher: FetchLike, url: string, body: unknown, what: string): Promise<void> {
  const res = await fetcher(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    throw new AppError("upstream_error", `${what} answered ${res.status}`, {
      status: res.status,
      body: text.slice(0, 200),
    });
  }
}

export function slackNotifier(opts: { webhookUrl: string; fetch?: FetchLike; dashboardUrl?: string }): Notifier {
  const fetcher = opts.fetch ?? ((i, init) => fetch(i, init));
  return (n) => post(fetcher, opts.webhookUrl, slackPayload(n, opts), "Slack webhook");
}

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

/** Pages only for the given severities (default: critical); business alerts should not wake anyone. */
export function pagerDutyNotifier(opts: {
  routingKey: string;
  fetch?: FetchLike;
  severities?: AlertSeverity[];
  source?: string;
}): Notifier {
  const fetcher = opts.fetch ?? ((i, init) => fetch(i, init));
  const severities = opts.severities ?? ["critical"];
  return async (n) => {
    if (!severities.includes(n.alert.severity)) return;
    await post(fetcher, PAGERDUTY_EVENTS_URL, pagerDutyPayload(n, opts), "PagerDuty");
  };
}

/** Sends to every channel; fails (so the engine retries) if any channel failed. */
export function fanout(notifiers: Notifier[]): Notifier {
  return async (n) => {
    const results = await Promise.allSettled(notifiers.map((send) => send(n)));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} alert channel(s) failed`);
  };
}

export type NotifySettings = Pick<ObservabilitySettings, "slackWebhookUrl" | "pagerDutyRoutingKey" | "dashboardUrl">;

/** The channels configured in settings; with none, alerts are only logged (and listed by the API). */
export function notifierFor(o: NotifySettings, fetcher?: FetchLike): Notifier {
  const channels: Notifier[] = [];
  if (o.slackWebhookUrl) {
    channels.push(
      slackNotifier({
        webhookUrl: o.slackWebhookUrl,
        ...(fetcher && { fetch: fetcher }),
        ...(o.dashboardUrl && { dashboardUrl: o.dashboardUrl }),
      }),
    );
  }
  if (o.pagerDutyRoutingKey) {
    channels.push(pagerDutyNotifier({ routingKey: o.pagerDutyRoutingKey, ...(fetcher && { fetch: fetcher }) }));
  }
  if (channels.length === 0)
    return async (n) => console.log(`alert ${n.action}: [${n.alert.severity}] ${n.alert.summary}`);
  return fanout(channels);
}
