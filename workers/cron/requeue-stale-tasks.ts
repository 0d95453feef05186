import { openDb } from "../db/client.ts";
import { listStaleTasks, touchTasks } from "../db/tasks.ts";
import { enqueueGenerate } from "../queue/messages.ts";
import { loadSettings } from "../config.ts";

/** A task untouched for this long while queued or running has lost its message; send it again. */
export const STALE_AFTER_MS = 15 * 60_000;
/** Per tick: bounds this job's D1 queries (docs/conformance.md, "D1 per cron invocation"). */
export const STALE_TASKS_PER_TICK = 100;

/** TASK_STALE_AFTER_SECONDS (default STALE_AFTER_MS); the crash soak shortens it. */
const taskStaleAfterMs = (env: object): number => loadSettings(env).performance.taskStaleAfterMs;

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
