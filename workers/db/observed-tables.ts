import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Read-only views of the core tables owned by migration 0001 (posts, tasks, personas),
// limited to the columns observability reads. Kept here rather than in schema/ so the
// core schema files stay single-owner; once they land, these can be swapped for imports
// from ./schema without touching any query (the column names match the contract).
export const observedPosts = sqliteTable("posts", {
  id: text("id").primaryKey(),
  personaId: text("persona_id").notNull(),
  taskId: text("task_id"),
  hook: text("hook"),
  text: text("text"),
  status: text("status").notNull(),
  promptTokens: integer("prompt_tokens"),
  completionTokens: integer("completion_tokens"),
  costUsd: real("cost_usd"),
  models: text("models"),
  threadsMediaId: text("threads_media_id"),
  permalink: text("permalink"),
  scheduledAt: integer("scheduled_at"),
  publishedAt: integer("published_at"),
  createdAt: integer("created_at").notNull(),
});

export const observedTasks = sqliteTable("tasks", {
  id: text("id").primaryKey(),
  personaId: text("persona_id").notNull(),
  status: text("status").notNull(),
  createdAt: integer("created_at").notNull(),
  finishedAt: integer("finished_at"),
});

export const observedPersonas = sqliteTable("personas", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
});
