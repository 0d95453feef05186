// Hands posts to the publish queue. A post is claimed (scheduled → publishing) before its
// message is sent, so the API, the cron and the generation pipeline never queue it twice.
import type { Db } from "../db/client.ts";
import { claimManyForPublish, releaseClaims } from "../db/post-publishing.ts";
import { sendPublishMessages } from "../durable/queues.ts";
import { logError } from "../log.ts";

export interface DuePost {
  id: string;
  personaId: string;
  scheduledAt: number | null;
}

/** Claims and queues each post; returns the ids actually queued (others were claimed elsewhere). */
export async function enqueuePosts(env: Env, db: Db, due: DuePost[], now: number): Promise<string[]> {
  const won = await claimManyForPublish(
    db,
    due.map((p) => p.id),
    now,
  );
  const claimed = due.filter((p) => won.has(p.id));
  if (claimed.length === 0) return [];
  try {
    await sendPublishMessages(
      env.PUBLISH_QUEUE,
      claimed.map((p) => ({ post_id: p.id, persona_id: p.personaId })),
    );
  } catch (err) {
    // Not queued: put them back as they were, so the next cron tick tries again.
    await releaseClaims(
      db,
      claimed.map((p) => p.id),
      `could not queue for publishing: ${String(err)}`,
      now,
    );
    throw err;
  }
  return claimed.map((p) => p.id);
}

/**
 * After generation stored a post: publish:"now" posts go to the queue at once. Best effort:
 * if this fails the post is still `scheduled` and due, and the every-minute cron sends it.
 */
export async function enqueueIfDue(env: Env, db: Db, post: DuePost & { status: string }, now: number): Promise<void> {
  if (post.status !== "scheduled" || post.scheduledAt === null || post.scheduledAt > now) return;
  await enqueuePosts(env, db, [post], now).catch((err: unknown) => {
    logError("publish.enqueue_failed", { post_id: post.id, error: String(err) });
  });
}
