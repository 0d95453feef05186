import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { PostSource } from "./sources.ts";

export const POST_STATUSES = ["draft", "scheduled", "publishing", "published", "failed"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
/** generated: written here; imported: the account's own earlier post (history import), never published by us. */
export const POST_ORIGINS = ["generated", "imported"] as const;
export type PostOrigin = (typeof POST_ORIGINS)[number];

/** Tokens and cost per model that worked on the post (hook and body may use different models). */
export interface ModelUsage {
  step: string;
  model: string;
  provider: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export const posts = sqliteTable(
  "posts",
  {
    id: text("id").primaryKey(),
    personaId: text("persona_id").notNull(),
    taskId: text("task_id"),
    hook: text("hook").notNull(),
    body: text("body").notNull(),
    text: text("text").notNull(),
    topic: text("topic"),
    trend: text("trend"),
    status: text("status").$type<PostStatus>().notNull(),
    origin: text("origin").$type<PostOrigin>().notNull().default("generated"),
    /** Imported posts: sha-256 of text and minute published, unique per persona (migrations/0014). */
    importKey: text("import_key"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    models: text("models", { mode: "json" }).$type<ModelUsage[]>().notNull(),
    threadsContainerId: text("threads_container_id"),
    threadsMediaId: text("threads_media_id"),
    permalink: text("permalink"),
    scheduledAt: integer("scheduled_at"),
    publishedAt: integer("published_at"),
    error: text("error"),
    /** scheduled_at is a slot of the persona's schedule, so it moves when the schedule does. */
    scheduleSlot: integer("schedule_slot", { mode: "boolean" }).notNull().default(false),
    /** Set when the persona was deleted: persona_id is then its tombstone id (migrations/0007). */
    deletedPersonaId: text("deleted_persona_id"),
    personaDeletedAt: integer("persona_deleted_at"),
    /** The sources the post was written from (migrations/0020). */
    sources: text("sources", { mode: "json" }).$type<PostSource[]>(),
    /** The source and item it repurposes or was grounded on first (dedup compares within a source). */
    sourceId: text("source_id"),
    sourceItemId: text("source_item_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("posts_persona_created").on(t.personaId, t.createdAt),
    index("posts_status_scheduled").on(t.status, t.scheduledAt),
    index("posts_created").on(t.createdAt, t.id),
    index("posts_persona_origin").on(t.personaId, t.origin),
    index("posts_persona_media").on(t.personaId, t.threadsMediaId),
    index("posts_persona_source").on(t.personaId, t.sourceId),
    // Partial unique indexes of migration 0014: an imported post is one row per persona.
    uniqueIndex("posts_persona_import_key").on(t.personaId, t.importKey).where(sql`import_key IS NOT NULL`),
    uniqueIndex("posts_persona_imported_media")
      .on(t.personaId, t.threadsMediaId)
      .where(sql`origin = 'imported' AND threads_media_id IS NOT NULL`),
  ],
);

export type PostRow = typeof posts.$inferSelect;
