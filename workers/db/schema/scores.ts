import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ScoreFeatures } from "../../score/features.ts";

export const postScores = sqliteTable(
  "post_scores",
  {
    postId: text("post_id").primaryKey(),
    personaId: text("persona_id").notNull(),
    score: real("score").notNull(),
    predictedEr: real("predicted_er").notNull(),
    features: text("features", { mode: "json" }).$type<ScoreFeatures>().notNull(),
    measuredEr: real("measured_er"),
    learnedAt: integer("learned_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("post_scores_persona").on(t.personaId, t.createdAt)],
);

export const scoreModels = sqliteTable("score_models", {
  personaId: text("persona_id").primaryKey(),
  n: integer("n").notNull(),
  a: text("a", { mode: "json" }).$type<number[][]>().notNull(),
  b: text("b", { mode: "json" }).$type<number[]>().notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type PostScoreRow = typeof postScores.$inferSelect;
export type ScoreModelRow = typeof scoreModels.$inferSelect;

/** The learned score per persona (migrations/0017, workers/score/learned.ts). */
export const learnedScoreModels = sqliteTable("learned_score_models", {
  personaId: text("persona_id").primaryKey(),
  n: integer("n").notNull(),
  weights: text("weights", { mode: "json" }).$type<number[]>().notNull(),
  meanLogEr: real("mean_log_er").notNull(),
  baselineEr: real("baseline_er").notNull(),
  heldOut: text("held_out", { mode: "json" }).$type<HeldOut>().notNull(),
  metricsId: integer("metrics_id").notNull(),
  trainedAt: integer("trained_at").notNull(),
});

export type LearnedScoreModelRow = typeof learnedScoreModels.$inferSelect;

// The learned score's row shapes live here (storage types them; workers/score/learned.ts fits them).
/** One post the model learns from: its text, when it was published, and its counts. */
export interface TrainingPost {
  text: string;
  at: number;
  views: number;
  interactions: number;
}

export interface HeldOut {
  n_train: number;
  n_test: number;
  /** The persona's model (fitted on the earlier posts) on the later ones. */
  spearman: number | null;
  /** Length alone (fitted on the same earlier posts) on the later ones. */
  length_only_spearman: number | null;
  /** The prior alone, no history, on the later ones. */
  prior_spearman: number | null;
}
