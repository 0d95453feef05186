import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const HISTORY_JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type HistoryJobStatus = (typeof HISTORY_JOB_STATUSES)[number];
export const TERMINAL_HISTORY_STATUSES: readonly HistoryJobStatus[] = ["succeeded", "failed", "cancelled"];

/** One history sync from Threads (workers/history/sync.ts): its cursor and counts (migrations/0014). */
export const historyJobs = sqliteTable(
  "history_jobs",
  {
    id: text("id").primaryKey(),
    personaId: text("persona_id").notNull(),
    /** "link": started when the account was linked; "manual": POST …/history/sync. */
    trigger: text("trigger").$type<"link" | "manual">().notNull(),
    status: text("status").$type<HistoryJobStatus>().notNull(),
    /** The `after` cursor of the next page of GET /me/threads; null before the first page. */
    cursor: text("cursor"),
    cap: integer("cap").notNull(),
    seen: integer("seen").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    pages: integer("pages").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("history_jobs_persona").on(t.personaId, t.createdAt),
    index("history_jobs_status").on(t.status, t.updatedAt),
  ],
);

export type HistoryJobRow = typeof historyJobs.$inferSelect;
