import type { StepStore } from "../workers/pipeline/runner.ts";
import type { PipelineState } from "../workers/pipeline/types.ts";

/**
 * Step outputs in the Durable Object's SQLite: written synchronously, durable before the next step.
 * The table is created by the DO's migrations (durable-objects/storage-schema.ts).
 */
export class SqliteStepStore implements StepStore {
  constructor(private readonly sql: SqlStorage) {}

  load(taskId: string): PipelineState {
    const state: Record<string, unknown> = {};
    for (const row of this.sql.exec<{ step: string; output: string }>("SELECT step, output FROM pipeline_steps WHERE task_id = ?", taskId)) {
      state[row.step] = JSON.parse(row.output);
    }
    return state as PipelineState;
  }

  save(taskId: string, step: string, output: unknown): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO pipeline_steps (task_id, step, output, saved_at) VALUES (?, ?, ?, ?)",
      taskId,
      step,
      JSON.stringify(output),
      Date.now(),
    );
  }

  clear(taskId: string): void {
    this.sql.exec("DELETE FROM pipeline_steps WHERE task_id = ?", taskId);
  }
}
