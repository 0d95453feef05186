// One look at an experiment: per-arm figures and the decision. Pure: the evaluator (D1 data),
// the API and the benchmark all call `analyse`.
import type { ArmSums } from "./stats.ts";
import { alwaysValidP, chanceToBeBest, csHalfWidth, ratioEstimate, rhoSquared, srmTest } from "./stats.ts";

export type ExperimentStatus = "running" | "winner" | "no_difference" | "stopped";
export type Policy = "fixed" | "bandit";

export interface DecisionRules {
  /** Family-wise error rate over all pairwise comparisons (Bonferroni). */
  alpha: number;
  /** Posts at which the confidence sequence is tightest (GrowthBook's tuning parameter N*). */
  tuning: number;
  minPostsPerArm: number;
  maxPostsPerArm: number;
  /** Relative lift below which arms count as the same (for `no_difference`). */
  mdeRelative: number;
  /** SRM flag threshold on the χ² p-value. */
  srmAlpha: number;
}

export interface ArmFigures {
  arm: string;
  posts: number;
  views: number;
  interactions: number;
  engagement_rate: number | null;
  /** Always-valid interval for the arm's ER at the family level α/m. */
  interval: [number, number] | null;
  chance_to_be_best: number;
}

export interface Comparison {
  arm: string;
  vs: string;
  /** ER(arm) − ER(vs). */
  difference: number;
  interval: [number, number] | null;
  /** Always-valid p-value, Bonferroni-adjusted over every pair. */
  p_value: number;
}

