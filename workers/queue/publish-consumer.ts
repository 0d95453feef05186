import { loadConfig } from "../config.ts";
import { openDb } from "../db/client.ts";
import { touchPost } from "../db/post-publishing.ts";
import { errorMessage } from "../pipeline/runner.ts";
import { backoffSeconds } from "./messages.ts";
import { publishMessage } from "./publish-messages.ts";
import { logError } from "../log.ts";

/** One message, one post: the persona's Durable Object publishes it; ack when settled, retry otherwise. */
export async function handlePublishMessage(msg: Message<unknown>, env: Env): Promise<void> {
  const parsed = publishMessage.safeParse(msg.body);
  if (!parsed.success) {
    logError("queue.bad_message", { queue: "publish", id: msg.id });
    msg.ack();
    return;
  }
  const { post_id, persona_id } = parsed.data;
  const config = loadConfig(env);
  const backoff = backoffSeconds(msg.attempts, config.retryBaseSeconds, config.retryMaxSeconds);
  try {
    const stub = env.PERSONA_AGENT.get(env.PERSONA_AGENT.idFromName(persona_id));
    const outcome = await stub.publishPost(post_id, msg.attempts);
    if (outcome.kind !== "retry") return msg.ack();
    // Throttling says how long to wait; otherwise exponential backoff. Never above the cap.
    const delaySeconds = Math.min(config.retryMaxSeconds, Math.max(backoff, outcome.delaySeconds ?? 0));
    msg.retry({ delaySeconds });
  } catch (err) {
    // The Durable Object failed (reset, overloaded): the post keeps its container id, so a retry is safe.
    await touchPost(openDb(env.DB), post_id, Date.now(), `publisher unavailable, retrying: ${errorMessage(err)}`).catch(() => undefined);
    msg.retry({ delaySeconds: backoff });
  }
}

export async function handlePublishBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  // Posts of one persona serialise inside its Durable Object; different personas run in parallel.
  await Promise.all(batch.messages.map((m) => handlePublishMessage(m, env)));
}
