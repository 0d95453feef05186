import type { LiveQueueSpec } from "../durable/consumer.ts";
import { type CronMessage, QUEUE, cronMessage } from "../durable/queues.ts";
import { autopilotPage } from "./autopilot.ts";
import { collectInsightsPage } from "./collect-insights.ts";

const PAGES: Record<CronMessage["job"], (env: Env, personaIds: string[], now: number) => Promise<unknown>> = {
  autopilot: autopilotPage,
  insights: collectInsightsPage,
};

/**
 * One page of a fanned-out cron job (fan-out.ts). Both jobs are safe to repeat: autopilot's
 * idempotency key names the slot, and an insights reading is keyed by post and minute. A throw
 * is retried with the queue's backoff; a page that keeps failing is dropped after max_retries,
 * and the next tick covers its personas again.
 */
export const cronPageSpec: LiveQueueSpec<CronMessage> = {
  queue: QUEUE.cron,
  schema: cronMessage,
  flush: "due",
  async run({ job, persona_ids, now }, _msg, { env }) {
    await PAGES[job](env, persona_ids, now);
    return { kind: "ack" };
  },
};
