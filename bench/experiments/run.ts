// `npm run bench -- --only experiments [--quick] [--audience random:<seed>,… | --audiences N]`: the
// statistics of the experiments engine on the fake engagement model, with one line per figure
// (bench/README.md, docs/experiments.md); then the same engine against audiences whose taste the
// score's prior did not write (audiences.ts).
import { settings as settingsOf } from "../../workers/settings/index.ts";
import type { DecisionRules } from "../../workers/experiments/decide.ts";
import { type AudiencesResult, runAudiences } from "./audiences.ts";
import { runFixed, regret } from "./simulate.ts";
import { HOOK_KINDS, trueRate } from "./posts.ts";

export interface ExperimentsBenchResult {
  experiments: number;
  aaFalsePositiveRate: number;
  naiveFalsePositiveRate: number;
  trueLift: number;
  power: number;
  smallLift: number;
  smallLiftPower: number;
  medianPostsToDecision: number;
  banditRegret: number;
  uniformRegret: number;
  /** The same engine against the audiences of --audience / --audiences. */
  audiences: AudiencesResult;
  seconds: number;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function runExperimentsBench(opts: {
  quick: boolean;
  /** FAKE_THREADS_AUDIENCE names (bench/lib/args.ts). */
  audiences: string[];
  log: (line: string) => void;
}): Promise<ExperimentsBenchResult> {
  const started = Date.now();
  const settings = settingsOf({}).experiments;
  const rules: DecisionRules = { ...settings.rules, minPostsPerArm: settings.minPostsPerArm };
  const n = opts.quick ? 100 : 500;
  const seed = "bench-experiments";

  let aaWinners = 0;
  let naive = 0;
  for (let i = 0; i < n; i++) {
    const r = runFixed(`exp_aa_${i}`, ["statement", "statement"], rules, seed);
    if (r.outcome.startsWith("winner")) aaWinners++;
    if (r.naiveFired) naive++;
  }
  const sRate = trueRate("statement", seed);
  const qRate = trueRate("question", seed);
  const lift = qRate / sRate - 1;
  let wins = 0;
  const postsToDecision: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = runFixed(`exp_ab_${i}`, ["statement", "question"], rules, seed);
    if (r.outcome === "winner:b") wins++;
    if (r.outcome !== "running") postsToDecision.push(r.postsAtDecision);
  }
  // A smaller true lift: arm b writes a question hook on only 30% of its posts.
  const mix = 0.7;
  const smallLift = (mix * sRate + (1 - mix) * qRate) / sRate - 1;
  let smallWins = 0;
  for (let i = 0; i < n; i++)
    if (runFixed(`exp_small_${i}`, ["statement", "question"], rules, seed, mix).outcome === "winner:b") smallWins++;

  const kinds = HOOK_KINDS;
  const rates = kinds.map((k) => trueRate(k, seed));
  const posts = 300;
  const runs = opts.quick ? 40 : 200;
  let bandit = 0;
  let uniform = 0;
  for (let i = 0; i < runs; i++) {
    bandit += regret(
      `exp_bandit_${i}`,
      kinds,
      rates,
      posts,
      "bandit",
      seed,
      settings.minPostsPerArm,
      settings.banditFloor,
    );
    uniform += regret(
      `exp_bandit_${i}`,
      kinds,
      rates,
      posts,
      "uniform",
      seed,
      settings.minPostsPerArm,
      settings.banditFloor,
    );
  }

  const audiences = runAudiences({
    names: opts.audiences,
    rules,
    seed,
    minPostsPerArm: settings.minPostsPerArm,
    banditFloor: settings.banditFloor,
    regretRuns: opts.quick ? 2 : 5,
    posts,
  });

  const result: ExperimentsBenchResult = {
    experiments: n,
    aaFalsePositiveRate: aaWinners / n,
    naiveFalsePositiveRate: naive / n,
    trueLift: lift,
    power: wins / n,
    smallLift,
    smallLiftPower: smallWins / n,
    medianPostsToDecision: median(postsToDecision),
    banditRegret: bandit / runs,
    uniformRegret: uniform / runs,
    audiences,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const look = "with a look every 15 min";
  opts.log(
    `experiments: A/A false-positive rate ${result.aaFalsePositiveRate.toFixed(3)} over ${n} experiments ${look} (always-valid confidence sequence, alpha ${rules.alpha})`,
  );
  opts.log(
    `experiments: naive z-test A/A false-positive rate ${result.naiveFalsePositiveRate.toFixed(3)} over ${n} experiments re-checked at every look (the old system's method)`,
  );
  opts.log(
    `experiments: power ${pct(result.power)} at a true lift of ${pct(lift)} (question vs statement hooks: ER ${qRate.toFixed(4)} vs ${sRate.toFixed(4)}), ${n} experiments`,
  );
  opts.log(
    `experiments: power ${pct(result.smallLiftPower)} at a true lift of ${pct(smallLift)} (30% of arm b's hooks are questions), ${n} experiments`,
  );
  opts.log(
    `experiments: median posts to a decision ${result.medianPostsToDecision} (both arms, at a ${pct(lift)} lift; min ${rules.minPostsPerArm}, max ${rules.maxPostsPerArm} per arm)`,
  );
  opts.log(
    `experiments: bandit regret ${result.banditRegret.toFixed(3)} vs uniform split ${result.uniformRegret.toFixed(3)} (sum over ${posts} posts of best ER minus the chosen arm's ER, 4 hook styles, mean of ${runs} runs; ${pct(1 - result.banditRegret / result.uniformRegret)} less)`,
  );
  const a = audiences;
  const which = a.allRandom ? "random audiences" : "audiences";
  if (a.runs.length <= 10)
    for (const r of a.runs)
      opts.log(
        `experiments: audience ${r.audience}: true ER ${HOOK_KINDS.map((k) => `${k} ${r.rates[k].toFixed(4)}`).join(", ")}; best ${r.best} (+${pct(r.gap)} over the next); the 4-arm experiment: ${r.winner ? `winner ${r.winner}` : r.outcome} after ${r.posts} posts`,
      );
  opts.log(
    `experiments: best arm found in ${a.found} of ${a.audiences} ${which} (fixed 4-arm hook-style experiment to its decision; ${a.wrong} promoted another arm, ${a.undecided} undecided at ${rules.maxPostsPerArm} posts per arm; best arm = the hook style with the highest true ER under the audience's model, ${pct(a.medianGap)} median lift over the next)`,
  );
  opts.log(
    `experiments: bandit regret ${a.banditRegret.toFixed(3)} vs uniform split ${a.uniformRegret.toFixed(3)} over ${a.audiences} ${which} (sum over ${posts} posts of best ER minus the chosen arm's ER, 4 hook styles, ${opts.quick ? 2 : 5} runs each; ${pct(1 - a.banditRegret / a.uniformRegret)} less)`,
  );
  opts.log(`experiments: ${result.seconds} s`);
  return result;
}
