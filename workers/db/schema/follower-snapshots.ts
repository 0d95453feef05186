import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// The persona's Threads follower count at one moment; followers gained = last − first.
export const followerSnapshots = sqliteTable(
  "follower_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personaId: text("persona_id").notNull(),
    capturedAt: integer("captured_at").notNull(),
    followersCount: integer("followers_count").notNull(),
  },
  (t) => [uniqueIndex("follower_snapshots_persona_captured").on(t.personaId, t.capturedAt)],
);

export type FollowerSnapshotRow = typeof followerSnapshots.$inferSelect;
