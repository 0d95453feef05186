import { openDb } from "../db/client.ts";
import { finishTask, getTask } from "../db/tasks.ts";
import { createTelemetry } from "../metrics/telemetry.ts";
import { GENERATE_DLQ, generateMessage } from "./messages.ts";

/** Messages that exhausted their retries: the task fails with the last error it recorded. */
export async function handleDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = openDb(env.DB);
  const telemetry = createTelemetry(env);
  for (const msg of batch.messages) {
    const parsed = generateMessage.safeParse(msg.body);
    if (parsed.success) {
      const { task_id, persona_id } = parsed.data;
      const task = await getTask(db, task_id);
      const reason = `gave up after ${task?.attempts ?? msg.attempts} attempts: ${task?.error ?? "no error recorded"}`;
      if (await finishTask(db, task_id, { status: "failed", error: reason }, Date.now())) {
        telemetry.record({ type: "post_generated", persona_id, status: "failed" });
      }
      await env.PERSONA_AGENT.get(env.PERSONA_AGENT.idFromName(persona_id)).forgetTask(task_id);
    }
    telemetry.record({ type: "queue_message", queue: GENERATE_DLQ, outcome: "dead_letter" });
    msg.ack();
  }
  await telemetry.flushIfDue();
}
