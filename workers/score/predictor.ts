// Scoring a draft for a persona with what the persona's audience has taught the model so far,
// and teaching it: once a post's engagement rate at the decision window is measured, the post
// becomes one more training example (called from the every-15-minutes evaluation).
import type { SQLWrapper } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  loadModel,
  markLearned,
  measuredErsQuery,
  measuredScores,
  modelOf,
  modelQuery,
  recentHooksQuery,
  saveModel,
  unlearnedScores,
} from "../db/scores.ts";
import { learn, PRIOR_BASELINE_ER, scoreText, spearman, weightsOf, type ModelState, type Scored } from "./model.ts";
import { FEATURE_NAMES } from "./features.ts";
import { learnedModelQuery, loadLearnedModel } from "../db/learned-scores.ts";
import type { LearnedScoreModelRow } from "../db/schema/index.ts";
import { learnedOf, scoreLearned } from "./learned-score.ts";
import type { HeldOut, LearnedModel } from "./learned.ts";

const MIN_FOR_BASELINE = 5;
/** Hook fatigue counts the hooks of the persona's posts of the last 7 days. */
export const HOOK_FATIGUE_WINDOW_MS = 7 * 86_400_000;
// The baseline is the median of at most this many latest measured posts.
const BASELINE_POSTS = 200;

/** The median of the persona's measured ERs, or the prior until it has a few. */
export function baselineOf(measured: number[]): number {
  const ers = [...measured].sort((a, b) => a - b);
  if (ers.length < MIN_FOR_BASELINE) return PRIOR_BASELINE_ER;
  const m = Math.floor(ers.length / 2);
  return ers.length % 2 ? (ers[m] ?? 0) : ((ers[m - 1] ?? 0) + (ers[m] ?? 0)) / 2;
}

export async function baselineFor(db: Db, personaId: string): Promise<number> {
  return baselineOf((await measuredErsQuery(db, personaId, BASELINE_POSTS).all()).map((r) => r.er ?? 0));
}

/**
 * What scoring a persona's drafts needs from D1: its features model, its baseline ER, its recent
 * hooks (hook fatigue) and its learned model (the prior while it has none).
 */
export interface Scoring {
  model: ModelState;
  baseline: number;
  hooks: { hook: string; createdAt: number }[];
  learned: LearnedModel;
}

/** The statements that read a persona's Scoring (by id, or a subquery that selects it), to batch with others. */
export const scoringQueries = (db: Db, personaId: string | SQLWrapper, hooksSince: number | SQLWrapper) =>
  [
    modelQuery(db, personaId),
    measuredErsQuery(db, personaId, BASELINE_POSTS),
    recentHooksQuery(db, personaId, hooksSince),
    learnedModelQuery(db, personaId),
  ] as const;

export function scoringFrom(
  model: Parameters<typeof modelOf>[0],
  ers: { er: number | null }[],
  hooks: Scoring["hooks"],
  learned: LearnedScoreModelRow[],
): Scoring {
  return {
    model: modelOf(model),
    baseline: baselineOf(ers.map((r) => r.er ?? 0)),
    hooks,
    learned: learnedOf(learned[0]),
  };
}

/** The persona's Scoring in one D1 round trip; hooks of posts created since `hooksSince`. */
export async function loadScoring(db: Db, personaId: string, hooksSince: number): Promise<Scoring> {
  const [model, ers, hooks, learned] = await db.batch(scoringQueries(db, personaId, hooksSince));
  return scoringFrom(model, ers, hooks, learned);
}

/** The learned model scores once it was fitted on at least `learnedMinPosts` posts (SCORE_LEARNED_MIN_POSTS). */
export const usesLearned = (s: Pick<Scoring, "learned">, learnedMinPosts: number): boolean =>
  s.learned.n > 0 && s.learned.n >= learnedMinPosts;

/** The score the quality gate gives: the learned model's once it has enough data, else the features model's. */
export const scoreWith = (
  s: Pick<Scoring, "model" | "baseline" | "learned">,
  text: string,
  learnedMinPosts: number,
): Scored =>
  usesLearned(s, learnedMinPosts)
    ? scoreLearned(s.learned, text)
    : { ...scoreText(text, weightsOf(s.model), s.baseline), model: "features" };

export interface DraftScore extends Scored {
  model: "learned" | "features";
  /** With a persona: the learned model's view of the text (the prior alone while it has no data). */
  learned?: Scored & { n: number; used_by_gate: boolean };
}

export async function scoreDraft(
  db: Db,
  personaId: string | null,
  text: string,
  learnedMinPosts: number,
): Promise<DraftScore> {
  if (!personaId)
    return { ...scoreText(text, weightsOf(await loadModel(db, "")), PRIOR_BASELINE_ER), model: "features" };
  const [model, baseline, row] = await Promise.all([
    loadModel(db, personaId),
    baselineFor(db, personaId),
    loadLearnedModel(db, personaId),
  ]);
  const s = { model, baseline, learned: learnedOf(row) };
  const used = usesLearned(s, learnedMinPosts);
  return {
    ...scoreWith(s, text, learnedMinPosts),
    model: used ? "learned" : "features",
    learned: { ...scoreLearned(s.learned, text), n: s.learned.n, used_by_gate: used },
  };
}

/**
 * Feeds measured posts to their persona's model. `measure` returns the post's ER at the decision
 * window, or null while it has none yet (then the post waits for a later run).
 */
export async function learnFromMeasured(
  db: Db,
  measure: (postId: string) => Promise<number | null>,
  now: number,
): Promise<number> {
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
  /** The learned model (docs/score.md): posts fitted, whether the gate uses it, the held-out check. */
  learned: {
    n: number;
    min_posts: number;
    used_by_gate: boolean;
    trained_at: string | null;
    baseline_engagement_rate: number;
    held_out: HeldOut;
  };
}

const NO_HELD_OUT: HeldOut = {
  n_train: 0,
  n_test: 0,
  spearman: null,
  length_only_spearman: null,
  prior_spearman: null,
};

export async function scoreModelReport(db: Db, personaId: string, learnedMinPosts: number): Promise<ScoreModelReport> {
  const [model, rows, baseline, learnedRow] = await Promise.all([
    loadModel(db, personaId),
    measuredScores(db, personaId),
    baselineFor(db, personaId),
    loadLearnedModel(db, personaId),
  ]);
  const learned = learnedOf(learnedRow);
  const w = weightsOf(model);
  const rho = spearman(
    rows.map((r) => r.predictedEr),
    rows.map((r) => r.measuredEr ?? 0),
  );
  return {
    persona_id: personaId,
    trained_posts: model.n,
    measured_posts: rows.length,
    spearman: rho === null ? null : Math.round(rho * 10_000) / 10_000,
    baseline_engagement_rate: Math.round(baseline * 1e6) / 1e6,
    weights: Object.fromEntries(
      [["intercept", w[0] ?? 0], ...FEATURE_NAMES.map((n, i) => [n, w[i + 1] ?? 0])].map(([k, v]) => [
        k,
        Math.round(Number(v) * 1e6) / 1e6,
      ]),
    ),
    learned: {
      n: learned.n,
      min_posts: learnedMinPosts,
      used_by_gate: usesLearned({ learned }, learnedMinPosts),
      trained_at: learnedRow ? new Date(learnedRow.trainedAt).toISOString() : null,
      baseline_engagement_rate: Math.round(learned.baselineEr * 1e6) / 1e6,
      held_out: learnedRow?.heldOut ?? NO_HELD_OUT,
    },
  };
}
