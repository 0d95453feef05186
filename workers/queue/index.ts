import { handleDeadLetterBatch } from "./dead-letter-consumer.ts";
import { handleGenerateBatch } from "./generate-consumer.ts";
import { GENERATE_DLQ, GENERATE_QUEUE } from "./messages.ts";

export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case GENERATE_QUEUE:
      return handleGenerateBatch(batch, env);
    case GENERATE_DLQ:
      return handleDeadLetterBatch(batch, env);
    default:
      console.error(JSON.stringify({ event: "queue.unknown", queue: batch.queue }));
      batch.retryAll();
  }
}
