// The learned score (workers/score/learned.ts): it learns what a persona's audience rewards from
// the persona's own posts, and only that. A shuffled-target control learns nothing, and on real
// posts the cold-start prior does not do worse than length alone (docs/score.md).
import { describe, expect, it } from "vitest";
import { fixturePosts } from "../../bench/score/fixture-posts.ts";
import { seededRandom } from "../../workers/fake-threads/prng.ts";
import { scoreLearned } from "../../workers/score/learned-score.ts";
import { fit, heldOut, logEr, predictLogEr, type TrainingPost } from "../../workers/score/learned.ts";
import { spearman } from "../../workers/score/model.ts";
import { PERSONA_LAMBDA, PRIOR_MODEL } from "../../workers/score/prior-weights.ts";
import lisaTest from "../fixtures/real-posts/lisadebruine-tweets.test.json";
import lisaTrain from "../fixtures/real-posts/lisadebruine-tweets.train.json";
import ropensciTest from "../fixtures/real-posts/ropensci-tweets.test.json";
import ropensciTrain from "../fixtures/real-posts/ropensci-tweets.train.json";

const FILLER = (
  "team launch pricing churn hiring users growth market design code product customer support feedback " +
  "roadmap sprint meeting budget process metrics retention onboarding sales revenue coffee office"
).split(" ");

/** Posts of a persona whose audience gives posts that mention `favourite` `lift`× the engagement. */
function audience(seed: string, n: number, favourite: string, lift: number): TrainingPost[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 8 + Math.floor(rnd() * 20) }, () => FILLER[Math.floor(rnd() * FILLER.length)]);
    const hit = rnd() < 0.4;
    if (hit) words.splice(Math.floor(rnd() * words.length), 0, favourite);
    const views = 800 + Math.floor(rnd() * 4000);
    // Multiplicative noise around a 2% base rate; the favourite word multiplies it.
    const er = 0.02 * (hit ? lift : 1) * Math.exp((rnd() - 0.5) * 0.8);
    return {
      text: `${words.join(" ")}.`,
      at: 1_700_000_000_000 + i * 3_600_000,
      views,
      interactions: Math.round(views * er),
    };
  });
}

const shuffled = (posts: TrainingPost[], seed: string): TrainingPost[] => {
  const rnd = seededRandom(seed);
  const counts = posts.map((p) => ({ views: p.views, interactions: p.interactions }));
  for (let i = counts.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [counts[i], counts[j]] = [counts[j] as (typeof counts)[number], counts[i] as (typeof counts)[number]];
  }
  return posts.map((p, i) => ({ ...p, ...counts[i] }));
};

describe("learned score", () => {
  it("learns that this audience rewards posts about sourdough, and ranks a new one higher", () => {
    const posts = audience("sourdough", 120, "sourdough", 3);
    const check = heldOut(posts, PRIOR_MODEL, { lambda: PERSONA_LAMBDA });
    expect(check).toMatchObject({ n_train: 96, n_test: 24 });
    expect(check.spearman).toBeGreaterThan(0.6);
    // Length says nothing here, and the prior knows nothing of sourdough.
    expect(Math.abs(check.length_only_spearman ?? 1)).toBeLessThan(0.4);
    expect(check.spearman ?? 0).toBeGreaterThan((check.prior_spearman ?? 0) + 0.3);

    const model = fit(posts, PRIOR_MODEL, { lambda: PERSONA_LAMBDA });
    const about = "the launch of our sourdough team went well, feedback from users.";
    const other = "the launch of our product team went well, feedback from users.";
    expect(scoreLearned(model, about).score).toBeGreaterThan(scoreLearned(model, other).score);
    // The prior alone has no reason to prefer either by much.
    expect(Math.abs(predictLogEr(PRIOR_MODEL, about) - predictLogEr(PRIOR_MODEL, other))).toBeLessThan(0.2);
  });

  it("a different audience teaches the opposite preference", () => {
    const model = fit(audience("hiring", 120, "hiring", 3), PRIOR_MODEL, { lambda: PERSONA_LAMBDA });
    const a = "our hiring process for the support team, feedback welcome.";
    const b = "our pricing process for the support team, feedback welcome.";
    expect(scoreLearned(model, a).score).toBeGreaterThan(scoreLearned(model, b).score);
  });

  it("learns nothing from shuffled engagement (the control)", () => {
    const rhos = ["s1", "s2", "s3", "s4", "s5"].map(
      (seed) =>
        heldOut(shuffled(audience("sourdough", 120, "sourdough", 3), seed), PRIOR_MODEL, { lambda: PERSONA_LAMBDA })
          .spearman ?? 0,
    );
    const mean = rhos.reduce((s, x) => s + x, 0) / rhos.length;
    expect(Math.abs(mean)).toBeLessThan(0.2);
    const model = fit(shuffled(audience("sourdough", 120, "sourdough", 3), "s1"), PRIOR_MODEL, {
      lambda: PERSONA_LAMBDA,
    });
    const gap =
      predictLogEr(model, "the launch of our sourdough team went well.") -
      predictLogEr(model, "the launch of our product team went well.");
    expect(Math.abs(gap)).toBeLessThan(0.3);
  });

  it("with no history is the prior, scored against the prior's typical engagement rate", () => {
    const m = fit([], PRIOR_MODEL, { lambda: PERSONA_LAMBDA });
    expect(m).toEqual({ ...PRIOR_MODEL, n: 0 });
    const s = scoreLearned(m, "A post of ordinary length about our team and what we learned this week.");
    expect(s.score).toBeGreaterThan(0);
    expect(s.score).toBeLessThan(1);
    expect(s.model).toBe("learned");
  });

  it("on real posts' held-out splits the learned model uses the history, and the committed split is by time", () => {
    for (const [trainFile, testFile, n] of [
      [ropensciTrain, ropensciTest, 1316],
      [lisaTrain, lisaTest, 1077],
    ] as const) {
      const train = fixturePosts(trainFile);
      const test = fixturePosts(testFile);
      expect(train.length + test.length).toBe(n);
      expect(test.length).toBe(Math.floor(n * 0.2));
      // Every test post is later than every train post: no test period leaks into the fit.
      expect(Math.max(...train.map((p) => p.at))).toBeLessThanOrEqual(Math.min(...test.map((p) => p.at)));
      const onTest = (m: typeof PRIOR_MODEL) =>
        spearman(
          test.map((p) => predictLogEr(m, p.text)),
          test.map(logEr),
        ) ?? 0;
      // The prior carries real signal (the hand-set viral score did not: docs/score.md).
      expect(onTest(PRIOR_MODEL)).toBeGreaterThan(0);
      // A history moves the model: fitted on the train split it ranks the test split better than the prior alone.
      expect(onTest(fit(train, PRIOR_MODEL, { lambda: PERSONA_LAMBDA }))).toBeGreaterThan(onTest(PRIOR_MODEL));
    }
  });
});
