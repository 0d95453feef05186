import { settings } from "../settings/index.ts";
import { openDb } from "../db/client.ts";
import { recordTaskError } from "../db/tasks.ts";
import { errorMessage } from "../pipeline/runner.ts";
import { createTelemetry } from "../metrics/telemetry.ts";
import type { Telemetry } from "../metrics/events.ts";
import { GENERATE_QUEUE, backoffSeconds, generateMessage } from "./messages.ts";
import { logError } from "../log.ts";

/** One message, one task: hand it to the persona's Durable Object; ack when terminal, retry otherwise. */
export async function handleGenerateMessage(msg: Message<unknown>, env: Env, telemetry?: Telemetry): Promise<void> {
  const outcome = await decide(msg, env);
  telemetry?.record({ type: "queue_message", queue: GENERATE_QUEUE, outcome });
}

async function decide(msg: Message<unknown>, env: Env): Promise<"ack" | "retry" | "invalid"> {
  const parsed = generateMessage.safeParse(msg.body);
  if (!parsed.success) {
    logError("queue.bad_message", { queue: "generate", id: msg.id });
    msg.ack();
    return "invalid";
  }
  const { task_id, persona_id } = parsed.data;
  const { queue } = settings(env);
  const delaySeconds = backoffSeconds(msg.attempts, queue.retryBaseSeconds, queue.retryMaxSeconds);
  try {
    const stub = env.PERSONA_AGENT.get(env.PERSONA_AGENT.idFromName(persona_id));
    const outcome = await stub.runTask(task_id, msg.attempts);
    if (outcome.status === "retry") {
      // An upstream Retry-After (a 429 with a wait) wins over the backoff, within the cap.
      msg.retry({
        delaySeconds: Math.min(queue.retryMaxSeconds, Math.max(delaySeconds, outcome.retryAfterSeconds ?? 0)),
      });
      return "retry";
    }
    msg.ack();
    return "ack";
  } catch (err) {
    // The Durable Object itself failed (reset, overloaded, D1 unreachable): the saved steps survive, so retry.
    await recordTaskError(openDb(env.DB), task_id, `agent: ${errorMessage(err)}`, Date.now()).catch(() => undefined);
    msg.retry({ delaySeconds });
    return "retry";
  }
}

export async function handleGenerateBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  // Messages for different personas run in parallel in their own Durable Objects.
  const telemetry = createTelemetry(env);
  await Promise.all(batch.messages.map((m) => handleGenerateMessage(m, env, telemetry)));
  await telemetry.flushIfDue();
}
