import { z } from "zod";

export const PUBLISH_QUEUE = "publish";
export const PUBLISH_DLQ = "publish-dlq";

export const publishMessage = z.object({ post_id: z.string().min(1), persona_id: z.string().min(1) });
export type PublishMessage = z.infer<typeof publishMessage>;

export async function sendPublishMessages(queue: Queue, msgs: PublishMessage[]): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < msgs.length; i += 100) {
    await queue.sendBatch(msgs.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
}
