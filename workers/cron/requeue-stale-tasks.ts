import { openDb } from "../db/client.ts";
import { listStaleTasks, touchTasks } from "../db/tasks.ts";
import { enqueueGenerate } from "../queue/messages.ts";
import { settings } from "../settings/index.ts";

/** Per tick: bounds this job's D1 queries (docs/conformance.md, "D1 per cron invocation"). */
export const STALE_TASKS_PER_TICK = 100;

/** A task untouched this long while queued or running has lost its message (TASK_STALE_AFTER_SECONDS; the crash soak shortens it). */
const taskStaleAfterMs = (env: object): number => settings(env).recovery.taskStaleAfterMs;

export async function requeueStaleTasks(env: Env, now: number): Promise<number> {
  const db = openDb(env.DB);
  const stale = await listStaleTasks(db, now - taskStaleAfterMs(env), STALE_TASKS_PER_TICK);
  for (const task of stale) await enqueueGenerate(env.GENERATE_QUEUE, { task_id: task.id, persona_id: task.personaId });
  await touchTasks(
    db,
    stale.map((t) => t.id),
    now,
  );
  return stale.length;
}
