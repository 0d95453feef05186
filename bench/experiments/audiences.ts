// The experiments engine against audiences whose taste the score's prior did not write
// (FAKE_THREADS_AUDIENCE presets and random:<seed>, workers/fake-threads/audience.ts). For each
// audience the "best arm" is the hook style with the highest true engagement rate under that
// audience's model (trueRate: ΣX/ΣV over 4,000 posts the experiment never publishes), computed
// from the model, not from the experiment; the experiment is a fixed 4-arm hook-style split run
// to its decision, and it "found" the best arm when its winner is that arm.
import type { DecisionRules } from "../../workers/experiments/decide.ts";
import { type Audience, parseAudience } from "../../workers/fake-threads/audience.ts";
import { HOOK_KINDS, type HookKind, trueRate } from "./posts.ts";
import { regret, runFixed } from "./simulate.ts";

export interface AudienceRun {
  audience: string;
  rates: Record<HookKind, number>;
  best: HookKind;
  /** The best arm's true lift over the second best. */
  gap: number;
  /** The experiment's winning hook kind, or null (no_difference or still running at max posts). */
  winner: HookKind | null;
  outcome: string;
  posts: number;
  banditRegret: number;
  uniformRegret: number;
}

export interface AudiencesResult {
  audiences: number;
  allRandom: boolean;
  found: number;
  wrong: number;
  undecided: number;
  medianGap: number;
  banditRegret: number;
  uniformRegret: number;
  runs: AudienceRun[];
}

/** `--audiences N`: random:1 … random:N. */
export const randomAudiences = (n: number): string[] => Array.from({ length: n }, (_, i) => `random:${i + 1}`);

/** Random audiences the bench draws when neither --audience nor --audiences is given. */
export const DEFAULT_RANDOM_AUDIENCES = { quick: 10, full: 20 };

/** The audiences of `--audience a,b,…` or `--audiences N` (bench/lib/args.ts); throws naming a bad one. */
export function audiencesFromArgs(v: { audience?: string; audiences?: string; quick: boolean }): string[] {
  if (v.audience !== undefined && v.audiences !== undefined)
    throw new Error("--audience and --audiences: give one of them");
  if (v.audience !== undefined) {
    const named = v.audience
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (named.length === 0) throw new Error("--audience needs at least one audience");
    for (const name of named) parseAudience(name); // throws naming the bad one
    return named;
  }
  const count = v.audiences === undefined ? undefined : Number(v.audiences);
  if (count !== undefined && !(Number.isInteger(count) && count > 0 && count <= 1000))
    throw new Error(`--audiences must be an integer from 1 to 1000; got '${v.audiences}'`);
  return randomAudiences(count ?? (v.quick ? DEFAULT_RANDOM_AUDIENCES.quick : DEFAULT_RANDOM_AUDIENCES.full));
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export function runAudiences(opts: {
  names: string[];
  rules: DecisionRules;
  seed: string;
  minPostsPerArm: number;
  banditFloor: number;
  regretRuns: number;
  posts: number;
}): AudiencesResult {
  const runs = opts.names.map((name, a) => {
    const audience: Audience = parseAudience(name);
    const rates = HOOK_KINDS.map((k) => trueRate(k, opts.seed, audience));
    const order = rates.map((r, i) => [r, i] as const).sort((x, y) => y[0] - x[0]);
    const bestIndex = order[0]?.[1] ?? 0;
    const gap = (order[0]?.[0] ?? 0) / (order[1]?.[0] ?? 1) - 1;
    const r = runFixed(`exp_audience_${a}`, HOOK_KINDS, opts.rules, opts.seed, 0, audience);
    const winnerIndex = r.outcome.startsWith("winner:") ? r.outcome.charCodeAt(7) - 97 : -1;
    let bandit = 0;
    let uniform = 0;
    for (let i = 0; i < opts.regretRuns; i++) {
      const id = `exp_audience_bandit_${a}_${i}`;
      const args = [opts.seed, opts.minPostsPerArm, opts.banditFloor, audience] as const;
      bandit += regret(id, HOOK_KINDS, rates, opts.posts, "bandit", ...args);
      uniform += regret(id, HOOK_KINDS, rates, opts.posts, "uniform", ...args);
    }
    return {
      audience: name,
      rates: Object.fromEntries(HOOK_KINDS.map((k, i) => [k, rates[i] ?? 0])) as Record<HookKind, number>,
      best: HOOK_KINDS[bestIndex] as HookKind,
      gap,
      winner: winnerIndex >= 0 ? (HOOK_KINDS[winnerIndex] as HookKind) : null,
      outcome: r.outcome,
      posts: r.postsAtDecision,
      banditRegret: bandit / opts.regretRuns,
      uniformRegret: uniform / opts.regretRuns,
    } satisfies AudienceRun;
  });
  const n = runs.length;
  return {
    audiences: n,
    allRandom: opts.names.every((x) => x.startsWith("random:")),
    found: runs.filter((r) => r.winner === r.best).length,
    wrong: runs.filter((r) => r.winner !== null && r.winner !== r.best).length,
    undecided: runs.filter((r) => r.winner === null).length,
    medianGap: median(runs.map((r) => r.gap)),
    banditRegret: runs.reduce((s, r) => s + r.banditRegret, 0) / Math.max(1, n),
    uniformRegret: runs.reduce((s, r) => s + r.uniformRegret, 0) / Math.max(1, n),
    runs,
  };
}
