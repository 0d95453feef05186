import { openDb } from "../db/client.ts";
import { listDuePosts, listStalePublishing, touchPost } from "../db/post-publishing.ts";
import { listNeedsReauthPersonaIds } from "../db/threads-accounts.ts";
import { enqueuePosts } from "../publishing/enqueue.ts";
import { sendPublishMessages } from "../queue/publish-messages.ts";
import { logEvent } from "../log.ts";

/** A post left `publishing` this long without any attempt touching it has lost its message. */
export const PUBLISHING_STALE_AFTER_MS = 15 * 60_000;
const BATCH = 500;

/**
 * Every post whose time has come, however late (a Worker that was down catches up on its next
 * tick). Personas whose account needs reconnecting are skipped: their posts wait, unfailed.
 */
export async function publishDuePosts(env: Env, now: number): Promise<number> {
  const db = openDb(env.DB);
  const skipPersonas = await listNeedsReauthPersonaIds(db);
  const due = await listDuePosts(db, { now, skipPersonas, limit: BATCH });
  const queued = await enqueuePosts(env, db, due, now);
  if (queued.length > 0) logEvent("publish.due_enqueued", { count: queued.length });
  return queued.length;
}

export async function requeueStalePublishing(env: Env, now: number): Promise<number> {
  const db = openDb(env.DB);
  const stale = await listStalePublishing(db, { before: now - PUBLISHING_STALE_AFTER_MS, limit: BATCH });
  if (stale.length === 0) return 0;
  await sendPublishMessages(env.PUBLISH_QUEUE, stale.map((p) => ({ post_id: p.id, persona_id: p.personaId })));
  for (const p of stale) await touchPost(db, p.id, now);
  return stale.length;
}
