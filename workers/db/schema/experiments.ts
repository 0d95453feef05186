import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Analysis, ExperimentStatus, Policy } from "../../experiments/decide.ts";
import type { Dimension } from "../../experiments/dimensions.ts";

export const experiments = sqliteTable(
  "experiments",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    personaId: text("persona_id"),
    dimension: text("dimension").$type<Dimension>().notNull(),
    policy: text("policy").$type<Policy>().notNull(),
    metric: text("metric").notNull().default("engagement_rate"),
    windowHours: integer("window_hours").notNull(),
    minPostsPerArm: integer("min_posts_per_arm").notNull(),
    status: text("status").$type<ExperimentStatus>().notNull(),
    winner: text("winner"),
    pValue: real("p_value"),
    decision: text("decision", { mode: "json" }).$type<Analysis>(),
    evaluatedAt: integer("evaluated_at"),
    decidedAt: integer("decided_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("experiments_status").on(t.status, t.dimension)],
);

export const experimentArms = sqliteTable(
  "experiment_arms",
  {
    experimentId: text("experiment_id").notNull(),
    arm: text("arm").notNull(),
    position: integer("position").notNull(),
    weight: real("weight").notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.arm] })],
);

export const experimentAssignments = sqliteTable(
  "experiment_assignments",
  {
    experimentId: text("experiment_id").notNull(),
    taskId: text("task_id").notNull(),
    postId: text("post_id"),
    personaId: text("persona_id").notNull(),
    dimension: text("dimension").$type<Dimension>().notNull(),
    arm: text("arm").notNull(),
    assignedAt: integer("assigned_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.experimentId, t.taskId] }),
    index("experiment_assignments_post").on(t.postId),
    index("experiment_assignments_task").on(t.taskId),
    index("experiment_assignments_persona").on(t.personaId),
  ],
);

/** Promoted winners; persona_id "*" applies to every persona without its own. */
export const experimentDefaults = sqliteTable(
  "experiment_defaults",
  {
    personaId: text("persona_id").notNull(),
    dimension: text("dimension").$type<Dimension>().notNull(),
    arm: text("arm").notNull(),
    experimentId: text("experiment_id").notNull(),
    promotedAt: integer("promoted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.personaId, t.dimension] })],
);

export type ExperimentRow = typeof experiments.$inferSelect;
export type ExperimentArmRow = typeof experimentArms.$inferSelect;
export type AssignmentRow = typeof experimentAssignments.$inferSelect;
