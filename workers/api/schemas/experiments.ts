import { z } from "@hono/zod-openapi";
import type { Experiment } from "../../db/experiments.ts";
import type { Analysis } from "../../experiments/decide.ts";
import { DIMENSION_ARMS, DIMENSIONS, isArm, type Dimension } from "../../experiments/dimensions.ts";
import { FEATURE_NAMES } from "../../score/features.ts";
import { IsoTime, Slug, iso } from "./common.ts";

export const POLICIES = ["fixed", "bandit"] as const;
export const EXPERIMENT_STATUSES = ["running", "winner", "no_difference", "stopped"] as const;

export const CreateExperiment = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "Question vs statement hooks" }),
    persona_id: Slug.optional().openapi({ description: "the persona it applies to; omitted = every persona" }),
    dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]).openapi({ example: "hook_style" }),
    arms: z
      .array(z.string().min(1).max(40))
      .min(2, "at least 2 arms")
      .max(24)
      .openapi({ example: ["question", "statement"] }),
    policy: z
      .enum(POLICIES)
      .optional()
      .openapi({ description: "fixed: equal split by a stable hash; bandit: Thompson sampling (default fixed)" }),
    min_posts_per_arm: z.number().int().min(2).max(10_000).optional().openapi({
      description: "measured posts per arm before any decision or reweighting (default EXPERIMENT_MIN_POSTS_PER_ARM)",
    }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.arms.forEach((arm, i) => {
      if (!isArm(v.dimension, arm))
        ctx.addIssue({
          code: "custom",
          path: ["arms", i],
          message: `'${arm}' is not an arm of ${v.dimension} (${DIMENSION_ARMS[v.dimension].join(", ")})`,
        });
      else if (seen.has(arm)) ctx.addIssue({ code: "custom", path: ["arms", i], message: `'${arm}' is listed twice` });
      seen.add(arm);
    });
  })
  .openapi("CreateExperiment", {
    example: {
      name: "Question vs statement hooks",
      persona_id: "calm-founder",
      dimension: "hook_style",
      arms: ["question", "statement"],
      policy: "fixed",
      min_posts_per_arm: 30,
    },
  });

const Interval = z.tuple([z.number(), z.number()]).nullable();

export const ExperimentArm = z
  .object({
    arm: z.string(),
    weight: z.number().openapi({ description: "share of new tasks this arm gets" }),
    posts: z.number().openapi({ description: "posts measured at the decision window" }),
    views: z.number(),
    interactions: z.number(),
    engagement_rate: z.number().nullable(),
    interval: Interval.openapi({
      description: "always-valid confidence interval of the engagement rate (family level)",
    }),
    chance_to_be_best: z.number(),
  })
  .openapi("ExperimentArm");

