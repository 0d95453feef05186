// The learned score on real public posts (test/fixtures/real-posts/, SOURCE.md there), on the
// time-ordered TEST split only (the prior was fitted and tuned on the train split alone):
//   npm run bench -- --only score
import { fit, logEr, predictLogEr, type LearnedModel, type TrainingPost } from "../../workers/score/learned.ts";
import { PRIOR_MODEL, PRIOR_LAMBDA } from "../../workers/score/prior-weights.ts";
import { isLengthFeature } from "../../workers/score/learned.ts";
import { PRIOR_WEIGHTS, scoreText, spearman } from "../../workers/score/model.ts";
import { realSplit } from "./real-posts.ts";

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
  ok: boolean;
}

const r4 = (x: number | null) => Math.round((x ?? 0) * 10_000) / 10_000;

export function runScoreBench(opts: { log: (line: string) => void }): ScoreBenchResult {
  const { train, test } = realSplit();
  const truth = test.map(logEr);
  const rho = (predict: (p: TrainingPost) => number) => r4(spearman(test.map(predict), truth));
  const of = (m: LearnedModel) => rho((p) => predictLogEr(m, p.text));
  const learned = of(fit(train, PRIOR_MODEL, { lambda: PRIOR_LAMBDA }));
  const prior = of(PRIOR_MODEL);
  const lengthOnly = of(fit(train, null, { lambda: 1, only: isLengthFeature }));
  const viralScore = rho((p) => scoreText(p.text, PRIOR_WEIGHTS, 0.05).predicted_engagement_rate);
  opts.log(
    `score on real posts: Spearman ${learned} held out (train ${train.length}, test ${test.length}) vs length-only ${lengthOnly}`,
  );
  opts.log(
    `score on real posts, prior alone (no history): Spearman ${prior} held out (test ${test.length}) vs length-only ${lengthOnly}; hand-set viral score ${viralScore}`,
  );
  return { train: train.length, test: test.length, learned, prior, lengthOnly, viralScore, ok: prior >= lengthOnly };
}

if (import.meta.url === `file://${process.argv[1]}`) runScoreBench({ log: console.log });
