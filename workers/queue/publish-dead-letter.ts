import { openDb } from "../db/client.ts";
import { markFailed } from "../db/post-publishing.ts";
import { getPost } from "../db/posts.ts";
import { createTelemetry } from "../metrics/telemetry.ts";
import { publishMessage } from "./publish-messages.ts";
import { logEvent } from "../log.ts";

/**
 * Posts whose publish retries ran out: failed, with the last error and how to retry. The
 * container id stays on the post, so the user's retry checks it first and cannot duplicate.
 */
export async function handlePublishDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = openDb(env.DB);
  const telemetry = createTelemetry(env);
  for (const msg of batch.messages) {
    const parsed = publishMessage.safeParse(msg.body);
    if (parsed.success) {
      const post = await getPost(db, parsed.data.post_id);
      if (post?.status === "publishing") {
        const last = post.error ?? "no error recorded";
        const reason = `Gave up when the publish queue's retries ran out (last error: ${last}). Retry with POST /v1/posts/${post.id}/publish; it cannot post twice.`;
        if (await markFailed(db, post.id, reason, Date.now())) {
          logEvent("publish.outcome", {
            outcome: "failed",
            post_id: post.id,
            persona_id: post.personaId,
            reason: "dead-lettered",
          });
          telemetry.record({ type: "post_publish", persona_id: post.personaId, outcome: "failed" });
        }
      }
    }
    telemetry.record({ type: "queue_message", queue: "publish-dlq", outcome: "dead_letter" });
    msg.ack();
  }
  await telemetry.flush().catch((err: unknown) => console.error("metrics flush failed", err));
}