export interface Analysis {
  status: "running" | "winner" | "no_difference";
  winner: string | null;
  /** Adjusted p-value of the winner claim (or of the strongest difference while running). */
  p_value: number | null;
  reason: string;
  arms: ArmFigures[];
  comparisons: Comparison[];
  srm: { chi_square: number; p_value: number; flagged: boolean } | null;
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Winner: every arm has at least minPostsPerArm posts, and the best arm's confidence sequence of
 * the difference against every other arm lies above 0 at level α/m, m = K(K−1)/2 pairs
 * (Bonferroni: any pair's sequence missing its true difference at any look has probability ≤ α,
 * so picking the best arm from the data is covered). No difference: every pairwise sequence lies
 * within ±mde·ER, or every arm reached maxPostsPerArm. A fixed split with a sample-ratio
 * mismatch is never declared a winner: the split is broken, so the comparison is suspect.
 */
export function analyse(
  arms: string[],
  sums: ArmSums[],
  rules: DecisionRules,
  policy: Policy,
  assigned: number[],
): Analysis {
  const k = arms.length;
  const pairs = Math.max(1, (k * (k - 1)) / 2);
  const level = rules.alpha / pairs;
  const r2 = rhoSquared(rules.alpha, rules.tuning);
  const est = sums.map(ratioEstimate);
  const sds = est.map((e) => Math.sqrt(e.variance));
  const best = chanceToBeBest(
    est.map((e) => e.er),
    sds,
  );
  const figures: ArmFigures[] = arms.map((arm, i) => {
    const s = sums[i] as ArmSums;
    const e = est[i] as { er: number; variance: number };
    const hw = csHalfWidth(e.variance, s.n, level, r2);
    return {
      arm,
      posts: s.n,
      views: s.views,
      interactions: s.interactions,
      engagement_rate: s.views > 0 ? round(e.er) : null,
      interval: Number.isFinite(hw) ? [round(e.er - hw), round(e.er + hw)] : null,
      chance_to_be_best: round(best[i] ?? 0, 4),
    };
  });

  const srm =
    policy === "fixed" && assigned.reduce((a, b) => a + b, 0) > 0
      ? srmTest(
          assigned,
          arms.map(() => 1 / k),
        )
      : null;
  const srmOut = srm
    ? { chi_square: round(srm.chi_square, 4), p_value: round(srm.p_value, 8), flagged: srm.p_value < rules.srmAlpha }
    : null;

  const order = est.map((e, i) => ({ i, er: e.er })).sort((a, b) => b.er - a.er);
  const top = order[0]?.i ?? 0;
  const comparisons: Comparison[] = [];
  const pooledViews = sums.reduce((a, s) => a + s.views, 0);
  const pooledEr = pooledViews > 0 ? sums.reduce((a, s) => a + s.interactions, 0) / pooledViews : 0;
  let allInside = true;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      // Orient every comparison so the better arm comes first.
      const [i, j] = (est[a]?.er ?? 0) >= (est[b]?.er ?? 0) ? [a, b] : [b, a];
      const ei = est[i] as { er: number; variance: number };
      const ej = est[j] as { er: number; variance: number };
      const t = (sums[i]?.n ?? 0) + (sums[j]?.n ?? 0);
      const v = ei.variance + ej.variance;
      const d = ei.er - ej.er;
      const hw = csHalfWidth(v, t, level, r2);
      const p = Math.min(1, alwaysValidP(d, v, t, r2) * pairs);
      comparisons.push({
        arm: arms[i] ?? "",
        vs: arms[j] ?? "",
        difference: round(d),
        interval: Number.isFinite(hw) ? [round(d - hw), round(d + hw)] : null,
        p_value: round(p, 8),
      });
      const margin = rules.mdeRelative * pooledEr;
      if (!(Number.isFinite(hw) && d - hw > -margin && d + hw < margin)) allInside = false;
    }
  }

  const base = { arms: figures, comparisons, srm: srmOut };
  const enough = sums.every((s) => s.n >= rules.minPostsPerArm);
  const strongest = comparisons.length ? Math.min(...comparisons.map((c) => c.p_value)) : null;
  if (!enough)
    return {
      ...base,
      status: "running",
      winner: null,
      p_value: strongest,
      reason: `waiting for ${rules.minPostsPerArm} measured posts per arm`,
    };

  const vsTop = comparisons.filter((c) => c.arm === arms[top]);
  const topWins = vsTop.length === k - 1 && vsTop.every((c) => c.interval !== null && c.interval[0] > 0);
  if (topWins && !srmOut?.flagged) {
    const p = Math.max(...vsTop.map((c) => c.p_value));
    return {
      ...base,
      status: "winner",
      winner: arms[top] ?? null,
      p_value: p,
      reason: `${arms[top]} beats every other arm (always-valid, Bonferroni over ${pairs} pair${pairs === 1 ? "" : "s"})`,
    };
  }
  if (allInside)
    return {
      ...base,
      status: "no_difference",
      winner: null,
      p_value: strongest,
      reason: `every difference is within ±${rules.mdeRelative * 100}% of the engagement rate`,
    };
  if (sums.every((s) => s.n >= rules.maxPostsPerArm)) {
    return {
      ...base,
      status: "no_difference",
      winner: null,
      p_value: strongest,
      reason: `every arm reached ${rules.maxPostsPerArm} posts without a winner`,
    };
  }
  const why = srmOut?.flagged
    ? "sample-ratio mismatch on the fixed split: no winner until it is explained"
    : "no arm is ahead of every other yet";
  return { ...base, status: "running", winner: null, p_value: strongest, reason: why };
}

/**
 * Bandit weights (Thompson sampling): each arm's chance to be best, floored at `floor` and
 * renormalised; equal weights until every arm has minPostsPerArm measured posts, as GrowthBook's
 * bandits keep weights fixed until each variation has enough units (gbstats bandits.py,
 * `enough_units`) and floor them at `min_variation_weight`.
 */
export function banditWeights(sums: ArmSums[], minPostsPerArm: number, floor: number): number[] {
  const k = sums.length;
  if (k === 0) return [];
  if (sums.some((s) => s.n < minPostsPerArm)) return sums.map(() => 1 / k);
  const est = sums.map(ratioEstimate);
  const p = chanceToBeBest(
    est.map((e) => e.er),
    est.map((e) => Math.sqrt(e.variance)),
  );
  return floorWeights(p, floor);
}

/** Raise every weight to at least `floor` (capped at 1/K), taking the excess from the others. */
export function floorWeights(p: number[], floor: number): number[] {
  const k = p.length;
  const f = Math.min(floor, 1 / k);
  const low = p.map((w) => w < f);
  const lowCount = low.filter(Boolean).length;
  const highTotal = p.reduce((a, w, i) => (low[i] ? a : a + w), 0);
  const rest = 1 - f * lowCount;
  return p.map((w, i) => (low[i] ? f : highTotal > 0 ? (w / highTotal) * rest : rest / (k - lowCount)));
}
