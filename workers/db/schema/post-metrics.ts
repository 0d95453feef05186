import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Cumulative Threads insights for one post at one moment (captured_at, epoch ms).
// Rows are never updated: the series is what the KPIs and the timeseries read.
export const postMetrics = sqliteTable(
  "post_metrics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: text("post_id").notNull(),
    personaId: text("persona_id").notNull(),
    capturedAt: integer("captured_at").notNull(),
    views: integer("views").notNull().default(0),
    likes: integer("likes").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    reposts: integer("reposts").notNull().default(0),
    quotes: integer("quotes").notNull().default(0),
    shares: integer("shares").notNull().default(0),
  },
  (t) => [
    uniqueIndex("post_metrics_post_captured").on(t.postId, t.capturedAt),
    index("post_metrics_persona_captured").on(t.personaId, t.capturedAt),
  ],
);

export type PostMetricsRow = typeof postMetrics.$inferSelect;
