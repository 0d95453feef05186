import type { Db } from "../db/client.ts";
import type { StepRecord } from "../db/tasks.ts";
import { settleAttempt } from "../db/tasks.ts";
import { AppError, failureKind } from "../errors.ts";
import { PipelineHalt } from "./halt.ts";
import { STEPS } from "./steps/index.ts";
import type { PipelineState, StepContext, StepName } from "./types.ts";
import { memoIn } from "../durable/memo.ts";
import type { StepStore } from "../durable/step-store.ts";

export type { StepStore };
import { STEP_ORDER } from "./types.ts";

export type RunOutcome =
  | { status: "succeeded"; postId: string }
  | { status: "rejected" | "duplicate" | "failed" | "cancelled"; error: string; postId?: string | null }
  /** A transient failure: the queue redelivers after backoff (or after `retryAfterSeconds`, if longer). */
  | { status: "retry"; step: StepName; error: string; retryAfterSeconds?: number };

/**
 * Steps run under the persona's lock: the duplicate check, then storing and indexing the post.
 * A check is only trusted if the store after it finished under the same hold; a task resuming
 * between the two re-runs the check (its embeddings and rewrite are memoised, so nothing is
 * billed twice), because another task may have stored a similar post meanwhile.
 */
export const SERIAL_STEPS: readonly StepName[] = ["dedup", "store"];

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Runs the steps in order, skipping those already finished in an earlier attempt, and saves
 * each output before starting the next; so a retry resumes at the failed step and never
 * re-runs (or re-bills) a finished one. Makes no D1 write of its own: see settleRun.
 */
export async function runPipeline(
  base: Omit<StepContext, "memo">,
  store: StepStore,
  attempt: number,
): Promise<RunOutcome> {
  const taskId = base.task.id;
  const state = store.load(taskId);
  const ctx: StepContext = { ...base, memo: memoIn(store, taskId, state as Record<string, unknown>) };
  if (state.store === undefined) delete state.dedup;
  const lock: { release: (() => void) | null } = { release: null };
  try {
    for (const [seq, name] of STEP_ORDER.entries()) {
      if (state[name] !== undefined) continue;
      if (!lock.release && ctx.personaLock && SERIAL_STEPS.includes(name))
        lock.release = await ctx.personaLock.acquire();
      // A deleted persona's task stops at the next step; the store step's writes are guarded in D1 too.
      const stop = ctx.stop?.() ?? null;
      if (stop) return { status: "cancelled", error: stop };
      const startedAt = ctx.now();
      const rec = { taskId, step: name, seq, attempt, startedAt };
      store.record({ ...rec, status: "running" });
      try {
        const result = await (
          STEPS[name] as (c: StepContext, s: PipelineState) => ReturnType<(typeof STEPS)[StepName]>
        )(ctx, state);
        store.save(taskId, name, result.output);
        (state as Record<StepName, unknown>)[name] = result.output;
        const finishedAt = ctx.now();
        store.record({ ...rec, status: "succeeded", finishedAt, detail: result.detail });
        ctx.telemetry.record({
          type: "request",
          route: "pipeline",
          phase: `pipeline_step:${name}`,
          duration_s: (finishedAt - startedAt) / 1000,
          persona_id: ctx.task.personaId,
        });
        if (name === SERIAL_STEPS[SERIAL_STEPS.length - 1]) {
          // Steps after the section (e.g. publishing) need not keep the persona's other tasks waiting.
          lock.release?.();
          lock.release = null;
        }
      } catch (err) {
        const error = errorMessage(err);
        const halt = err instanceof PipelineHalt ? err : null;
        store.record({ ...rec, status: "failed", finishedAt: ctx.now(), error, detail: halt?.detail });
        if (halt) return { status: halt.status, error: halt.reason };
        // One classification (workers/errors.ts): a permanent failure (bad key, unknown model,
        // embedder/index mismatch, invalid data) fails the task now; a retry would fail the same way.
        if (failureKind(err) === "permanent") return { status: "failed", error: `${name}: ${error}` };
        // The error reaches D1 with the step rows in settleRun's one batch.
        const retryAfterSeconds = err instanceof AppError ? err.retryAfterSeconds : undefined;
        return retryAfterSeconds === undefined
          ? { status: "retry", step: name, error }
          : { status: "retry", step: name, error, retryAfterSeconds };
      }
    }
  } finally {
    lock.release?.();
  }
  const postId = state.store?.postId;
  if (!postId) throw new Error("pipeline finished without a stored post");
  return { status: "succeeded", postId };
}

/**
 * Ends an attempt in one D1 round trip: every step record of the task with either its
 * terminal status or, for a retry, the error. Returns true when this call made it terminal.
 * Terminal tasks forget their saved steps; a retried one keeps them for the next attempt.
 */
export async function settleRun(
  db: Db,
  store: StepStore,
  taskId: string,
  outcome: RunOutcome,
  now: number,
): Promise<boolean> {
  const steps = store.records(taskId);
  if (outcome.status === "retry") {
    await settleAttempt(db, taskId, steps, { error: `${outcome.step}: ${outcome.error}` }, now);
    return false;
  }
  const error = "error" in outcome ? outcome.error : null;
  const finished = await settleAttempt(
    db,
    taskId,
    steps,
    { status: outcome.status, postId: outcome.postId ?? null, error },
    now,
  );
  store.clear(taskId);
  return finished;
}
