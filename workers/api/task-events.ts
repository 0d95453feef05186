import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { TERMINAL_TASK_STATUSES } from "../db/schema/index.ts";
import { getTask, listSteps } from "../db/tasks.ts";
import type { AppEnv } from "./router.ts";
import { stepJson } from "./schemas/tasks.ts";

const POLL_MS = 250;
const MAX_STREAM_MS = 10 * 60_000;

/** Polls D1 (which every isolate shares) and sends each step change once, then the terminal event. */
export function streamTaskEvents(c: Context<AppEnv>, taskId: string): Response {
  return streamSSE(c, async (stream) => {
    const sent = new Map<string, string>();
    const started = Date.now();
    let seq = 0;
    while (!stream.aborted) {
      const [task, steps] = await Promise.all([getTask(c.var.db, taskId), listSteps(c.var.db, taskId)]);
      for (const s of steps) {
        const version = `${s.status}:${s.attempt}`;
        if (sent.get(s.step) === version) continue;
        sent.set(s.step, version);
        await stream.writeSSE({ event: "step", id: String(++seq), data: JSON.stringify(stepJson(s)) });
      }
      if (!task || TERMINAL_TASK_STATUSES.includes(task.status)) {
        const done = task ? { status: task.status, post_id: task.postId, error: task.error } : { status: "failed", post_id: null, error: "task deleted" };
        await stream.writeSSE({ event: "done", id: String(++seq), data: JSON.stringify(done) });
        return;
      }
      if (Date.now() - started > MAX_STREAM_MS) {
        await stream.writeSSE({ event: "timeout", data: JSON.stringify({ status: task.status }) });
        return;
      }
      await stream.sleep(POLL_MS);
    }
  });
}
