// Creating a generation task, for POST /v1/tasks and the autopilot cron alike: one statement
// checks the persona, its open-task cap (MAX_QUEUED_TASKS_PER_PERSONA) and the day's LLM budget
// (DAILY_LLM_BUDGET_USD) and inserts; then the task's message goes to the generate queue.
import type { Db } from "../db/client.ts";
import { type InsertTaskResult, type NewTask, finishTask, insertTaskWithinLimits } from "../db/tasks.ts";
import { enqueueGenerate } from "../durable/queues.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { utcDate } from "../kpis/stats.ts";
import type { Settings } from "../settings/index.ts";

export type TaskRequest = Omit<NewTask, "id">;

export interface CreateTaskOptions {
  /**
   * When the message cannot be sent: "fail" marks the task failed and throws `unavailable` (an
   * API caller retries); "keep" leaves it queued for the stale sweep (workers/durable/sweep.ts)
   * and rethrows, so a cron slot keeps its one task instead of a failed one.
   */
  onQueueError: "fail" | "keep";
}

export async function createTask(
  env: Pick<Env, "GENERATE_QUEUE">,
  db: Db,
  limits: Settings["limits"],
  request: TaskRequest,
  now: number,
  opts: CreateTaskOptions,
): Promise<InsertTaskResult> {
  const result = await insertTaskWithinLimits(
    db,
    { id: newId("task"), ...request },
    { maxOpenPerPersona: limits.maxQueuedTasksPerPersona, day: utcDate(now), dailyBudgetUsd: limits.dailyLlmBudgetUsd },
    now,
  );
  if (!result.ok) return result;
  const { task } = result;
  try {
    await enqueueGenerate(env.GENERATE_QUEUE, { task_id: task.id, persona_id: task.personaId });
  } catch (err) {
    if (opts.onQueueError === "keep") throw err;
    await finishTask(db, task.id, { status: "failed", error: `could not queue: ${String(err)}` }, Date.now());
    throw new AppError("unavailable", "the generation queue is unavailable; try again");
  }
  return result;
}
