// The learned score on real public posts (test/fixtures/real-posts/, SOURCE.md there), on the
// time-ordered TEST split only (the prior was fitted and tuned on the train split alone):
//   npm run bench -- --only score
import { fit, logEr, predictLogEr, type LearnedModel, type TrainingPost } from "../../workers/score/learned.ts";
import { PRIOR_MODEL, PERSONA_LAMBDA } from "../../workers/score/prior-weights.ts";
import { isLengthFeature } from "../../workers/score/learned.ts";
import { PRIOR_WEIGHTS, scoreText, spearman } from "../../workers/score/model.ts";
import { seededRandom } from "../../workers/fake-threads/prng.ts";
import { otherAccountPosts, realSplit, timeSplit } from "./real-posts.ts";

export interface ScoreBenchResult {
  train: number;
  test: number;
  /** Fitted on the train split as a persona's history (shrunk toward the prior). */
  learned: number;
  /** The shipped prior alone: no history. */
  prior: number;
  /** Length alone, fitted on the train split. */
  lengthOnly: number;
  /** The hand-set viral score (features model before any measurement). */
  viralScore: number;
  /** The second account, which nothing was tuned on. */
  other: {
    posts: number;
    prior: number;
    lengthOnly: number;
    train: number;
    test: number;
    learned: number;
    ownLengthOnly: number;
  };
  ok: boolean;
}

const r4 = (x: number | null) => Math.round((x ?? 0) * 10_000) / 10_000;

/** 95% paired bootstrap interval of ρ(a) − ρ(b) over the test posts (2,000 resamples, seeded). */
function diffInterval(a: number[], b: number[], truth: number[]): [number, number] {
  const next = seededRandom("score-bench");
  const diffs: number[] = [];
  for (let r = 0; r < 2000; r++) {
    const idx = truth.map(() => Math.floor(next() * truth.length));
    const pick = (v: number[]) => idx.map((i) => v[i] ?? 0);
    diffs.push((spearman(pick(a), pick(truth)) ?? 0) - (spearman(pick(b), pick(truth)) ?? 0));
  }
  diffs.sort((x, y) => x - y);
  return [r4(diffs[50] ?? 0), r4(diffs[1949] ?? 0)];
}

export function runScoreBench(opts: { log: (line: string) => void }): ScoreBenchResult {
  const { train, test } = realSplit();
  const truth = test.map(logEr);
  const rho = (v: number[]) => r4(spearman(v, truth));
  const of = (m: LearnedModel) => test.map((p) => predictLogEr(m, p.text));
  const learnedP = of(fit(train, PRIOR_MODEL, { lambda: PERSONA_LAMBDA }));
  const priorP = of(PRIOR_MODEL);
  const lengthP = of(fit(train, null, { lambda: 1, only: isLengthFeature }));
  const [learned, prior, lengthOnly] = [rho(learnedP), rho(priorP), rho(lengthP)];
  const viralScore = rho(test.map((p) => scoreText(p.text, PRIOR_WEIGHTS, 0.05).predicted_engagement_rate));
  const [pLo, pHi] = diffInterval(priorP, lengthP, truth);
  const [lLo, lHi] = diffInterval(learnedP, lengthP, truth);
  opts.log(
    `score on real posts: Spearman ${learned} held out (train ${train.length}, test ${test.length}) vs length-only ${lengthOnly}`,
  );
  opts.log(
    `score on real posts, prior alone (no history): Spearman ${prior} held out (test ${test.length}) vs length-only ${lengthOnly}; hand-set viral score ${viralScore}`,
  );
  opts.log(
    `score on real posts, 95% paired bootstrap of the difference to length-only: learned [${lLo}, ${lHi}], prior alone [${pLo}, ${pHi}]`,
  );
  const other = otherAccount(opts.log);
  return {
    train: train.length,
    test: test.length,
    learned,
    prior,
    lengthOnly,
    viralScore,
    other,
    ok: prior >= lengthOnly && other.prior >= other.lengthOnly,
  };
}

/**
 * The second account: cold start (the prior, and length alone fitted on the public train split,
 * on all its posts), then its own history (its earliest 80% fit, its latest 20% test).
 */
function otherAccount(log: (line: string) => void): ScoreBenchResult["other"] {
  const all = otherAccountPosts();
  const rhoOn = (posts: TrainingPost[], m: LearnedModel) =>
    r4(
      spearman(
        posts.map((p) => predictLogEr(m, p.text)),
        posts.map(logEr),
      ),
    );
  const publicLength = fit(realSplit().train, null, { lambda: 1, only: isLengthFeature });
  const prior = rhoOn(all, PRIOR_MODEL);
  const lengthOnly = rhoOn(all, publicLength);
  const [lo, hi] = diffInterval(
    all.map((p) => predictLogEr(PRIOR_MODEL, p.text)),
    all.map((p) => predictLogEr(publicLength, p.text)),
    all.map(logEr),
  );
  const { train, test } = timeSplit(all);
  const learned = rhoOn(test, fit(train, PRIOR_MODEL, { lambda: PERSONA_LAMBDA }));
  const ownLengthOnly = rhoOn(test, fit(train, null, { lambda: 1, only: isLengthFeature }));
  log(
    `score on another account's real posts, cold start: prior alone Spearman ${prior} vs length-only ${lengthOnly} (${all.length} posts, nothing tuned on them; difference 95% [${lo}, ${hi}])`,
  );
  log(
    `score on another account's real posts: Spearman ${learned} held out (train ${train.length}, test ${test.length}) vs length-only ${ownLengthOnly}`,
  );
  return { posts: all.length, prior, lengthOnly, train: train.length, test: test.length, learned, ownLengthOnly };
}
