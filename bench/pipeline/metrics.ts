// Where a post's time goes, from the steps' own timings (GET /v1/tasks/:id). Step durations
// are workerd wall time around each step, including the D1 write that marks it running.
import type { TaskView } from "../lib/api.ts";
import { mean, percentile, round } from "../lib/stats.ts";

export interface StepTime {
  step: string;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

export interface PostTimes {
  /** created_at -> started_at: waiting in the queue (batching, other personas' work). */
  queueWaitMs: number;
  /** started_at -> finished_at of tasks that succeeded on their first attempt. */
  processingMs: number;
  processingP95Ms: number;
  steps: StepTime[];
}

export function postTimes(tasks: TaskView[]): PostTimes {
  const firstTry = tasks.filter((t) => t.status === "succeeded" && t.attempts === 1 && t.started_at && t.finished_at);
  const ms = (a: string | null, b: string | null) => Date.parse(b ?? "") - Date.parse(a ?? "");
  const processing = firstTry.map((t) => ms(t.started_at, t.finished_at));
  const byStep = new Map<string, number[]>();
  for (const t of firstTry) {
    for (const s of t.steps) {
      if (s.duration_ms === null) continue;
      byStep.set(s.name, [...(byStep.get(s.name) ?? []), s.duration_ms]);
    }
  }
  return {
    queueWaitMs: round(mean(firstTry.map((t) => ms(t.created_at, t.started_at))), 1),
    processingMs: round(mean(processing), 1),
    processingP95Ms: percentile(processing, 0.95),
    steps: [...byStep].map(([step, v]) => ({
      step,
      meanMs: round(mean(v), 1),
      p50Ms: percentile(v, 0.5),
      p95Ms: percentile(v, 0.95),
    })),
  };
}

export function countStatuses(tasks: TaskView[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) out[t.status] = (out[t.status] ?? 0) + 1;
  return out;
}
