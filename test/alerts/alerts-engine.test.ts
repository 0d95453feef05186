import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlert, listAlerts } from "../../workers/alerts/queries.ts";
import { DEFAULT_ALERT_CONFIG } from "../../workers/alerts/config.ts";
import { ALERTS_PER_RUN, evaluateAlerts } from "../../workers/alerts/engine.ts";
import type { AlertNotification } from "../../workers/alerts/notify.ts";
import { ALERT_RULES } from "../../workers/alerts/rules.ts";
import type { AlertRule } from "../../workers/alerts/rules.ts";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { coreDb, HOUR, NOW, seedTask } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

let db: ObsDb;
const config = DEFAULT_ALERT_CONFIG;
const failureRule = ALERT_RULES.filter((r) => r.name === "post_failure_rate");
const reauthRule = ALERT_RULES.filter((r) => r.name === "account_needs_reauth");

function spy() {
  const sent: AlertNotification[] = [];
  return { sent, notify: async (n: AlertNotification) => void sent.push(n) };
}

beforeAll(async () => {
  db = await coreDb();
  // 10 tasks finished in the last hour, 3 failed: 30% > 10% in both the 1h and 24h windows.
  for (let i = 0; i < 10; i++) {
    await seedTask({
      id: `t${i}`,
      persona_id: "p",
      status: i < 3 ? "failed" : "succeeded",
      created_at: NOW - 50 * 60_000,
      finished_at: NOW - 40 * 60_000 + i,
    });
  }
});

describe("evaluateAlerts lifecycle", () => {
  it("fires once per incident, dedups while firing, resolves when the condition clears", async () => {
    const s = spy();
    const first = await evaluateAlerts({ db, now: NOW, config, notify: s.notify, rules: failureRule });
    expect(first.fired.map((a) => a.fingerprint).sort()).toEqual([
      "post_failure_rate:generation:1h",
      "post_failure_rate:generation:24h",
    ]);
    expect(first.fired[0]).toMatchObject({ rule: "post_failure_rate", severity: "critical", status: "firing" });
    expect(first.fired[0]?.details).toMatchObject({ failed: 3, total: 10 });
    expect(s.sent.map((n) => n.action)).toEqual(["trigger", "trigger"]);

    const again = await evaluateAlerts({ db, now: NOW + 15 * 60_000, config, notify: s.notify, rules: failureRule });
    expect(again.fired).toEqual([]);
    expect(again.still_open).toBe(2);
    expect(s.sent).toHaveLength(2); // not re-sent

    // Two hours later the 1h window is clean; the 24h one still sees the failures.
    const later = await evaluateAlerts({ db, now: NOW + 2 * HOUR, config, notify: s.notify, rules: failureRule });
    expect(later.resolved.map((a) => a.fingerprint)).toEqual(["post_failure_rate:generation:1h"]);
    expect(later.resolved[0]?.resolved_at).toBe(NOW + 2 * HOUR);
    expect(s.sent.slice(2).map((n) => [n.action, n.alert.fingerprint])).toEqual([
      ["resolve", "post_failure_rate:generation:1h"],
    ]);

    const dayLater = await evaluateAlerts({ db, now: NOW + 25 * HOUR, config, notify: s.notify, rules: failureRule });
    expect(dayLater.resolved.map((a) => a.fingerprint)).toEqual(["post_failure_rate:generation:24h"]);
    expect(s.sent).toHaveLength(4);
    expect((await listAlerts(db, { status: "open" })).data).toEqual([]);
    expect((await listAlerts(db, { status: "resolved" })).data).toHaveLength(2);
  });

  it("a recurrence after resolving is a new incident", async () => {
    const s = spy();
    const r = await evaluateAlerts({ db, now: NOW + 5 * 60_000, config, notify: s.notify, rules: failureRule });
    expect(r.fired).toHaveLength(2);
    expect(s.sent).toHaveLength(2);
    await evaluateAlerts({ db, now: NOW + 30 * HOUR, config, notify: s.notify, rules: failureRule });
  });
});

