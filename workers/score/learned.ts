// The learned engagement predictor (docs/score.md): a ridge regression of a post's log engagement
// rate on the 8 named features, its length and hashed word uni- and bigrams, fitted per persona on
// every post of it with metrics (published or imported), shrunk toward a prior that was fitted on
// public real posts (prior-weights.ts). The fit minimises Σ(y − xw)² + Σ λ_k (w_k − w0_k)², so the
// prior counts as λ posts' worth of evidence per weight and a persona's own data overrides it.
import { stableHash53 } from "../experiments/stable-hash.ts";
import { countChars, findEmoji, findLinks } from "../text/threads-text.ts";
import { FEATURE_NAMES, scoreFeatures, type ScoreFeatures } from "./features.ts";
import { spearman } from "./model.ts";
import type { HeldOut, TrainingPost } from "../db/schema/scores.ts";

export type { HeldOut, TrainingPost };

/** Hashed n-gram buckets. */
export const HASH_BUCKETS = 256;
const NAMED = FEATURE_NAMES.length;
const LENGTH_FEATURES = 2;
/** Lines, links, hashtags, mentions, a question mark, emoji. */
const STRUCTURE_FEATURES = 6;
/** intercept, named features, length, structure: the general features the prior carries. */
export const GENERAL_DIM = 1 + NAMED + LENGTH_FEATURES + STRUCTURE_FEATURES;
/** … then the hashed n-grams, which only the persona's own posts teach. */
export const DIM = GENERAL_DIM + HASH_BUCKETS;
const HASH_OFFSET = GENERAL_DIM;
/** The intercept is barely held to the prior: each audience has its own typical engagement rate. */
const INTERCEPT_LAMBDA = 0.01;

/** What is stored per persona (migrations/0017) and shipped as the prior. */
export interface LearnedModel {
  /** Posts fitted (0: the prior alone). */
  n: number;
  weights: number[];
  /** Mean log engagement rate of the fitted posts: the model predicts the deviation from it. */
  meanLogEr: number;
  /** exp(median log engagement rate): the rate a typical post of this persona gets (score 0.5). */
  baselineEr: number;
}

/** ln((interactions + ½) / (views + 1)): finite for posts without interactions. */
export const logEr = (p: Pick<TrainingPost, "views" | "interactions">): number =>
  Math.log((p.interactions + 0.5) / (Math.max(0, p.views) + 1));

// n-grams are bucketed by the one stable hash (experiments/stable-hash.ts), so stored weights keep their meaning.

