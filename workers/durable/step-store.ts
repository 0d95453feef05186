import type { StepRecord } from "../db/tasks.ts";
import type { PipelineState } from "../pipeline/types.ts";

/**
 * Where finished step outputs and step records live between attempts (the persona's Durable
 * Object SQLite). Step records reach D1 only when an attempt ends (settleRun), in one batch
 * with the task's own update: a step, however many there are, costs no D1 round trip.
 */
export interface StepStore {
  load(taskId: string): PipelineState;
  /** `step` is a step name, or a `memo:` key for a result saved partway through a step. */
  save(taskId: string, step: string, output: unknown): void;
  /** The step's latest status and timings (one record per step; a later one replaces it). */
  record(rec: StepRecord): void;
  records(taskId: string): StepRecord[];
  clear(taskId: string): void;
}

/**
 * Step outputs and step records (status, timings) in the Durable Object's SQLite: written
 * synchronously, durable before the next step. The records reach D1 in one batch when the
 * attempt ends (runner.ts), so a step costs no D1 round trip of its own. The tables are
 * created by the DO's migrations (durable-objects/storage-schema.ts).
 */
export class SqliteStepStore implements StepStore {
  constructor(private readonly sql: SqlStorage) {}

  load(taskId: string): PipelineState {
    const state: Record<string, unknown> = {};
    for (const row of this.sql.exec<{ step: string; output: string }>(
      "SELECT step, output FROM pipeline_steps WHERE task_id = ?",
      taskId,
    )) {
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

  record(rec: StepRecord): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO pipeline_step_records (task_id, step, record) VALUES (?, ?, ?)",
      rec.taskId,
      rec.step,
      JSON.stringify(rec),
    );
  }

  records(taskId: string): StepRecord[] {
    const rows = [
      ...this.sql.exec<{ record: string }>("SELECT record FROM pipeline_step_records WHERE task_id = ?", taskId),
    ];
    return rows.map((r) => JSON.parse(r.record) as StepRecord).sort((a, b) => a.seq - b.seq);
  }

  clear(taskId: string): void {
    this.sql.exec("DELETE FROM pipeline_steps WHERE task_id = ?", taskId);
    this.sql.exec("DELETE FROM pipeline_step_records WHERE task_id = ?", taskId);
  }
}
