import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";
import { auditLog, type AuditRow } from "./schema/index.ts";

export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAudit(db: Db, row: NewAuditRow): Promise<void> {
  await db.insert(auditLog).values(row);
}

export interface AuditFilter {
  keyId?: string;
  route?: string;
  method?: string;
  status?: number;
  targetId?: string;
  since?: number;
  until?: number;
  limit: number;
  cursor?: { at: number; id: string };
}

/** Newest first; `next` is the last row's position when there may be more. */
export async function listAuditPage(db: Db, f: AuditFilter): Promise<{ rows: AuditRow[]; next: AuditRow | null }> {
  const where: SQL[] = [];
  if (f.keyId) where.push(eq(auditLog.keyId, f.keyId));
  if (f.route) where.push(eq(auditLog.route, f.route));
  if (f.method) where.push(eq(auditLog.method, f.method));
  if (f.status !== undefined) where.push(eq(auditLog.status, f.status));
  if (f.targetId)
    where.push(sql`EXISTS (SELECT 1 FROM json_each(${auditLog.targetIds}) WHERE json_each.value = ${f.targetId})`);
  if (f.since !== undefined) where.push(gte(auditLog.at, f.since));
  if (f.until !== undefined) where.push(lte(auditLog.at, f.until));
  if (f.cursor) {
    const c = f.cursor;
    where.push(or(lt(auditLog.at, c.at), and(eq(auditLog.at, c.at), lt(auditLog.id, c.id)))!);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(f.limit + 1)
    .all();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]! : null };
}

/** Deletes entries older than `before`; returns how many went. */
export async function pruneAudit(db: Db, before: number): Promise<number> {
  const res = await db.delete(auditLog).where(lt(auditLog.at, before)).run();
  return res.meta.changes;
}
