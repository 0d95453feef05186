import { services } from "../services.ts";
import { obsDb } from "../db/observability-db.ts";
import { listAccountsNeedingReauth } from "../db/threads-accounts.ts";
import { alertsJob } from "../observability/jobs.ts";
import { settings } from "../settings/index.ts";

/** "* * * * *": evaluates the alert rules and notifies new and resolved incidents once each. */
export async function evaluateAlerts(env: Env, now: number): Promise<unknown> {
  const reauth = await listAccountsNeedingReauth(services(env).db);
  return alertsJob({
    db: obsDb(env.DB),
    now,
    settings: settings(env),
    accountsNeedingReauth: reauth.map((a) => ({ persona_id: a.personaId, name: a.username ?? undefined })),
  });
}
