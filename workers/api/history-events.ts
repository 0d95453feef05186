import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { getHistoryJob } from "../db/history-jobs.ts";
import { TERMINAL_HISTORY_STATUSES } from "../db/schema/index.ts";
import type { AppEnv } from "./router.ts";
import { historyJobJson } from "./schemas/history.ts";

const POLL_MS = 1_000;
const MAX_STREAM_MS = 10 * 60_000;

/**
 * The task-events pattern (task-events.ts) for a history sync: one D1 primary-key read per
 * second per viewer, a `progress` event when the job's counts or status change, `done` at the end.
 */
export function streamHistoryEvents(c: Context<AppEnv>, jobId: string): Response {
  return streamSSE(c, async (stream) => {
    const started = Date.now();
    let last = "";
    let seq = 0;
    while (!stream.aborted) {
      const job = await getHistoryJob(c.var.db, jobId);
      if (!job) {
        await stream.writeSSE({
          event: "done",
          id: String(++seq),
          data: JSON.stringify({ status: "failed", error: "job deleted" }),
        });
        return;
      }
      const view = historyJobJson(job);
      const version = JSON.stringify([
        view.status,
        view.seen,
        view.imported,
        view.duplicates,
        view.rejected,
        view.error,
      ]);
      if (TERMINAL_HISTORY_STATUSES.includes(job.status)) {
        await stream.writeSSE({ event: "done", id: String(++seq), data: JSON.stringify(view) });
        return;
      }
      if (version !== last) {
        last = version;
        await stream.writeSSE({ event: "progress", id: String(++seq), data: JSON.stringify(view) });
      }
      if (Date.now() - started > MAX_STREAM_MS) {
        await stream.writeSSE({ event: "timeout", data: JSON.stringify({ status: job.status }) });
        return;
      }
      await stream.sleep(POLL_MS);
    }
  });
}
