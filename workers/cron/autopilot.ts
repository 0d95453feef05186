import { services } from "../services.ts";
import { countAutopilotPersonas, countPendingScheduleTasks, listAutopilotPersonas } from "../db/autopilot.ts";
import { takenSlotTimes } from "../db/post-publishing.ts";
import { listNeedsReauthPersonaIds } from "../db/threads-accounts.ts";
import { settings } from "../settings/index.ts";
import { nextSlots, TAKEN_TOLERANCE_MS } from "../publishing/slots.ts";
import { createTask } from "../pipeline/create-task.ts";
import { logEvent } from "../log.ts";
import { markItemUsed, newestUnusedFeedItem } from "../db/sources.ts";
import { inspectText } from "../guardrails/checks.ts";

export const AUTOPILOT_PERSONAS_PER_TICK = 100;

/**
 * For personas on autopilot: one generation task (publish:"schedule") per free slot starting
 * within AUTOPILOT_LEAD_MINUTES, minus tasks already on their way. The idempotency key names
 * the slot, so overlapping or repeated ticks never create a second task for it.
 */
export async function autopilot(env: Env, now: number): Promise<number> {
  const db = services(env).db;
  const { publishing, limits } = settings(env);
  const { autopilotLeadMs } = publishing;
  const blocked = new Set(await listNeedsReauthPersonaIds(db));
  let created = 0;
  // Each persona costs ~2 D1 queries plus one per new task, so one tick looks at one page and the
  // minute ticks rotate through the pages: with the lead time (default 2 h) every persona is seen
  // long before its slot, and the invocation stays inside D1's per-invocation query limit.
  const total = await countAutopilotPersonas(db);
  const pages = Math.max(1, Math.ceil(total / AUTOPILOT_PERSONAS_PER_TICK));
  const offset = (Math.floor(now / 60_000) % pages) * AUTOPILOT_PERSONAS_PER_TICK;
  for (const persona of await listAutopilotPersonas(db, { limit: AUTOPILOT_PERSONAS_PER_TICK, offset })) {
    if (!persona.schedule || blocked.has(persona.id)) continue;
    const taken = await takenSlotTimes(db, persona.id, now - TAKEN_TOLERANCE_MS);
    const upcoming = nextSlots(persona.schedule, now, 20, taken).filter((t) => t <= now + autopilotLeadMs);
    const pending = await countPendingScheduleTasks(db, persona.id);
    for (const slot of upcoming.slice(pending)) {
      // The newest feed entry no post was written from comes first (docs/sources.md); else a topic.
      const item = await newestUnusedFeedItem(db, persona.id);
      if (!item && persona.topics.length === 0) break;
      const title = item?.title?.trim() || null;
      const topic =
        title && !inspectText(title, { personalData: persona.guardrails.block_personal_data })
          ? title.slice(0, 280)
          : null;
      // The same limits as POST /v1/tasks: no task past the persona's cap or the day's LLM budget.
      // A queue failure leaves the task queued for the stale sweep: the slot keeps its one task.
      const result = await createTask(
        env,
        db,
        limits,
        {
          personaId: persona.id,
          publish: "schedule",
          input: {
            topic,
            pain_statement: null,
            trend_snippet: null,
            ...(item ? { source_item_id: item.id } : {}),
          },
          idempotencyKey: `autopilot:${persona.id}:${new Date(slot).toISOString()}`,
          requestHash: null,
        },
        now,
        { onQueueError: "keep" },
      );
      if (!result.ok) {
        if (result.reason === "idempotency_key_taken") continue; // this slot already had its task
        logEvent("autopilot.skipped", { persona_id: persona.id, reason: result.reason });
        break;
      }
      if (item) await markItemUsed(db, item.id, now).run();
      created++;
    }
  }
  if (created > 0) logEvent("autopilot.tasks_created", { count: created });
  return created;
}
