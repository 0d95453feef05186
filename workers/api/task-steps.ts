import type { Db } from "../db/client.ts";
import type { TaskRow, TaskStepRow } from "../db/schema/index.ts";
import { listSteps, stepRow, type StepRecord } from "../db/tasks.ts";
import { personaAgent } from "../durable/persona-agent.ts";

/**
 * A task's steps as a reader should see them. While it runs, its step records live in the
 * persona's Durable Object (they reach D1 in one batch when the attempt ends), so a running
 * task is read there; otherwise from D1.
 */
export async function currentSteps(env: Env, db: Db, task: TaskRow): Promise<TaskStepRow[]> {
  if (task.status === "running") {
    const live = await liveProgress(env, task);
    if (live && live.steps.length > 0) return live.steps;
  }
  // A task no attempt has claimed yet has no steps anywhere: no read (clients poll right after POST).
  if (task.status === "queued" && task.attempts === 0) return [];
  return listSteps(db, task.id);
}

/** The Durable Object's view of a task: in flight or not, and its step records so far. */
export async function liveProgress(
  env: Env,
  task: Pick<TaskRow, "id" | "personaId">,
): Promise<{ inFlight: boolean; steps: TaskStepRow[] } | null> {
  try {
    const stub = personaAgent(env, task.personaId);
    const p = await stub.taskProgress(task.id);
    return { inFlight: p.inFlight, steps: (JSON.parse(p.stepsJson) as StepRecord[]).map(stepRow) };
  } catch (err) {
    // The agent being unavailable must not fail a status read: D1 has the steps of earlier attempts.
    console.warn(JSON.stringify({ event: "task.progress_unavailable", task_id: task.id, error: String(err) }));
    return null;
  }
}
