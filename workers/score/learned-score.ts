// The learned score in use: refitting each persona's model when new metrics arrived (the
// quarter-hour cron), and scoring a text with it. docs/score.md.
import type { Db } from "../db/client.ts";
import { latestMetricsId, personasToRefit, saveLearnedModel, trainingPosts } from "../db/learned-scores.ts";
import { logError } from "../log.ts";
import type { LearnedScoreModelRow } from "../db/schema/index.ts";
import { scoreFeatures } from "./features.ts";
import { fit, heldOut, predictLogEr, type LearnedModel } from "./learned.ts";
import type { Scored } from "./model.ts";
import { PERSONA_LAMBDA, PRIOR_MODEL } from "./prior-weights.ts";

/** Personas refitted per cron run (each fit reads ≤ 2,000 posts and solves a 268×268 system). */
export const REFITS_PER_RUN = 20;

export const learnedOf = (row: LearnedScoreModelRow | null | undefined): LearnedModel =>
  row ? { n: row.n, weights: row.weights, meanLogEr: row.meanLogEr, baselineEr: row.baselineEr } : PRIOR_MODEL;

/** Fits one persona's model on all its posts with metrics, with the time-ordered held-out check. */
export async function refitPersona(db: Db, personaId: string, metricsId: number, now: number): Promise<LearnedModel> {
  const posts = await trainingPosts(db, personaId);
  const opts = { lambda: PERSONA_LAMBDA };
  const model = fit(posts, PRIOR_MODEL, opts);
  await saveLearnedModel(db, {
    personaId,
    ...model,
    heldOut: heldOut(posts, PRIOR_MODEL, opts),
    metricsId,
    trainedAt: now,
  });
  return model;
}

/**
 * Refits one persona's model at once, after a history import or sync stored readings, so a linked
 * account with history scores with what it learned before its first new post. A failure is logged
 * and left to the quarter-hour job (the model is derived data; the import itself stands).
 */
export async function refitAfterImport(db: Db, personaId: string, now: number): Promise<boolean> {
  try {
    const metricsId = await latestMetricsId(db, personaId);
    if (metricsId === 0) return false;
    await refitPersona(db, personaId, metricsId, now);
    return true;
  } catch (err) {
    logError("score.refit_failed", { persona_id: personaId, error: String(err) });
    return false;
  }
}

/**
 * Refits the models of personas whose metrics changed since their last fit. Derived data only: a
 * run that fails half-way is redone by the next run (their metrics_id did not move).
 */
export async function refitLearnedModels(db: Db, now: number): Promise<number> {
  const due = await personasToRefit(db, REFITS_PER_RUN);
  for (const { personaId, metricsId } of due) await refitPersona(db, personaId, metricsId, now);
  return due.length;
}

/**
 * score = p² / (p² + baseline²) as for the features model (score/model.ts), with p the learned
 * predicted engagement rate and the baseline the persona's typical one: 0.5 for a typical post.
 */
export function scoreLearned(m: LearnedModel, text: string): Scored {
  const features = scoreFeatures(text);
  const p = Math.exp(predictLogEr(m, text, features));
  const base = Math.max(1e-6, m.baselineEr);
  return {
    score: Math.round(((p * p) / (p * p + base * base)) * 10_000) / 10_000,
    predicted_engagement_rate: Math.round(p * 1e6) / 1e6,
    features,
    model: "learned",
  };
}
