import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { ObsDb } from "../db/observability-db.ts";
import type { AlertRow, AlertStatus } from "../db/schema/alerts.ts";
import { ALERT_STATUSES, alerts } from "../db/schema/alerts.ts";
import { AppError, badRequest, notFound } from "../errors.ts";

/** The API shape of an alert (GET /v1/alerts, notifications). */
export type AlertView = {
  id: string;
  rule: string;
  severity: AlertRow["severity"];
  status: AlertStatus;
  fingerprint: string;
  first_fired_at: number;
  last_evaluated_at: number;
  resolved_at: number | null;
  acknowledged_at: number | null;
  summary: string;
  details: Record<string, unknown>;
};

export const OPEN_STATUSES: AlertStatus[] = ["firing", "acknowledged"];

function parseDetails(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const toAlertView = (r: AlertRow): AlertView => ({
  id: r.id,
  rule: r.rule,
  severity: r.severity,
  status: r.status,
  fingerprint: r.fingerprint,
  first_fired_at: r.firstFiredAt,
  last_evaluated_at: r.lastEvaluatedAt,
  resolved_at: r.resolvedAt,
  acknowledged_at: r.acknowledgedAt,
  summary: r.summary,
  details: parseDetails(r.details),
});

/**
 * GET /v1/alerts?status=firing|acknowledged|resolved|open&limit&cursor — newest first.
 * "open" means firing or acknowledged (what still needs attention).
 */
export async function listAlerts(
  db: ObsDb,
  args: { status?: string | undefined; limit?: number; cursor?: string | undefined } = {},
): Promise<{ data: AlertView[]; next_cursor: string | null }> {
  let statuses: AlertStatus[] | undefined;
  if (args.status === "open") statuses = OPEN_STATUSES;
  else if (args.status !== undefined) {
    const s = ALERT_STATUSES.find((x) => x === args.status);
    if (s === undefined) throw badRequest("status", `one of ${[...ALERT_STATUSES, "open"].join(", ")}`);
    statuses = [s];
  }
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 200);
  // Cursor "<first_fired_at>:<id>" of the last row returned.
  let after: { at: number; id: string } | undefined;
  if (args.cursor !== undefined) {
    const i = args.cursor.indexOf(":");
    const at = Number(args.cursor.slice(0, i));
    if (i <= 0 || !Number.isInteger(at)) throw badRequest("cursor", "not a cursor from this API");
    after = { at, id: args.cursor.slice(i + 1) };
  }
  const rows = await db
    .select()
    .from(alerts)
    .where(
      and(
        statuses === undefined ? undefined : inArray(alerts.status, statuses),
        after === undefined
          ? undefined
          : or(lt(alerts.firstFiredAt, after.at), and(eq(alerts.firstFiredAt, after.at), lt(alerts.id, after.id))),
      ),
    )
    .orderBy(desc(alerts.firstFiredAt), desc(alerts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toAlertView),
    next_cursor: rows.length > limit && last ? `${last.firstFiredAt}:${last.id}` : null,
  };
}

export async function getAlert(db: ObsDb, id: string): Promise<AlertView> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  if (!row) throw notFound("alert", id);
  return toAlertView(row);
}

/**
 * POST /v1/alerts/:id/ack. Acknowledging stops nothing but the "needs attention" state:
 * the alert stays open and still resolves (with a notification) when its condition clears.
 * Idempotent for an acknowledged alert; 409 for a resolved one (nothing left to acknowledge).
 */
export async function acknowledgeAlert(db: ObsDb, args: { id: string; now: number }): Promise<AlertView> {
  const [row] = await db
    .update(alerts)
    .set({ status: "acknowledged", acknowledgedAt: args.now })
    .where(and(eq(alerts.id, args.id), eq(alerts.status, "firing")))
    .returning();
  if (row) return toAlertView(row);
  const current = await getAlert(db, args.id);
  if (current.status === "resolved") {
    throw new AppError("conflict", `alert '${args.id}' is already resolved`, { id: args.id, status: current.status });
  }
  return current;
}
