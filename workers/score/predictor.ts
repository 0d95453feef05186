// Scoring a draft for a persona with what the persona's audience has taught the model so far,
// and teaching it: once a post's engagement rate at the decision window is measured, the post
// becomes one more training example (called from the every-15-minutes evaluation).
import type { Db } from "../db/client.ts";
import { loadModel, markLearned, measuredScores, saveModel, unlearnedScores } from "../db/scores.ts";
import { learn, PRIOR_BASELINE_ER, scoreText, spearman, weightsOf, type Scored } from "./model.ts";
import { FEATURE_NAMES } from "./features.ts";

const MIN_FOR_BASELINE = 5;

/** The median measured ER of the persona's posts, or the prior until it has a few. */
export async function baselineFor(db: Db, personaId: string): Promise<number> {
  const ers = (await measuredScores(db, personaId, 200)).map((r) => r.measuredEr ?? 0).sort((a, b) => a - b);
  if (ers.length < MIN_FOR_BASELINE) return PRIOR_BASELINE_ER;
  const m = Math.floor(ers.length / 2);
  return ers.length % 2 ? (ers[m] ?? 0) : ((ers[m - 1] ?? 0) + (ers[m] ?? 0)) / 2;
}

export async function scoreDraft(db: Db, personaId: string | null, text: string): Promise<Scored> {
  if (!personaId) return scoreText(text, weightsOf(await loadModel(db, "")), PRIOR_BASELINE_ER);
  const [model, baseline] = await Promise.all([loadModel(db, personaId), baselineFor(db, personaId)]);
  return scoreText(text, weightsOf(model), baseline);
}

/**
 * Feeds measured posts to their persona's model. `measure` returns the post's ER at the decision
 * window, or null while it has none yet (then the post waits for a later run).
 */
export async function learnFromMeasured(db: Db, measure: (postId: string) => Promise<number | null>, now: number): Promise<number> {
  const pending = await unlearnedScores(db);
  const models = new Map<string, Awaited<ReturnType<typeof loadModel>>>();
  let learned = 0;
  for (const row of pending) {
    const er = await measure(row.postId);
    if (er === null) continue;
    const model = models.get(row.personaId) ?? (await loadModel(db, row.personaId));
    models.set(row.personaId, learn(model, row.features, er));
    await markLearned(db, row.postId, er, now);
    learned++;
  }
  for (const [personaId, model] of models) await saveModel(db, personaId, model, now);
  return learned;
}

export interface ScoreModelReport {
  persona_id: string;
  trained_posts: number;
  measured_posts: number;
  /** Spearman rank correlation of the predicted (at writing time) vs measured ER. */
  spearman: number | null;
  baseline_engagement_rate: number;
  weights: Record<string, number>;
}

export async function scoreModelReport(db: Db, personaId: string): Promise<ScoreModelReport> {
  const [model, rows, baseline] = await Promise.all([loadModel(db, personaId), measuredScores(db, personaId), baselineFor(db, personaId)]);
  const w = weightsOf(model);
  const rho = spearman(rows.map((r) => r.predictedEr), rows.map((r) => r.measuredEr ?? 0));
  return {
    persona_id: personaId,
    trained_posts: model.n,
    measured_posts: rows.length,
    spearman: rho === null ? null : Math.round(rho * 10_000) / 10_000,
    baseline_engagement_rate: Math.round(baseline * 1e6) / 1e6,
    weights: Object.fromEntries([["intercept", w[0] ?? 0], ...FEATURE_NAMES.map((n, i) => [n, w[i + 1] ?? 0])].map(([k, v]) => [k, Math.round(Number(v) * 1e6) / 1e6])),
  };
}
