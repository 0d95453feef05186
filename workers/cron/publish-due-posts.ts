import { services } from "../services.ts";
import { listDuePosts } from "../db/post-publishing.ts";
import { enqueuePosts } from "../publishing/enqueue.ts";
import { logEvent } from "../log.ts";

/**
 * Posts per tick. Claims and touches go in chunked UPDATEs, so a full tick costs a handful of D1
 * queries, far inside the 1,000 (Paid) / 50 (Free) per invocation; the rest waits a minute.
 */
export const PUBLISH_BATCH = 500;

/**
 * Every post whose time has come, however late (a Worker that was down catches up on its next
 * tick). Personas whose account needs reconnecting are skipped: their posts wait, unfailed.
 */
export async function publishDuePosts(env: Env, now: number): Promise<number> {
  const db = services(env).db;
  const due = await listDuePosts(db, { now, limit: PUBLISH_BATCH });
  const queued = await enqueuePosts(env, db, due, now);
  if (queued.length > 0) logEvent("publish.due_enqueued", { count: queued.length });
  return queued.length;
}