describe("acknowledge", () => {
  it("keeps the alert open without re-notifying, still resolves, and rejects acking a resolved alert", async () => {
    const s = spy();
    const accounts = [{ persona_id: "zoe", name: "Zoe" }];
    const { fired } = await evaluateAlerts({
      db,
      now: NOW,
      config,
      notify: s.notify,
      rules: reauthRule,
      accountsNeedingReauth: accounts,
    });
    const id = fired[0]?.id ?? "";
    expect(fired[0]?.summary).toContain("Zoe");
    const acked = await acknowledgeAlert(db, { id, now: NOW + 1000 });
    expect(acked).toMatchObject({ status: "acknowledged", acknowledged_at: NOW + 1000 });
    expect((await acknowledgeAlert(db, { id, now: NOW + 2000 })).acknowledged_at).toBe(NOW + 1000); // idempotent
    expect((await listAlerts(db, { status: "acknowledged" })).data.map((a) => a.id)).toEqual([id]);
    expect((await listAlerts(db, { status: "firing" })).data).toEqual([]);

    await evaluateAlerts({
      db,
      now: NOW + HOUR,
      config,
      notify: s.notify,
      rules: reauthRule,
      accountsNeedingReauth: accounts,
    });
    expect(s.sent).toHaveLength(1);

    const cleared = await evaluateAlerts({
      db,
      now: NOW + 2 * HOUR,
      config,
      notify: s.notify,
      rules: reauthRule,
      accountsNeedingReauth: [],
    });
    expect(cleared.resolved.map((a) => a.id)).toEqual([id]);
    expect(s.sent.map((n) => n.action)).toEqual(["trigger", "resolve"]);
    await expect(acknowledgeAlert(db, { id, now: NOW })).rejects.toMatchObject({ code: "conflict" });
    await expect(acknowledgeAlert(db, { id: "alrt_nope", now: NOW })).rejects.toMatchObject({ code: "not_found" });
    await expect(listAlerts(db, { status: "bogus" })).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("delivery failures and rule errors", () => {
  it("retries a failed notification on the next run, exactly once", async () => {
    const sent: string[] = [];
    let down = true;
    const notify = async (n: AlertNotification) => {
      if (down) throw new Error("webhook 503");
      sent.push(`${n.action}:${n.alert.fingerprint}`);
    };
    const accounts = [{ persona_id: "amy" }];
    const first = await evaluateAlerts({
      db,
      now: NOW,
      config,
      notify,
      rules: reauthRule,
      accountsNeedingReauth: accounts,
    });
    expect(first.notify_errors).toEqual([{ alert_id: first.fired[0]?.id, action: "trigger", error: "webhook 503" }]);
    down = false;
    await evaluateAlerts({ db, now: NOW + 60_000, config, notify, rules: reauthRule, accountsNeedingReauth: accounts });
    await evaluateAlerts({
      db,
      now: NOW + 120_000,
      config,
      notify,
      rules: reauthRule,
      accountsNeedingReauth: accounts,
    });
    expect(sent).toEqual(["trigger:account_needs_reauth:amy"]);
    await evaluateAlerts({ db, now: NOW + 180_000, config, notify, rules: reauthRule, accountsNeedingReauth: [] });
    expect(sent).toEqual(["trigger:account_needs_reauth:amy", "resolve:account_needs_reauth:amy"]);
  });

  it("two overlapping runs open one incident and send one notification", async () => {
    const s = spy();
    const accounts = [{ persona_id: "race" }];
    const runs = await Promise.all(
      [0, 1, 2].map(() =>
        evaluateAlerts({ db, now: NOW, config, notify: s.notify, rules: reauthRule, accountsNeedingReauth: accounts }),
      ),
    );
    expect(runs.flatMap((r) => r.fired)).toHaveLength(1);
    expect(s.sent.map((n) => n.alert.fingerprint)).toEqual(["account_needs_reauth:race"]);
    await evaluateAlerts({
      db,
      now: NOW + 60_000,
      config,
      notify: s.notify,
      rules: reauthRule,
      accountsNeedingReauth: [],
    });
  });

  it("does not resolve an open alert when its rule errors", async () => {
    const s = spy();
    let broken = false;
    const flaky: AlertRule = {
      name: "flaky",
      severity: "warning",
      evaluate: async () => {
        if (broken) throw new Error("D1 timeout");
        return [{ fingerprint: "flaky", summary: "flaky", details: {} }];
      },
    };
    await evaluateAlerts({ db, now: NOW, config, notify: s.notify, rules: [flaky] });
    broken = true;
    const r = await evaluateAlerts({ db, now: NOW + 60_000, config, notify: s.notify, rules: [flaky] });
    expect(r.rule_errors).toEqual([{ rule: "flaky", error: "D1 timeout" }]);
    expect(r.resolved).toEqual([]);
    expect(s.sent.map((n) => n.action)).toEqual(["trigger"]);
  });
});

describe("evaluateAlerts with many findings at once", () => {
  it("fires and notifies at most ALERTS_PER_RUN per run; the rest fire on the next runs, none lost", async () => {
    const many: AlertRule = {
      name: "engagement_floor",
      severity: "warning",
      evaluate: async () =>
        Array.from({ length: 250 }, (_, i) => ({
          fingerprint: `many:${i}`,
          summary: `persona ${i} below the floor`,
          details: { persona: i },
        })),
    } as unknown as AlertRule;
    const s = spy();
    const runs = [];
    for (let r = 0; r < 4; r++)
      runs.push(await evaluateAlerts({ db, now: NOW + r * 60_000, config, notify: s.notify, rules: [many] }));
    expect(runs.map((r) => r.fired.length)).toEqual([ALERTS_PER_RUN, ALERTS_PER_RUN, 50, 0]);
    expect(runs.map((r) => r.still_open)).toEqual([0, ALERTS_PER_RUN, 2 * ALERTS_PER_RUN, 250]);
    const ours = s.sent.filter((n) => n.alert.fingerprint.startsWith("many:"));
    expect(new Set(ours.map((n) => n.alert.fingerprint)).size).toBe(250);
    expect(ours).toHaveLength(250);
    expect(ours.every((n) => n.action === "trigger")).toBe(true);
  });
});
