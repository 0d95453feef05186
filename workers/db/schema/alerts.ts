import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ALERT_SEVERITIES = ["critical", "warning", "business"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ["firing", "resolved", "acknowledged"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

// One row per incident: a fingerprint fires, stays open (firing/acknowledged) while the
// condition holds, and is resolved once it clears. A later recurrence is a new row.
export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    rule: text("rule").notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    status: text("status", { enum: ALERT_STATUSES }).notNull(),
    fingerprint: text("fingerprint").notNull(),
    firstFiredAt: integer("first_fired_at").notNull(),
    lastEvaluatedAt: integer("last_evaluated_at").notNull(),
    resolvedAt: integer("resolved_at"),
    acknowledgedAt: integer("acknowledged_at"),
    notifiedAt: integer("notified_at"),
    resolveNotifiedAt: integer("resolve_notified_at"),
    summary: text("summary").notNull(),
    details: text("details").notNull().default("{}"),
  },
  (t) => [
    // At most one open incident per fingerprint, even when two cron runs overlap.
    uniqueIndex("alerts_open_fingerprint").on(t.fingerprint).where(sql`status IN ('firing', 'acknowledged')`),
    index("alerts_status_fired").on(t.status, t.firstFiredAt),
  ],
);

export type AlertRow = typeof alerts.$inferSelect;
