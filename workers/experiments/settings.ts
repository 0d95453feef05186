// Experiment and quality-gate settings (docs/experiments.md lists each), read from the one
// settings schema (workers/settings.ts): an invalid value falls back to its default and is
// reported by /health/ready.
import { parseEnv } from "../settings.ts";
import type { DecisionRules } from "./decide.ts";

export interface ExperimentSettings {
  rules: Omit<DecisionRules, "minPostsPerArm">;
  /** Default minimum measured posts per arm before any decision or bandit reweighting. */
  minPostsPerArm: number;
  /** Hours after publishing at which a post's engagement rate is read (the decision metric). */
  windowHours: number;
  /** Least share of new tasks any bandit arm keeps. */
  banditFloor: number;
  /** The same hook pattern at most this many times in 7 days per persona (0 = no limit). */
  fatigueMax: number;
  /** Gate threshold for personas without their own quality_threshold. */
  qualityThreshold: number;
}

export function loadExperimentSettings(env: object): ExperimentSettings {
  const v = parseEnv(env).values;
  return {
    rules: {
      alpha: v.EXPERIMENT_ALPHA ?? 0.05,
      tuning: v.EXPERIMENT_TUNING_POSTS ?? 100,
      maxPostsPerArm: v.EXPERIMENT_MAX_POSTS_PER_ARM ?? 200,
      mdeRelative: v.EXPERIMENT_MDE ?? 0.1,
      srmAlpha: 0.001,
    },
    minPostsPerArm: v.EXPERIMENT_MIN_POSTS_PER_ARM ?? 20,
    windowHours: v.EXPERIMENT_WINDOW_HOURS ?? 24,
    banditFloor: v.BANDIT_MIN_ARM_WEIGHT ?? 0.05,
    fatigueMax: v.HOOK_FATIGUE_MAX_PER_WEEK ?? 5,
    qualityThreshold: v.QUALITY_THRESHOLD ?? 0.35,
  };
}
