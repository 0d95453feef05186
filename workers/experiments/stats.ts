// The statistics behind experiment decisions, pure so the Worker, the tests and the benchmark
// (bench/experiments) run exactly the same code.
//
// Unit of analysis: the post. Views inside one post are correlated (one hook, one audience, one
// hour), so the engagement rate of an arm is a ratio metric over posts, ER = Σ interactions / Σ
// views, and its variance comes from the delta method across posts, as GrowthBook's
// `variance_of_ratios` (github.com/growthbook/growthbook packages/stats/gbstats/utils.py).
//
// Decisions use the asymptotic confidence sequence of Waudby-Smith, Ramdas et al. ("Time-uniform
// central limit theory and asymptotic confidence sequences", 2023; Howard et al. 2021 for the
// normal-mixture boundary) in the form GrowthBook's sequential testing uses it
// (docs.growthbook.io/statistics/sequential, read 2026-12-01): valid at every look, so checking
// every 15 minutes does not inflate false positives the way re-running a z-test does.

/** Sufficient statistics of one arm: per-post interactions x and views v. */
export interface ArmSums {
  n: number;
  views: number;
  interactions: number;
  /** Σ v², Σ x², Σ x·v over posts. */
  vv: number;
  xx: number;
  xv: number;
}

export const emptySums = (): ArmSums => ({ n: 0, views: 0, interactions: 0, vv: 0, xx: 0, xv: 0 });

export function addPost(s: ArmSums, views: number, interactions: number): void {
  s.n += 1;
  s.views += views;
  s.interactions += interactions;
  s.vv += views * views;
  s.xx += interactions * interactions;
  s.xv += interactions * views;
}

export interface RatioEstimate {
  /** Engagement rate Σx / Σv (0 without views). */
  er: number;
  /** Estimated variance of `er` (delta method); Infinity with fewer than 2 posts. */
  variance: number;
}

/**
 * Delta method for a ratio of means: Var(x̄/v̄) ≈ (σx²/μv² − 2μxσxv/μv³ + μx²σv²/μv⁴) / n,
 * with the (n−1) sample variances and covariance.
 */
export function ratioEstimate(s: ArmSums): RatioEstimate {
  if (s.n === 0 || s.views <= 0) return { er: 0, variance: Infinity };
  const er = s.interactions / s.views;
  if (s.n < 2) return { er, variance: Infinity };
  const mx = s.interactions / s.n;
  const mv = s.views / s.n;
  const varX = (s.xx - s.n * mx * mx) / (s.n - 1);
  const varV = (s.vv - s.n * mv * mv) / (s.n - 1);
  const cov = (s.xv - s.n * mx * mv) / (s.n - 1);
  const unit = varX / (mv * mv) - (2 * mx * cov) / mv ** 3 + (mx * mx * varV) / mv ** 4;
  return { er, variance: Math.max(unit, 0) / s.n };
}

// ---------------------------------------------------------------------------------------------
// Normal distribution

/** Φ(x), via the complementary error function (W. J. Cody's rational approximation, |ε| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Φ⁻¹(p), Acklam's algorithm (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

// ---------------------------------------------------------------------------------------------
// Confidence sequences

/**
 * ρ² that makes the boundary tightest at `tuning` units (GrowthBook's sequential tuning
 * parameter N*): ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*.
 */
