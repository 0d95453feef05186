// The learned score on real public posts (test/fixtures/real-posts/, SOURCE.md there), on each
// account's committed TEST split only (the prior was fitted and tuned on the train splits alone):
//   npm run bench -- --only score
import { seededRandom } from "../../workers/fake-threads/prng.ts";
import { fit, isLengthFeature, logEr, predictLogEr, type LearnedModel } from "../../workers/score/learned.ts";
import { PRIOR_WEIGHTS, scoreText, spearman } from "../../workers/score/model.ts";
import { PERSONA_LAMBDA, PRIOR_LAMBDA, PRIOR_MODEL } from "../../workers/score/prior-weights.ts";
import { lengthOnly, priorOf } from "./prior-fit.ts";
import { ACCOUNTS, type AccountName, accountSplit, trainSplit } from "./real-posts.ts";

export interface AccountResult {
  account: AccountName;
  train: number;
  test: number;
  /** Fitted on the train split as a persona's history (shrunk toward the prior). */
  learned: number;
  /** Length alone, fitted on the same train split. */
  lengthOnly: number;
  /** The shipped prior alone: no history of this persona's (it saw the train split among others). */
  prior: number;
  /** Cold start on an audience never seen: the prior refitted without this account, vs length alone fitted likewise. */
  coldPrior: number;
  coldLengthOnly: number;
  /** The hand-set viral score (the features model before any measurement). */
  viralScore: number;
}

export interface ScoreBenchResult {
  accounts: AccountResult[];
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

function account(name: AccountName, log: (line: string) => void, headline: boolean): AccountResult {
  const { train, test } = accountSplit(name);
  const truth = test.map(logEr);
  const of = (m: LearnedModel) => test.map((p) => predictLogEr(m, p.text));
  const rho = (v: number[]) => r4(spearman(v, truth));
  const learnedP = of(fit(train, PRIOR_MODEL, { lambda: PERSONA_LAMBDA }));
  const lengthP = of(fit(train, null, { lambda: 1, only: isLengthFeature }));
  const priorP = of(PRIOR_MODEL);
  const others = ACCOUNTS.filter((a) => a !== name).map(trainSplit);
  const coldP = of(priorOf(others, PRIOR_LAMBDA));
  const coldLengthP = of(lengthOnly(others));
  const r: AccountResult = {
    account: name,
    train: train.length,
    test: test.length,
    learned: rho(learnedP),
    lengthOnly: rho(lengthP),
    prior: rho(priorP),
    coldPrior: rho(coldP),
    coldLengthOnly: rho(coldLengthP),
    viralScore: rho(test.map((p) => scoreText(p.text, PRIOR_WEIGHTS, 0.05).predicted_engagement_rate)),
  };
  const [lLo, lHi] = diffInterval(learnedP, lengthP, truth);
  const [pLo, pHi] = diffInterval(priorP, lengthP, truth);
  const [cLo, cHi] = diffInterval(coldP, coldLengthP, truth);
  if (headline)
    log(
      `score on real posts: Spearman ${r.learned} held out (train ${r.train}, test ${r.test}) vs length-only ${r.lengthOnly}`,
    );
  log(
    `${name}: learned ${r.learned} vs length-only ${r.lengthOnly} (difference 95% [${lLo}, ${lHi}]); prior alone ${r.prior} (difference 95% [${pLo}, ${pHi}]); hand-set viral score ${r.viralScore} (train ${r.train}, test ${r.test})`,
  );
  log(
    `${name}, cold start (prior fitted without this account): prior ${r.coldPrior} vs length-only ${r.coldLengthOnly} (difference 95% [${cLo}, ${cHi}])`,
  );
  return r;
}

export function runScoreBench(opts: { log: (line: string) => void }): ScoreBenchResult {
  const accounts = ACCOUNTS.map((name, i) => account(name, opts.log, i === 0));
  return { accounts, ok: accounts.every((a) => a.prior >= a.lengthOnly && a.coldPrior >= a.coldLengthOnly) };
}
