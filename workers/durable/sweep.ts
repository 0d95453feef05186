// The one stale-work sweep (every-minute cron): work left queued or running with no attempt
// touching it for too long has lost its message (a dropped send, a consumer that died
// mid-batch past the queue's redelivery); it gets a new message and is touched, so the next
// tick does not send it again before that message had its chance.
import { services } from "../services.ts";
import type { Db } from "../db/client.ts";
import { listStalePublishing, touchPosts } from "../db/post-publishing.ts";
import { listStaleTasks, touchTasks } from "../db/tasks.ts";
import { settings } from "../settings/index.ts";
import { listStaleHistoryJobs, touchHistoryJobs } from "../db/history-jobs.ts";
import { type GenerateMessage, type HistoryMessage, type PublishMessage, sendMessages } from "./queues.ts";

/** Per tick: bounds each sweep's D1 queries (docs/conformance.md, "D1 per cron invocation"). */
export const STALE_TASKS_PER_TICK = 100;
export const STALE_POSTS_PER_TICK = 500;

interface StaleWork<M> {
  /** How long untouched counts as lost. */
  staleAfterMs(env: Env): number;
  limit: number;
  list(db: Db, before: number, limit: number): Promise<{ id: string; message: M }[]>;
  queue(env: Env): Queue;
  touch(db: Db, ids: string[], now: number): Promise<void>;
}

async function sweep<M>(work: StaleWork<M>, env: Env, now: number): Promise<number> {
  const db = services(env).db;
  const stale = await work.list(db, now - work.staleAfterMs(env), work.limit);
  if (stale.length === 0) return 0;
  await sendMessages(
    work.queue(env),
    stale.map((s) => s.message),
  );
  await work.touch(
    db,
    stale.map((s) => s.id),
    now,
  );
  return stale.length;
}

/** Tasks queued or running untouched for TASK_STALE_AFTER_SECONDS (the crash soak shortens it). */
const staleTasks: StaleWork<GenerateMessage> = {
  staleAfterMs: (env) => settings(env).recovery.taskStaleAfterMs,
  limit: STALE_TASKS_PER_TICK,
  list: async (db, before, limit) =>
    (await listStaleTasks(db, before, limit)).map((t) => ({
      id: t.id,
      message: { task_id: t.id, persona_id: t.personaId },
    })),
  queue: (env) => env.GENERATE_QUEUE,
  touch: touchTasks,
};

/**
 * Posts left `publishing` untouched for PUBLISHING_STALE_AFTER_SECONDS (by default well above
 * the 5 minutes a container may take).
 */
const stalePublishing: StaleWork<PublishMessage> = {
  staleAfterMs: (env) => settings(env).recovery.publishingStaleAfterMs,
  limit: STALE_POSTS_PER_TICK,
  list: async (db, before, limit) =>
    (await listStalePublishing(db, { before, limit })).map((p) => ({
      id: p.id,
      message: { post_id: p.id, persona_id: p.personaId },
    })),
  queue: (env) => env.PUBLISH_QUEUE,
  touch: touchPosts,
};

/** History syncs queued or running untouched as long as a task would be (each step touches its job). */
const staleHistory: StaleWork<HistoryMessage> = {
  staleAfterMs: (env) => settings(env).recovery.taskStaleAfterMs,
  limit: STALE_TASKS_PER_TICK,
  list: async (db, before, limit) =>
    (await listStaleHistoryJobs(db, before, limit)).map((j) => ({
      id: j.id,
      message: { job_id: j.id, persona_id: j.personaId },
    })),
  queue: (env) => env.HISTORY_QUEUE,
  touch: touchHistoryJobs,
};

export const requeueStaleHistory = (env: Env, now: number): Promise<number> => sweep(staleHistory, env, now);
export const requeueStaleTasks = (env: Env, now: number): Promise<number> => sweep(staleTasks, env, now);
export const requeueStalePublishing = (env: Env, now: number): Promise<number> => sweep(stalePublishing, env, now);
