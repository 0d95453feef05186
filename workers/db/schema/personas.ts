import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export interface GuardrailSettings {
  blocked_words: string[];
  block_personal_data: boolean;
}

export const personas = sqliteTable("personas", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  tone: text("tone"),
  emoji: text("emoji"),
  topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  language: text("language").notNull().default("en"),
  timezone: text("timezone").notNull().default("UTC"),
  guardrails: text("guardrails", { mode: "json" }).$type<GuardrailSettings>().notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type PersonaRow = typeof personas.$inferSelect;