export const ExperimentView = z
  .object({
    id: z.string(),
    name: z.string(),
    persona_id: z.string().nullable(),
    dimension: z.string(),
    policy: z.enum(POLICIES),
    metric: z.object({ name: z.string(), window_hours: z.number() }),
    min_posts_per_arm: z.number(),
    status: z.enum(EXPERIMENT_STATUSES),
    arms: z.array(ExperimentArm),
    decision: z.object({
      status: z.enum(EXPERIMENT_STATUSES),
      winner: z.string().nullable(),
      p_value: z.number().nullable().openapi({
        description:
          "always-valid, Bonferroni-adjusted p-value of the winner claim (of the strongest difference while running)",
      }),
      reason: z.string().nullable(),
      comparisons: z.array(
        z.object({ arm: z.string(), vs: z.string(), difference: z.number(), interval: Interval, p_value: z.number() }),
      ),
      srm: z
        .object({ chi_square: z.number(), p_value: z.number(), flagged: z.boolean() })
        .nullable()
        .openapi({ description: "sample-ratio check of a fixed split (flagged at p < 0.001)" }),
      evaluated_at: IsoTime.nullable(),
      decided_at: IsoTime.nullable(),
    }),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("Experiment");

export type ExperimentJson = z.infer<typeof ExperimentView>;

export function experimentJson(e: Experiment): ExperimentJson {
  const d: Analysis | null = e.decision ?? null;
  return {
    id: e.id,
    name: e.name,
    persona_id: e.personaId,
    dimension: e.dimension,
    policy: e.policy,
    metric: { name: e.metric, window_hours: e.windowHours },
    min_posts_per_arm: e.minPostsPerArm,
    status: e.status,
    arms: e.arms.map((a) => {
      const f = d?.arms.find((x) => x.arm === a.arm);
      return {
        arm: a.arm,
        weight: Math.round(a.weight * 10_000) / 10_000,
        posts: f?.posts ?? 0,
        views: f?.views ?? 0,
        interactions: f?.interactions ?? 0,
        engagement_rate: f?.engagement_rate ?? null,
        interval: f?.interval ?? null,
        chance_to_be_best: f?.chance_to_be_best ?? 1 / e.arms.length,
      };
    }),
    decision: {
      status: e.status,
      winner: e.winner,
      p_value: e.pValue,
      reason: e.status === "stopped" ? "stopped by the operator" : (d?.reason ?? null),
      comparisons: d?.comparisons ?? [],
      srm: d?.srm ?? null,
      evaluated_at: iso(e.evaluatedAt),
      decided_at: iso(e.decidedAt),
    },
    created_at: iso(e.createdAt) ?? "",
    updated_at: iso(e.updatedAt) ?? "",
  };
}

const Features = z.object(
  Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<(typeof FEATURE_NAMES)[number], z.ZodNumber>,
);

export const ScoreRequest = z
  .object({
    text: z
      .string()
      .max(2000)
      .refine((s) => s.trim().length > 0, "must not be blank"),
    persona_id: Slug.optional().openapi({ description: "score with this persona's learned model and threshold" }),
  })
  .strict()
  .openapi("ScoreRequest", {
    example: {
      text: "Most pricing advice is written for someone else. Here is what worked for my first 10 customers.",
      persona_id: "calm-founder",
    },
  });

const ScoreModelKind = z.enum(["learned", "features"]).openapi({
  description:
    "which predictor gave the score: the persona's learned model (once fitted on SCORE_LEARNED_MIN_POSTS posts; docs/score.md) or the features model",
});

export const ScoreResult = z
  .object({
    score: z.number().openapi({ description: "0..1; 0.5 = predicted as engaging as the persona's typical post" }),
    predicted_engagement_rate: z.number(),
    features: Features,
    model: ScoreModelKind,
    threshold: z.number(),
    passes_gate: z.boolean(),
    learned: z
      .object({
        score: z.number(),
        predicted_engagement_rate: z.number(),
        n: z.number().openapi({ description: "posts the persona's learned model was fitted on (0: the prior alone)" }),
        used_by_gate: z.boolean(),
      })
      .optional()
      .openapi({ description: "with persona_id: the learned model's view of the text, used by the gate or not" }),
  })
  .openapi("ScoreResult");

const HeldOutCheck = z
  .object({
    n_train: z.number(),
    n_test: z.number(),
    spearman: z.number().nullable().openapi({
      description:
        "the model fitted on the earliest 80% of the persona's posts with metrics, ranked against the latest 20%",
    }),
    length_only_spearman: z.number().nullable().openapi({ description: "the same for text length alone" }),
    prior_spearman: z.number().nullable().openapi({ description: "the same for the prior alone (no history)" }),
  })
  .openapi("ScoreHeldOut");

export const ScoreModel = z
  .object({
    persona_id: z.string(),
    trained_posts: z.number(),
    measured_posts: z.number(),
    spearman: z.number().nullable().openapi({
      description:
        "rank correlation of predicted (at writing time) vs measured engagement rate over the persona's measured posts; null under 3",
    }),
    baseline_engagement_rate: z.number(),
    weights: z.record(z.string(), z.number()),
    learned: z.object({
      n: z
        .number()
        .openapi({ description: "posts with metrics (published or imported) the learned model was fitted on" }),
      min_posts: z.number().openapi({ description: "SCORE_LEARNED_MIN_POSTS" }),
      used_by_gate: z.boolean(),
      trained_at: z.string().nullable(),
      baseline_engagement_rate: z.number(),
      held_out: HeldOutCheck,
    }),
  })
  .openapi("ScoreModel");
