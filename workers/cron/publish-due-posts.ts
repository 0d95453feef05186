import { openDb } from "../db/client.ts";
import { listDuePosts, listStalePublishing, touchPosts } from "../db/post-publishing.ts";
import { enqueuePosts } from "../publishing/enqueue.ts";
import { sendPublishMessages } from "../queue/publish-messages.ts";
import { settings } from "../settings/index.ts";
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
  const db = openDb(env.DB);
  const due = await listDuePosts(db, { now, limit: PUBLISH_BATCH });
  const queued = await enqueuePosts(env, db, due, now);
  if (queued.length > 0) logEvent("publish.due_enqueued", { count: queued.length });
  return queued.length;
}

/**
 * A post left `publishing` this long without any attempt touching it has lost its message
 * (PUBLISHING_STALE_AFTER_SECONDS: by default well above the 5 minutes a container may take).
 */
const publishingStaleAfterMs = (env: object): number => settings(env).recovery.publishingStaleAfterMs;

export async function requeueStalePublishing(env: Env, now: number): Promise<number> {
  const db = openDb(env.DB);
  const stale = await listStalePublishing(db, { before: now - publishingStaleAfterMs(env), limit: PUBLISH_BATCH });
  if (stale.length === 0) return 0;
  await sendPublishMessages(
    env.PUBLISH_QUEUE,
    stale.map((p) => ({ post_id: p.id, persona_id: p.personaId })),
  );
  await touchPosts(
    db,
    stale.map((p) => p.id),
    now,
  );
  return stale.length;
}
