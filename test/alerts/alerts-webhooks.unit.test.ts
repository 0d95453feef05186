import { describe, expect, it } from "vitest";
import type { AlertNotification } from "../../workers/alerts/notify.ts";
import {
  fanout,
  notifierFor,
  PAGERDUTY_EVENTS_URL,
  pagerDutyNotifier,
  slackNotifier,
} from "../../workers/alerts/notify.ts";
import type { AlertView } from "../../workers/alerts/queries.ts";
import { settings } from "../../workers/settings/index.ts";

const alert: AlertView = {
  id: "alrt_1",
  rule: "post_failure_rate",
  severity: "critical",
  status: "firing",
  fingerprint: "post_failure_rate:generation:1h",
  first_fired_at: Date.parse("2026-11-20T12:00:00Z"),
  last_evaluated_at: Date.parse("2026-11-20T12:00:00Z"),
  resolved_at: null,
  acknowledged_at: null,
  summary: "generation failure rate 30.0% over the last 1h (3/10, threshold 10.0%)",
  details: { failed: 3, total: 10 },
};

function recorder(status = 202) {
  const calls: { url: string; init: RequestInit; body: unknown }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init, body: JSON.parse(String(init.body)) });
    return new Response(status < 300 ? "ok" : "nope", { status });
  };
  return { calls, fetch };
}

describe("Slack incoming webhook", () => {
  it("posts text plus blocks for trigger and resolve", async () => {
    const r = recorder(200);
    const send = slackNotifier({
      webhookUrl: "https://hooks.slack.test/T/B/x",
      fetch: r.fetch,
      dashboardUrl: "https://agent.test/dashboard/",
    });
    await send({ action: "trigger", alert });
    await send({ action: "resolve", alert: { ...alert, status: "resolved" } });
    expect(r.calls[0]?.url).toBe("https://hooks.slack.test/T/B/x");
    expect(r.calls[0]?.init.method).toBe("POST");
    expect(new Headers(r.calls[0]?.init.headers).get("content-type")).toBe("application/json");
    const trigger = r.calls[0]?.body as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(trigger.text).toBe(`:rotating_light: [CRITICAL] ${alert.summary}`);
    expect(trigger.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: trigger.text } });
    expect(JSON.stringify(trigger.blocks[1])).toContain("<https://agent.test/dashboard/|dashboard>");
    expect((r.calls[1]?.body as { text: string } | undefined)?.text).toBe(
      `:white_check_mark: [RESOLVED] ${alert.summary}`,
    );
  });

  it("throws on a non-2xx answer so the engine retries", async () => {
    const send = slackNotifier({ webhookUrl: "https://hooks.slack.test/x", fetch: recorder(500).fetch });
    await expect(send({ action: "trigger", alert })).rejects.toMatchObject({ code: "upstream_error" });
  });
});

describe("PagerDuty Events v2", () => {
  it("triggers and resolves with the same dedup_key and the routing key", async () => {
    const r = recorder(202);
    const send = pagerDutyNotifier({ routingKey: "R0UT1NG", fetch: r.fetch });
    await send({ action: "trigger", alert });
    await send({ action: "resolve", alert: { ...alert, status: "resolved" } });
    expect(r.calls.map((c) => c.url)).toEqual([PAGERDUTY_EVENTS_URL, PAGERDUTY_EVENTS_URL]);
    expect(r.calls[0]?.body).toEqual({
      routing_key: "R0UT1NG",
      event_action: "trigger",
      dedup_key: "threads-agent:post_failure_rate:generation:1h",
      payload: {
        summary: alert.summary,
        source: "threads-agent",
        severity: "critical",
        timestamp: "2026-11-20T12:00:00.000Z",
        component: "threads-agent",
        group: "critical",
        class: "post_failure_rate",
        custom_details: { alert_id: "alrt_1", failed: 3, total: 10 },
      },
    });
    expect(r.calls[1]?.body).toEqual({
      routing_key: "R0UT1NG",
      event_action: "resolve",
      dedup_key: "threads-agent:post_failure_rate:generation:1h",
    });
  });

  it("pages only for the configured severities", async () => {
    const r = recorder();
    const send = pagerDutyNotifier({ routingKey: "k", fetch: r.fetch });
    await send({ action: "trigger", alert: { ...alert, severity: "business" } });
    expect(r.calls).toHaveLength(0);
    await pagerDutyNotifier({ routingKey: "k", fetch: r.fetch, severities: ["business"] })({
      action: "trigger",
      alert: { ...alert, severity: "business" },
    });
    expect((r.calls[0]?.body as { payload: { severity: string } } | undefined)?.payload.severity).toBe("info");
  });
});

describe("channel selection", () => {
  it("fans out to every configured channel and reports a partial failure", async () => {
    const slack = recorder(200);
    const pd = recorder(500);
    const n: AlertNotification = { action: "trigger", alert };
    await expect(
      fanout([
        slackNotifier({ webhookUrl: "https://s", fetch: slack.fetch }),
        pagerDutyNotifier({ routingKey: "k", fetch: pd.fetch }),
      ])(n),
    ).rejects.toThrow(/1 alert channel/);
    expect(slack.calls).toHaveLength(1);
    const both = recorder(200);
    await notifierFor(
      settings({ SLACK_WEBHOOK_URL: "https://s", PAGERDUTY_ROUTING_KEY: "k" }).observability,
      both.fetch,
    )(n);
    expect(both.calls.map((c) => c.url)).toEqual(["https://s", PAGERDUTY_EVENTS_URL]);
  });
});
