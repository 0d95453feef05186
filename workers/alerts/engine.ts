import { newId } from "../ids.ts";
import { and, eq, gte, inArray, isNotNull, isNull } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import type { AlertRow } from "../db/schema/alerts.ts";
import { alerts } from "../db/schema/alerts.ts";
import type { AlertConfig } from "./config.ts";
import type { Notifier } from "./notify.ts";
import type { AlertView } from "./queries.ts";
import { OPEN_STATUSES, toAlertView } from "./queries.ts";
import type { AlertRule, Finding, ReauthAccount } from "./rules.ts";
import { ALERT_RULES } from "./rules.ts";
import { chunks } from "../db/chunks.ts";

/**
 * New incidents and notifications per run. Rules such as low engagement fire per persona, so with
 * thousands of personas one run could otherwise write (and notify) thousands of rows and pass D1's
 * 1,000 queries per invocation; the rest fire and are notified on the next runs (docs/scaling.md).
 */
export const ALERTS_PER_RUN = 100;

// One evaluation (cron): run every rule, reconcile with the open incidents in D1, notify.
//  - a finding with no open incident of its fingerprint opens one (status firing);
//  - a finding with an open incident only refreshes it (no notification: sent once per incident);
//  - an open incident whose fingerprint is no longer found is resolved (resolve notification);
//    except when its rule errored this time: unknown is not the same as fixed.
// Delivery is tracked in notified_at / resolve_notified_at and claimed with a conditional
// UPDATE before sending, so overlapping runs don't double-send and a failed webhook is
// retried on the next run. A resolve is only sent for an incident whose trigger went out.

export type EvaluateAlertsArgs = {
  db: ObsDb;
  now: number;
  config: AlertConfig;
  notify: Notifier;
  accountsNeedingReauth?: readonly ReauthAccount[];
  rules?: readonly AlertRule[];
};

export type EvaluateAlertsResult = {
  fired: AlertView[];
  resolved: AlertView[];
  still_open: number;
  notified: { action: "trigger" | "resolve"; alert_id: string }[];
  notify_errors: { alert_id: string; action: "trigger" | "resolve"; error: string }[];
  rule_errors: { rule: string; error: string }[];
};

const RESOLVE_RETRY_MS = 24 * 3_600_000;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function evaluateAlerts(args: EvaluateAlertsArgs): Promise<EvaluateAlertsResult> {
  const { db, now } = args;
  const result: EvaluateAlertsResult = {
    fired: [],
    resolved: [],
    still_open: 0,
    notified: [],
    notify_errors: [],
    rule_errors: [],
  };
  const ctx = { db, now, config: args.config, accountsNeedingReauth: args.accountsNeedingReauth ?? [] };

  const findings = new Map<string, { rule: AlertRule; finding: Finding }>();
  const erroredRules = new Set<string>();
  for (const rule of args.rules ?? ALERT_RULES) {
    try {
      for (const finding of await rule.evaluate(ctx)) findings.set(finding.fingerprint, { rule, finding });
    } catch (e) {
      erroredRules.add(rule.name);
      result.rule_errors.push({ rule: rule.name, error: errorText(e) });
    }
  }

  const open = await db.select().from(alerts).where(inArray(alerts.status, OPEN_STATUSES));
  const openByFingerprint = new Map(open.map((a) => [a.fingerprint, a]));

  // Still-open incidents whose text did not change are touched together, 90 ids per UPDATE.
  const unchanged: string[] = [];
  let fired = 0;
  for (const [fingerprint, { rule, finding }] of findings) {
    const details = JSON.stringify(finding.details);
    const existing = openByFingerprint.get(fingerprint);
    if (existing) {
      result.still_open++;
      if (existing.summary === finding.summary && existing.details === details) {
        unchanged.push(existing.id);
        continue;
      }
      await db
        .update(alerts)
        .set({ lastEvaluatedAt: now, summary: finding.summary, details })
        .where(and(eq(alerts.fingerprint, fingerprint), inArray(alerts.status, OPEN_STATUSES)));
      continue;
    }
    if (++fired > ALERTS_PER_RUN) continue; // still a finding next run: it fires then
    // The partial unique index on open fingerprints turns a concurrent duplicate into a no-op.
    const [created] = await db
      .insert(alerts)
      .values({
        id: newId("alert"),
        rule: rule.name,
        severity: rule.severity,
        status: "firing",
        fingerprint,
        firstFiredAt: now,
        lastEvaluatedAt: now,
        summary: finding.summary,
        details,
      })
      .onConflictDoNothing()
      .returning();
    if (created) result.fired.push(toAlertView(created));
  }
  for (const ids of chunks(unchanged))
    await db
      .update(alerts)
      .set({ lastEvaluatedAt: now })
      .where(and(inArray(alerts.id, ids), inArray(alerts.status, OPEN_STATUSES)));

  for (const a of open) {
    if (findings.has(a.fingerprint) || erroredRules.has(a.rule)) continue;
    const [resolved] = await db
      .update(alerts)
      .set({ status: "resolved", resolvedAt: now, lastEvaluatedAt: now })
      .where(and(eq(alerts.id, a.id), inArray(alerts.status, OPEN_STATUSES)))
      .returning();
    if (resolved) result.resolved.push(toAlertView(resolved));
  }

  await deliverPending(args, result);
  return result;
}

async function deliverPending(args: EvaluateAlertsArgs, result: EvaluateAlertsResult): Promise<void> {
  const { db, now } = args;
  const triggers = await db
    .select()
    .from(alerts)
    .where(and(inArray(alerts.status, OPEN_STATUSES), isNull(alerts.notifiedAt)))
    .limit(ALERTS_PER_RUN);
  for (const a of triggers) await deliver(args, result, a, "trigger");
  const resolves = await db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.status, "resolved"),
        isNotNull(alerts.notifiedAt),
        isNull(alerts.resolveNotifiedAt),
        gte(alerts.resolvedAt, now - RESOLVE_RETRY_MS),
      ),
    );
  for (const a of resolves) await deliver(args, result, a, "resolve");
}

async function deliver(
  args: EvaluateAlertsArgs,
  result: EvaluateAlertsResult,
  a: AlertRow,
  action: "trigger" | "resolve",
) {
  const { db, now } = args;
  const column = action === "trigger" ? alerts.notifiedAt : alerts.resolveNotifiedAt;
  const mark = action === "trigger" ? { notifiedAt: now } : { resolveNotifiedAt: now };
  const unmark = action === "trigger" ? { notifiedAt: null } : { resolveNotifiedAt: null };
  const [claimed] = await db
    .update(alerts)
    .set(mark)
    .where(and(eq(alerts.id, a.id), isNull(column)))
    .returning();
  if (!claimed) return; // another run got it
  try {
    await args.notify({ action, alert: toAlertView(claimed) });
    result.notified.push({ action, alert_id: a.id });
  } catch (e) {
    await db.update(alerts).set(unmark).where(eq(alerts.id, a.id));
    result.notify_errors.push({ alert_id: a.id, action, error: errorText(e) });
  }
}
