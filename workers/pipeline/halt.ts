import type { TaskStatus } from "../db/schema/index.ts";

/**
 * Ends a task on purpose with a terminal status (rejected by a guardrail, a duplicate, its
 * persona gone, or a failure no retry can fix). Any other error thrown by a step is classified
 * by `failureKind` (workers/errors.ts): permanent fails the task at once, transient is retried.
 */
export class PipelineHalt extends Error {
  override readonly name = "PipelineHalt";

  constructor(
    readonly status: Extract<TaskStatus, "rejected" | "duplicate" | "failed" | "cancelled">,
    readonly reason: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}
