import { CRON_PAGE, type CronMessage, sendMessages } from "../durable/queues.ts";
import { logEvent } from "../log.ts";

/**
 * Runs a per-persona cron job inline when its personas fit one page, and otherwise sends one
 * message per page to the cron queue, whose consumer runs each page in its own invocation
 * (workers/cron/pages.ts). So a tick's D1 queries and subrequests per invocation stay flat however
 * many personas there are: the scheduled run itself costs the id listing and a sendBatch per 100
 * pages (docs/scaling.md).
 */
export async function fanOut<R>(
  env: Env,
  job: CronMessage["job"],
  personaIds: string[],
  now: number,
  inline: (page: string[]) => Promise<R>,
): Promise<R | { fanned_out: number; personas: number }> {
  if (personaIds.length <= CRON_PAGE) return inline(personaIds);
  const pages: CronMessage[] = [];
  for (let i = 0; i < personaIds.length; i += CRON_PAGE)
    pages.push({ job, persona_ids: personaIds.slice(i, i + CRON_PAGE), now });
  await sendMessages(env.CRON_QUEUE, pages);
  logEvent("cron.fanned_out", { job, pages: pages.length, personas: personaIds.length });
  return { fanned_out: pages.length, personas: personaIds.length };
}
