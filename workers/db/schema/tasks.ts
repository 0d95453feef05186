import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** `cancelled`: its persona was deleted before the task finished; nothing was published. */
export const TASK_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "duplicate",
  "rejected",
  "failed",
  "cancelled",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = [
  "succeeded",
  "duplicate",
  "rejected",
  "failed",
  "cancelled",
];

export const PUBLISH_MODES = ["now", "schedule", "draft"] as const;
export type PublishMode = (typeof PUBLISH_MODES)[number];

export interface TaskInput {
  topic?: string | null;
  pain_statement?: string | null;
  trend_snippet?: string | null;
  /** Repurpose one piece of the persona's sources (POST /v1/tasks source_url / source_item_id, or autopilot). */
  source_item_id?: string | null;
}

export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    personaId: text("persona_id").notNull(),
    status: text("status").$type<TaskStatus>().notNull(),
    publish: text("publish").$type<PublishMode>().notNull(),
    input: text("input", { mode: "json" }).$type<TaskInput>().notNull(),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    postId: text("post_id"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    /** Set when the persona was deleted: persona_id is then its tombstone id (migrations/0007). */
    deletedPersonaId: text("deleted_persona_id"),
    personaDeletedAt: integer("persona_deleted_at"),
  },
  (t) => [
    uniqueIndex("tasks_idempotency_key").on(t.idempotencyKey),
    index("tasks_persona_created").on(t.personaId, t.createdAt),
    index("tasks_status").on(t.status),
    index("tasks_persona_status").on(t.personaId, t.status),
  ],
);

export const STEP_STATUSES = ["running", "succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const taskSteps = sqliteTable(
  "task_steps",
  {
    taskId: text("task_id").notNull(),
    step: text("step").notNull(),
    seq: integer("seq").notNull(),
    status: text("status").$type<StepStatus>().notNull(),
    attempt: integer("attempt").notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.step] })],
);

export type TaskRow = typeof tasks.$inferSelect;
export type TaskStepRow = typeof taskSteps.$inferSelect;
