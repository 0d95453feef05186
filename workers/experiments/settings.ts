// Experiment and quality-gate settings, read from env in one place (docs/experiments.md lists
// each). Invalid values fall back to the default (numberSetting), like the other settings readers.
import { numberSetting, type Vars } from "../settings.ts";
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

export function loadExperimentSettings(env: object, problems: string[] = []): ExperimentSettings {
  const vars = env as Vars;
  return {
    rules: {
      alpha: numberSetting(vars, "EXPERIMENT_ALPHA", 0.05, { min: 0.001, max: 0.2 }, problems),
      tuning: numberSetting(vars, "EXPERIMENT_TUNING_POSTS", 100, { min: 10, max: 100_000, integer: true }, problems),
      maxPostsPerArm: numberSetting(vars, "EXPERIMENT_MAX_POSTS_PER_ARM", 200, { min: 10, max: 100_000, integer: true }, problems),
      mdeRelative: numberSetting(vars, "EXPERIMENT_MDE", 0.1, { min: 0.01, max: 1 }, problems),
      srmAlpha: 0.001,
    },
    minPostsPerArm: numberSetting(vars, "EXPERIMENT_MIN_POSTS_PER_ARM", 20, { min: 2, max: 10_000, integer: true }, problems),
    windowHours: numberSetting(vars, "EXPERIMENT_WINDOW_HOURS", 24, { min: 1, max: 720, integer: true }, problems),
    banditFloor: numberSetting(vars, "BANDIT_MIN_ARM_WEIGHT", 0.05, { min: 0, max: 0.5 }, problems),
    fatigueMax: numberSetting(vars, "HOOK_FATIGUE_MAX_PER_WEEK", 5, { min: 0, max: 1000, integer: true }, problems),
    qualityThreshold: numberSetting(vars, "QUALITY_THRESHOLD", 0.35, { min: 0, max: 1 }, problems),
  };
}
