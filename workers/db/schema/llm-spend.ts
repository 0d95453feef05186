import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** LLM spend per UTC day (`YYYY-MM-DD`), the source of the daily budget check (migrations/0008). */
export const llmSpend = sqliteTable("llm_spend", {
  day: text("day").primaryKey(),
  costUsd: real("cost_usd").notNull().default(0),
  calls: integer("calls").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});
