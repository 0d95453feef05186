import { handleDeadLetterBatch } from "./dead-letter-consumer.ts";
import { handleGenerateBatch } from "./generate-consumer.ts";
import { GENERATE_DLQ, GENERATE_QUEUE } from "./messages.ts";
import { handlePublishBatch } from "./publish-consumer.ts";
import { handlePublishDeadLetters } from "./publish-dead-letter.ts";
import { PUBLISH_DLQ, PUBLISH_QUEUE } from "./publish-messages.ts";
import { logError } from "../log.ts";

export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case GENERATE_QUEUE:
      return handleGenerateBatch(batch, env);
    case GENERATE_DLQ:
      return handleDeadLetterBatch(batch, env);
    case PUBLISH_QUEUE:
      return handlePublishBatch(batch, env);
    case PUBLISH_DLQ:
      return handlePublishDeadLetters(batch, env);
    default:
      logError("queue.unknown", { queue: batch.queue });
      batch.retryAll();
  }
}
