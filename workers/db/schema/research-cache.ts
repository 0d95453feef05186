import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Cached search answers for trend research (migration 0003_research.sql). */
export const researchCache = sqliteTable(
  "research_cache",
  {
    key: text("key").primaryKey(),
    kind: text("kind").notNull(),
    source: text("source").notNull(),
    timeframe: text("timeframe").notNull(),
    topic: text("topic").notNull(),
    payload: text("payload").notNull(),
    fetchedAt: integer("fetched_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("research_cache_expires_at").on(t.expiresAt)],
);

export type ResearchCacheRow = typeof researchCache.$inferSelect;
