// The engagement predictor behind the viral score: a per-persona ridge regression of measured
// engagement rate on the draft's features, learned online. Before any measurement it is the
// prior weights W0 (a hand-set guess); each measured post pulls it toward the persona's own
// audience: w = A⁻¹b with A = λI + Σ x xᵀ and b = λ·W0 + Σ x·y, so λ is the prior's weight in posts.
import { FEATURE_NAMES, featureVector, scoreFeatures, type ScoreFeatures } from "./features.ts";

/** Intercept, then one weight per feature (FEATURE_NAMES order), in engagement-rate units. */
export const PRIOR_WEIGHTS = [0.02, 0.01, 0.005, 0.003, 0.005, 0.01, 0.015, 0.008, 0.004];
export const PRIOR_STRENGTH = 20;
/** Engagement rate a "typical" draft gets before the persona has measured posts. */
export const PRIOR_BASELINE_ER = 0.05;

export interface ModelState {
  n: number;
  a: number[][];
  b: number[];
}

const dim = FEATURE_NAMES.length + 1;

export function priorModel(): ModelState {
  const a = Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => (i === j ? PRIOR_STRENGTH : 0)),
  );
  return { n: 0, a, b: PRIOR_WEIGHTS.map((w) => w * PRIOR_STRENGTH) };
}

/** Adds one measured post (the rank-one update of A and b). */
export function learn(m: ModelState, features: ScoreFeatures, measuredEr: number): ModelState {
  const x = featureVector(features);
  const a = m.a.map((row, i) => row.map((v, j) => v + (x[i] ?? 0) * (x[j] ?? 0)));
  const b = m.b.map((v, i) => v + (x[i] ?? 0) * measuredEr);
  return { n: m.n + 1, a, b };
}

/** Solves A w = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
export function weightsOf(m: ModelState): number[] {
  const a = m.a.map((row, i) => [...row, m.b[i] ?? 0]);
  for (let c = 0; c < dim; c++) {
    let p = c;
    for (let r = c + 1; r < dim; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[p]?.[c] ?? 0)) p = r;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const pivot = a[c]?.[c] ?? 1;
    for (let r = 0; r < dim; r++) {
      if (r === c) continue;
      const f = (a[r]?.[c] ?? 0) / pivot;
      for (let k = c; k <= dim; k++) (a[r] as number[])[k] = (a[r]?.[k] ?? 0) - f * (a[c]?.[k] ?? 0);
    }
  }
  return a.map((row, i) => (row[dim] ?? 0) / (row[i] ?? 1));
}

export interface Scored {
  score: number;
  predicted_engagement_rate: number;
  features: ScoreFeatures;
  /** Which predictor: the persona's learned model (docs/score.md) or the features model. */
  model?: "learned" | "features";
}

/**
 * score = σ(2·ln(predicted / baseline)) = p² / (p² + baseline²): 0.5 for a draft predicted to do
 * as well as the persona's typical post, towards 1 above, towards 0 below.
 */
export function scoreText(text: string, weights: number[], baselineEr: number): Scored {
  const features = scoreFeatures(text);
  const x = featureVector(features);
  const predicted = Math.max(
    0.0005,
    x.reduce((acc, v, i) => acc + v * (weights[i] ?? 0), 0),
  );
  const base = Math.max(0.0005, baselineEr);
  const score = (predicted * predicted) / (predicted * predicted + base * base);
  return {
    score: Math.round(score * 10_000) / 10_000,
    predicted_engagement_rate: Math.round(predicted * 1e6) / 1e6,
    features,
  };
}

/** Spearman's ρ (Pearson on average ranks, ties shared); null with fewer than 3 pairs. */
export function spearman(xs: number[], ys: number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const rx = ranks(xs.slice(0, n));
  const ry = ranks(ys.slice(0, n));
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] ?? 0) - mean;
    const dy = (ry[i] ?? 0) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

function ranks(v: number[]): number[] {
  const order = v.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(v.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]?.x === order[s]?.x) e++;
    for (let k = s; k <= e; k++) out[order[k]?.i ?? 0] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return out;
}
