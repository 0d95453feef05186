// Starting a history sync: one job row, one queue message. One sync per persona at a time: asking
// again while one runs answers that one. A failed send leaves the job queued for the stale sweep.
import type { Db } from "../db/client.ts";
import { activeHistoryJob, insertHistoryJob } from "../db/history-jobs.ts";
import type { HistoryJobRow } from "../db/schema/index.ts";
import { enqueueHistory } from "../durable/queues.ts";
import { newId } from "../ids.ts";
import { logError, logEvent } from "../log.ts";
import { settings } from "../settings/index.ts";

export async function startHistorySync(
  env: Env,
  db: Db,
  personaId: string,
  trigger: HistoryJobRow["trigger"],
  now: number,
): Promise<{ job: HistoryJobRow; started: boolean }> {
  const running = await activeHistoryJob(db, personaId);
  if (running) return { job: running, started: false };
  const job = await insertHistoryJob(
    db,
    { id: newId("historyJob"), personaId, trigger, cap: settings(env).history.syncMaxPosts },
    now,
  );
  try {
    await enqueueHistory(env.HISTORY_QUEUE, { job_id: job.id, persona_id: personaId });
  } catch (err) {
    logError("history.enqueue_failed", { persona_id: personaId, job_id: job.id, error: String(err) });
  }
  logEvent("history.sync_started", { persona_id: personaId, job_id: job.id, trigger });
  return { job, started: true };
}

/** After an account is linked: a sync when HISTORY_SYNC_ON_LINK is on. Never fails the link. */
export async function syncAfterLink(env: Env, db: Db, personaId: string, now: number): Promise<string | null> {
  if (!settings(env).history.syncOnLink) return null;
  try {
    return (await startHistorySync(env, db, personaId, "link", now)).job.id;
  } catch (err) {
    logError("history.sync_on_link_failed", { persona_id: personaId, error: String(err) });
    return null;
  }
}
