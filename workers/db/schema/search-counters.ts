import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** search_requests_total by (source, outcome) (migration 0008_research.sql). */
export const searchCounters = sqliteTable(
  "search_counters",
  {
    source: text("source").notNull(),
    outcome: text("outcome").notNull(),
    count: integer("count").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.outcome] })],
);

export type SearchCounterRow = typeof searchCounters.$inferSelect;
