import { pruneAudit } from "../db/audit.ts";
import { services } from "../services.ts";
import { settings } from "../settings/index.ts";

const DAY_MS = 86_400_000;

/** "0 3 * * *": deletes audit entries older than AUDIT_RETENTION_DAYS. */
export function pruneAuditLog(env: Env, now: number): Promise<number> {
  return pruneAudit(services(env).db, now - settings(env).limits.auditRetentionDays * DAY_MS);
}