/** Lower-cased word tokens; links, numbers and mentions folded to one token each. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, " _url_ ")
    .replace(/@\w+/g, " _at_ ")
    .replace(/\d+([.,]\d+)?%?/g, " _num_ ")
    .split(/[^\p{L}\p{N}_#]+/u)
    .filter(Boolean);
}

/** Sparse feature vector: [index, value] pairs, the intercept first. */
export function featurize(text: string, named: ScoreFeatures = scoreFeatures(text)): [number, number][] {
  const x: [number, number][] = [[0, 1]];
  FEATURE_NAMES.forEach((n, i) => {
    x.push([1 + i, named[n]]);
  });
  const l = Math.log(1 + countChars(text)) / Math.log(501);
  x.push([1 + NAMED, l], [2 + NAMED, l * l]);
  const lines = text.split("\n").filter((s) => s.trim()).length;
  const s0 = 1 + NAMED + LENGTH_FEATURES;
  x.push(
    [s0, Math.min(1, (lines - 1) / 5)],
    [s0 + 1, Math.min(1, findLinks(text).length)],
    [s0 + 2, Math.min(1, (text.match(/#\p{L}/gu) ?? []).length / 3)],
    [s0 + 3, Math.min(1, (text.match(/@\w/g) ?? []).length / 2)],
    [s0 + 4, text.includes("?") ? 1 : 0],
    [s0 + 5, findEmoji(text).length ? 1 : 0],
  );
  const t = tokens(text);
  const grams = [...t, ...t.slice(1).map((w, i) => `${t[i]} ${w}`)];
  if (grams.length) {
    const v = 1 / Math.sqrt(grams.length);
    const counts = new Map<number, number>();
    for (const g of grams) {
      const k = HASH_OFFSET + (stableHash53(g) % HASH_BUCKETS);
      counts.set(k, (counts.get(k) ?? 0) + v);
    }
    for (const kv of counts) x.push(kv);
  }
  return x;
}

const dot = (x: [number, number][], w: number[]) => x.reduce((s, [k, v]) => s + v * (w[k] ?? 0), 0);

/** Solves (A) w = b for symmetric positive definite A by Cholesky (A is overwritten). */
function solveSpd(a: Float64Array, b: Float64Array, d: number): number[] {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j] ?? 0;
    for (let k = 0; k < j; k++) s -= (a[j * d + k] ?? 0) ** 2;
    const l = Math.sqrt(Math.max(s, 1e-12));
    a[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) t -= (a[i * d + k] ?? 0) * (a[j * d + k] ?? 0);
      a[i * d + j] = t / l;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (a[i * d + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (a[i * d + i] ?? 1);
  }
  const w = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < d; k++) s -= (a[k * d + i] ?? 0) * (w[k] ?? 0);
    w[i] = s / (a[i * d + i] ?? 1);
  }
  return w;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export interface FitOptions {
  /** Prior strength in posts per weight. */
  lambda: number;
  /** Only these feature indexes take part (the others keep weight 0): the length-only baseline. */
  only?: (index: number) => boolean;
  /**
   * Per post, subtracted from its log engagement rate before the fit: a prior pooled over several
   * accounts centres each on its own mean, since every audience has its own typical rate.
   */
  offsets?: number[];
}

/** Fits the model on `posts`, shrunk toward `prior` (its weights; none: toward zero). */
export function fit(posts: TrainingPost[], prior: LearnedModel | null, opts: FitOptions): LearnedModel {
  const w0 = prior?.weights ?? [];
  if (posts.length === 0 && prior) return { ...prior, n: 0 };
  const ys = posts.map(logEr);
  const meanLogEr = ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : (prior?.meanLogEr ?? Math.log(0.05));
  const a = new Float64Array(DIM * DIM);
  const b = new Float64Array(DIM);
  posts.forEach((p, i) => {
    const x = opts.only ? featurize(p.text).filter(([k]) => opts.only?.(k)) : featurize(p.text);
    const y = (ys[i] ?? 0) - (opts.offsets ? (opts.offsets[i] ?? 0) : meanLogEr);
    for (const [k, v] of x) {
      b[k] = (b[k] ?? 0) + v * y;
      for (const [l, u] of x) a[k * DIM + l] = (a[k * DIM + l] ?? 0) + v * u;
    }
  });
  for (let k = 0; k < DIM; k++) {
    const used = !opts.only || opts.only(k);
    const lambda = !used ? 1 : k === 0 ? INTERCEPT_LAMBDA : opts.lambda;
    a[k * DIM + k] = (a[k * DIM + k] ?? 0) + lambda;
    if (used) b[k] = (b[k] ?? 0) + lambda * (w0[k] ?? 0);
  }
  const weights = solveSpd(a, b, DIM).map((w) => Math.round(w * 1e6) / 1e6);
  return {
    n: posts.length,
    weights,
    meanLogEr,
    baselineEr: ys.length ? Math.exp(median(ys)) : (prior?.baselineEr ?? 0.05),
  };
}

/** Predicted log engagement rate. */
export const predictLogEr = (m: LearnedModel, text: string, named?: ScoreFeatures): number =>
  m.meanLogEr + dot(featurize(text, named), m.weights);

/** Indexes of the length features and the intercept: what the length-only baseline may use. */
export const isLengthFeature = (k: number) => k === 0 || (k > NAMED && k <= NAMED + LENGTH_FEATURES);
/** Indexes of the general features (no n-grams): what the public prior may use. */
export const isGeneralFeature = (k: number) => k < GENERAL_DIM;

const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/**
 * Time-ordered held-out check: the earliest (1 − testShare) of the posts train, the latest are
 * predicted. Returns nulls while there are fewer than 3 test posts.
 */
export function heldOut(posts: TrainingPost[], prior: LearnedModel, opts: FitOptions, testShare = 0.2): HeldOut {
  const sorted = [...posts].sort((p, q) => p.at - q.at);
  const nTest = Math.floor(sorted.length * testShare);
  const train = sorted.slice(0, sorted.length - nTest);
  const test = sorted.slice(sorted.length - nTest);
  const truth = test.map(logEr);
  const rho = (m: LearnedModel) =>
    round4(
      spearman(
        test.map((p) => predictLogEr(m, p.text)),
        truth,
      ),
    );
  return {
    n_train: train.length,
    n_test: test.length,
    spearman: rho(fit(train, prior, opts)),
    length_only_spearman: rho(fit(train, null, { lambda: 1, only: isLengthFeature })),
    prior_spearman: rho(prior),
  };
}
