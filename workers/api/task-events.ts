import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { TERMINAL_TASK_STATUSES, type TaskStepRow } from "../db/schema/index.ts";
import { getTask, listSteps } from "../db/tasks.ts";
import type { AppEnv } from "./router.ts";
import { stepJson } from "./schemas/tasks.ts";
import { liveProgress } from "./task-steps.ts";

const POLL_MS = 1_000;
const MAX_STREAM_MS = 10 * 60_000;

/**
 * Sends each step change once, then the terminal event, with one cheap read per second per
 * viewer: the task row (a D1 primary-key read) until it runs, then the persona's Durable Object
 * (where a running attempt's step records live) until the attempt is no longer in flight, then
 * the task row again. The terminal event reads D1's step rows once.
 */
export function streamTaskEvents(c: Context<AppEnv>, taskId: string): Response {
  return streamSSE(c, async (stream) => {
    const sent = new Map<string, string>();
    const started = Date.now();
    let seq = 0;
    const send = async (steps: TaskStepRow[]) => {
      for (const s of steps) {
        const version = `${s.status}:${s.attempt}`;
        if (sent.get(s.step) === version) continue;
        sent.set(s.step, version);
        await stream.writeSSE({ event: "step", id: String(++seq), data: JSON.stringify(stepJson(s)) });
      }
    };
    /** Set while the task runs: the next read goes to its Durable Object instead of D1. */
    let runningIn: string | null = null;
    let status = "queued";
    while (!stream.aborted) {
      if (runningIn) {
        const live = await liveProgress(c.env, { id: taskId, personaId: runningIn });
        if (live) await send(live.steps);
        if (!live?.inFlight) runningIn = null;
      } else {
        const task = await getTask(c.var.db, taskId);
        if (!task || TERMINAL_TASK_STATUSES.includes(task.status)) {
          if (task) await send(await listSteps(c.var.db, taskId));
          const done = task
            ? { status: task.status, post_id: task.postId, error: task.error }
            : { status: "failed", post_id: null, error: "task deleted" };
          await stream.writeSSE({ event: "done", id: String(++seq), data: JSON.stringify(done) });
          return;
        }
        status = task.status;
        if (task.status === "running") runningIn = task.personaId;
      }
      if (Date.now() - started > MAX_STREAM_MS) {
        await stream.writeSSE({ event: "timeout", data: JSON.stringify({ status }) });
        return;
      }
      await stream.sleep(POLL_MS);
    }
  });
}
