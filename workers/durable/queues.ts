// Every queue the Worker produces to or consumes from, and the one message shape each carries.
// The names are the `queue =` names of wrangler.toml; nothing else spells them out.
import { z } from "zod";

export const QUEUE = {
  /** One message per generation task; the persona's Durable Object runs it (consumers.ts). */
  generate: "generate",
  /** Generation messages that exhausted `max_retries`: the task fails with its last error. */
  generateDlq: "generate-dlq",
  /** One message per post due; the persona's Durable Object publishes it. */
  publish: "publish",
  /** Publish messages that exhausted `max_retries`: the post is marked failed. */
  publishDlq: "publish-dlq",
  /** One message per reply action (draft, send, hide, unhide); the persona's Durable Object runs it. */
  reply: "reply",
  /** Reply actions that exhausted `max_retries`: the reply shows the last error. */
  replyDlq: "reply-dlq",
  /** One message per history sync step: the persona's Durable Object reads the next pages (workers/history/sync.ts). */
  history: "history",
  /** History sync messages that exhausted `max_retries`: the job fails with its last error. */
  historyDlq: "history-dlq",
  /** One page of personas for a cron job that fanned out (workers/cron/fan-out.ts); one page per invocation. */
  cron: "cron",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const generateMessage = z.object({ task_id: z.string().min(1), persona_id: z.string().min(1) });
export type GenerateMessage = z.infer<typeof generateMessage>;

export const publishMessage = z.object({ post_id: z.string().min(1), persona_id: z.string().min(1) });
export type PublishMessage = z.infer<typeof publishMessage>;

export const REPLY_ACTIONS = ["draft", "send", "hide", "unhide"] as const;
export type ReplyAction = (typeof REPLY_ACTIONS)[number];
export const replyMessage = z.object({
  reply_id: z.string().min(1),
  persona_id: z.string().min(1),
  action: z.enum(REPLY_ACTIONS),
});
export type ReplyMessage = z.infer<typeof replyMessage>;

export async function enqueueReply(queue: Queue, msg: ReplyMessage): Promise<void> {
  await queue.send(msg, { contentType: "json" });
}

export const historyMessage = z.object({ job_id: z.string().min(1), persona_id: z.string().min(1) });
export type HistoryMessage = z.infer<typeof historyMessage>;

/** Personas per cron page: a page's D1 queries and subrequests stay far inside one invocation's limits. */
export const CRON_PAGE = 50;
export const cronMessage = z.object({
  job: z.enum(["autopilot", "insights"]),
  persona_ids: z.array(z.string().min(1)).min(1).max(CRON_PAGE),
  now: z.number().int(),
});
export type CronMessage = z.infer<typeof cronMessage>;

export async function enqueueHistory(queue: Queue, msg: HistoryMessage): Promise<void> {
  await queue.send(msg, { contentType: "json" });
}

export async function enqueueGenerate(queue: Queue, msg: GenerateMessage): Promise<void> {
  await queue.send(msg, { contentType: "json" });
}

/** Sends in chunks: sendBatch takes at most 100 messages. */
export async function sendMessages<T>(queue: Queue, msgs: T[]): Promise<void> {
  for (let i = 0; i < msgs.length; i += 100) {
    await queue.sendBatch(msgs.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
}

export const sendPublishMessages = (queue: Queue, msgs: PublishMessage[]): Promise<void> => sendMessages(queue, msgs);
