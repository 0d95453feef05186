import { z } from "zod";

export const GENERATE_QUEUE = "generate";
export const GENERATE_DLQ = "generate-dlq";

export const generateMessage = z.object({ task_id: z.string().min(1), persona_id: z.string().min(1) });
export type GenerateMessage = z.infer<typeof generateMessage>;

export async function enqueueGenerate(queue: Queue, msg: GenerateMessage): Promise<void> {
  await queue.send(msg, { contentType: "json" });
}

/** Exponential backoff without jitter: base·2^(attempt−1), capped; the queue redelivers after it. */
export function backoffSeconds(attempt: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, Math.round(baseSeconds * 2 ** Math.max(0, attempt - 1)));
}