export const rhoSquared = (alpha: number, tuning: number): number =>
  (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;

/**
 * ρ is fixed by the configured α and N* (any fixed ρ gives a valid sequence at every level, so
 * the p-value below and the intervals at α/m share it).
 *
 * Half-width of the two-sided asymptotic confidence sequence for an estimate with variance
 * `variance` after `t` units: with σ² = variance·t (the per-unit variance),
 *   σ · sqrt( 2(tρ² + 1) / (t²ρ²) · ln( sqrt(tρ² + 1) / α ) ).
 */
export function csHalfWidth(variance: number, t: number, alpha: number, r2: number): number {
  if (!Number.isFinite(variance) || t <= 0) return Infinity;
  const sigma = Math.sqrt(variance * t);
  return sigma * Math.sqrt(((2 * (t * r2 + 1)) / (t * t * r2)) * Math.log(Math.sqrt(t * r2 + 1) / alpha));
}

/**
 * The always-valid p-value of "effect = 0": the smallest α whose confidence sequence excludes 0,
 * p = min(1, sqrt(tρ² + 1) · exp(−(Δ²/V) · tρ² / (2(tρ² + 1)))).
 */
export function alwaysValidP(delta: number, variance: number, t: number, r2: number): number {
  if (!Number.isFinite(variance) || variance <= 0 || t <= 0) return variance === 0 && delta !== 0 ? 0 : 1;
  const p = Math.sqrt(t * r2 + 1) * Math.exp(-((delta * delta) / variance) * ((t * r2) / (2 * (t * r2 + 1))));
  return Math.min(1, p);
}

/** The classic fixed-horizon two-sided z-test p-value: only valid if looked at once. */
export function naiveZP(delta: number, variance: number): number {
  if (!Number.isFinite(variance) || variance <= 0) return 1;
  return 2 * (1 - normalCdf(Math.abs(delta) / Math.sqrt(variance)));
}

// ---------------------------------------------------------------------------------------------
// Chance to be best (Gaussian approximation of each arm's ER)

/**
 * P(arm k has the highest mean) for independent normals: ∫ φ_k(x) Π_{i≠k} Φ((x − m_i)/s_i) dx,
 * integrated numerically (deterministic, unlike Monte Carlo). An arm with no spread counts as
 * a point mass at its mean.
 */
export function chanceToBeBest(means: number[], sds: number[]): number[] {
  const k = means.length;
  if (k === 0) return [];
  if (k === 1) return [1];
  if (k === 2) {
    // Closed form: P(A > B) = Φ((m_A − m_B) / sqrt(s_A² + s_B²)).
    const s = Math.sqrt((sds[0] ?? 0) ** 2 + (sds[1] ?? 0) ** 2);
    const d = (means[0] ?? 0) - (means[1] ?? 0);
    const pa = Number.isFinite(s) && s > 0 ? normalCdf(d / s) : d > 0 ? 1 : d < 0 ? 0 : 0.5;
    return [pa, 1 - pa];
  }
  const finite = sds.map((s) => (Number.isFinite(s) ? Math.max(s, 1e-12) : 1e6));
  const out = means.map((m, i) => {
    const s = finite[i] ?? 1;
    const steps = 400;
    const lo = m - 8 * s;
    const h = (16 * s) / steps;
    let sum = 0;
    for (let j = 0; j <= steps; j++) {
      const x = lo + j * h;
      const z = (x - m) / s;
      let prod = Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
      for (let o = 0; o < k; o++) if (o !== i) prod *= normalCdf((x - (means[o] ?? 0)) / (finite[o] ?? 1));
      sum += (j === 0 || j === steps ? 0.5 : 1) * prod;
    }
    return sum * h;
  });
  const total = out.reduce((a, b) => a + b, 0);
  return total > 0 ? out.map((p) => p / total) : means.map(() => 1 / k);
}

// ---------------------------------------------------------------------------------------------
// Sample-ratio mismatch

/** Regularised upper incomplete gamma Q(a, x) (Numerical Recipes: series below a+1, else continued fraction). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnGammaA = lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

/** ln Γ(x), Lanczos approximation (g = 7, n = 9). */
function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = g[0] ?? 1;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (g[i] ?? 0) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(χ²_df ≥ x). */
export const chiSquareSurvival = (x: number, df: number): number => gammaQ(df / 2, x / 2);

/** Pearson's χ² test of observed counts against the expected split (weights sum to 1). */
export function srmTest(counts: number[], weights: number[]): { chi_square: number; p_value: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length < 2) return { chi_square: 0, p_value: 1 };
  let chi = 0;
  counts.forEach((c, i) => {
    const e = total * (weights[i] ?? 0);
    if (e > 0) chi += ((c - e) * (c - e)) / e;
  });
  return { chi_square: chi, p_value: chiSquareSurvival(chi, counts.length - 1) };
}
