import { recordTaskError, upsertStep } from "../db/tasks.ts";
import { PipelineHalt } from "./halt.ts";
import { STEPS } from "./steps/index.ts";
import type { PipelineState, StepContext, StepName } from "./types.ts";
import { STEP_ORDER } from "./types.ts";

/** Where finished step outputs live between attempts (the persona's Durable Object SQLite). */
export interface StepStore {
  load(taskId: string): PipelineState;
  save(taskId: string, step: StepName, output: unknown): void;
  clear(taskId: string): void;
}

export type RunOutcome =
  | { status: "succeeded"; postId: string }
  | { status: "rejected" | "duplicate" | "failed"; error: string; postId?: string | null }
  | { status: "retry"; step: StepName; error: string };

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Runs the steps in order, skipping those already finished in an earlier attempt, and saves
 * each output before starting the next; so a retry resumes at the failed step and never
 * re-runs (or re-bills) a finished one.
 */
export async function runPipeline(ctx: StepContext, store: StepStore, attempt: number): Promise<RunOutcome> {
  const taskId = ctx.task.id;
  const state = store.load(taskId);
  for (const [seq, name] of STEP_ORDER.entries()) {
    if (state[name] !== undefined) continue;
    const startedAt = ctx.now();
    await upsertStep(ctx.db, { taskId, step: name, seq, status: "running", attempt, startedAt });
    try {
      const result = await (STEPS[name] as (c: StepContext, s: PipelineState) => ReturnType<(typeof STEPS)[StepName]>)(ctx, state);
      store.save(taskId, name, result.output);
      (state as Record<StepName, unknown>)[name] = result.output;
      const finishedAt = ctx.now();
      await upsertStep(ctx.db, { taskId, step: name, seq, status: "succeeded", attempt, startedAt, finishedAt, detail: result.detail });
      ctx.telemetry.record({ type: "request", route: "pipeline", phase: `pipeline_step:${name}`, duration_s: (finishedAt - startedAt) / 1000, persona_id: ctx.task.personaId });
    } catch (err) {
      const error = errorMessage(err);
      const halt = err instanceof PipelineHalt ? err : null;
      await upsertStep(ctx.db, { taskId, step: name, seq, status: "failed", attempt, startedAt, finishedAt: ctx.now(), error, detail: halt?.detail });
      if (halt) return { status: halt.status, error: halt.reason };
      await recordTaskError(ctx.db, taskId, `${name}: ${error}`, ctx.now());
      return { status: "retry", step: name, error };
    }
  }
  const postId = state.store?.postId;
  if (!postId) throw new Error("pipeline finished without a stored post");
  return { status: "succeeded", postId };
}
