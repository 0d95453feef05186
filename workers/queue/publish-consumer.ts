import { settings } from "../settings/index.ts";
import { openDb } from "../db/client.ts";
import { touchPost } from "../db/post-publishing.ts";
import type { Telemetry } from "../metrics/events.ts";
import { createTelemetry } from "../metrics/telemetry.ts";
import { errorMessage } from "../pipeline/runner.ts";
import { backoffSeconds } from "./messages.ts";
import { publishMessage, type PublishMessage } from "./publish-messages.ts";
import { logError } from "../log.ts";

/** One message, one post: the persona's Durable Object publishes it; ack when settled, retry otherwise. */
export async function handlePublishMessage(msg: Message<unknown>, env: Env, telemetry?: Telemetry): Promise<void> {
  const parsed = publishMessage.safeParse(msg.body);
  if (!parsed.success) {
    logError("queue.bad_message", { queue: "publish", id: msg.id });
    msg.ack();
    return;
  }
  const { post_id, persona_id } = parsed.data;
  const { queue } = settings(env);
  const backoff = backoffSeconds(msg.attempts, queue.retryBaseSeconds, queue.retryMaxSeconds);
  const started = performance.now();
  // request_latency_seconds{phase="publish"}, posts_published_total and queue_messages_total{queue="publish"}.
  const count = (outcome: string, queueOutcome: "ack" | "retry") => {
    telemetry?.record({
      type: "request",
      route: "publish",
      phase: "publish",
      duration_s: (performance.now() - started) / 1000,
      persona_id,
    });
    telemetry?.record({ type: "post_publish", persona_id, outcome });
    telemetry?.record({ type: "queue_message", queue: "publish", outcome: queueOutcome, persona_id });
  };
  try {
    const stub = env.PERSONA_AGENT.get(env.PERSONA_AGENT.idFromName(persona_id));
    const outcome = await stub.publishPost(post_id, msg.attempts);
    count(outcome.kind, outcome.kind === "retry" ? "retry" : "ack");
    if (outcome.kind === "waiting") return await checkLater(msg, env, { post_id, persona_id }, outcome.delaySeconds);
    if (outcome.kind !== "retry") return msg.ack();
    // Throttling says how long to wait; otherwise exponential backoff. Never above the cap.
    const delaySeconds = Math.min(queue.retryMaxSeconds, Math.max(backoff, outcome.delaySeconds ?? 0));
    msg.retry({ delaySeconds });
  } catch (err) {
    // The Durable Object failed (reset, overloaded): the post keeps its container id, so a retry is safe.
    count("error", "retry");
    await touchPost(openDb(env.DB), post_id, Date.now(), `publisher unavailable, retrying: ${errorMessage(err)}`).catch(
      () => undefined,
    );
    msg.retry({ delaySeconds: backoff });
  }
}

/**
 * A container still being processed is not a failure: the post gets a new message delayed until
 * its next status check, and this one is acked, so waiting uses none of the retry budget and
 * holds up no other message. If the send fails, the queue's own retry carries the delay.
 */
async function checkLater(msg: Message<unknown>, env: Env, body: PublishMessage, delaySeconds: number): Promise<void> {
  try {
    await env.PUBLISH_QUEUE.send(body, { contentType: "json", delaySeconds });
    msg.ack();
  } catch {
    msg.retry({ delaySeconds });
  }
}

export async function handlePublishBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  // Posts of one persona serialise inside its Durable Object; different personas run in parallel.
  const telemetry = createTelemetry(env);
  await Promise.all(batch.messages.map((m) => handlePublishMessage(m, env, telemetry)));
  await telemetry.flush().catch((err: unknown) => console.error("metrics flush failed", err));
}
