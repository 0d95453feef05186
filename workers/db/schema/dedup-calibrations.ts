import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Each embedder's calibrated dedup threshold (migrations/0016_dedup_calibrations.sql). */
export const dedupCalibrations = sqliteTable(
  "dedup_calibrations",
  {
    embedderId: text("embedder_id").notNull(),
    pairSet: text("pair_set").notNull(),
    targetPrecision: real("target_precision").notNull(),
    threshold: real("threshold").notNull(),
    reached: integer("reached", { mode: "boolean" }).notNull(),
    figures: text("figures").notNull(),
    tookMs: integer("took_ms").notNull(),
    calibratedAt: integer("calibrated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.embedderId, t.pairSet, t.targetPrecision] })],
);
