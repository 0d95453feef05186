// Simulated experiments on the fake engagement model, decided by the same module the Worker uses
// (workers/experiments/decide.ts): posts arrive every 30 minutes, each is measured 24 h after
// publishing, and the experiment is looked at every 15 minutes, as the Worker's cron does.
import { analyse, banditWeights, type DecisionRules } from "../../workers/experiments/decide.ts";
import { pickArm } from "../../workers/experiments/assign.ts";
import { addPost, emptySums, naiveZP, ratioEstimate, type ArmSums } from "../../workers/experiments/stats.ts";
import type { Audience } from "../../workers/fake-threads/audience.ts";
import { measure, postText, type HookKind } from "./posts.ts";

const LOOK_MS = 15 * 60_000;
const POST_EVERY_MS = 30 * 60_000;
const WINDOW_MS = 24 * 3_600_000;

export interface RunResult {
  /** Decision of the sequential test: "winner:<arm>", "no_difference" or "running" at the horizon. */
  outcome: string;
  /** Measured posts when it decided (or at the horizon). */
  postsAtDecision: number;
  /** The naive z-test (p < α at any look once min posts per arm are in) declared a difference. */
  naiveFired: boolean;
}

/**
 * A fixed equal split where arm i (named a, b, c, …) writes hooks of kinds[i]; `mix` blends in
 * kind 0 for arm 1; the naive z-test compares arms a and b. Measured under `audience`.
 */
export function runFixed(
  id: string,
  kinds: HookKind[],
  rules: DecisionRules,
  seed: string,
  mix = 0,
  audience?: Audience,
): RunResult {
  const arms = kinds.map((_, i) => String.fromCharCode(97 + i));
  const sums: ArmSums[] = kinds.map(() => emptySums());
  const assigned = kinds.map(() => 0);
  const pending: { at: number; arm: number; views: number; interactions: number }[] = [];
  let naiveFired = false;
  const maxPosts = rules.maxPostsPerArm * kinds.length;
  let published = 0;
  for (let t = 0; ; t += LOOK_MS) {
    if (t % POST_EVERY_MS === 0 && published < maxPosts) {
      const arm = arms.indexOf(pickArm(id, `tsk_${published}`, arms));
      const blend = arm === 1 && mix > 0 && (published * 7919) % 1000 < mix * 1000;
      const kind = blend ? kinds[0] : kinds[arm];
      const m = measure(postText(kind as HookKind, published + hashOffset(id)), seed, audience);
      pending.push({ at: t + WINDOW_MS, arm, ...m });
      assigned[arm] = (assigned[arm] ?? 0) + 1;
      published++;
    }
    let changed = false;
    while (pending.length && (pending[0]?.at ?? Infinity) <= t) {
      const p = pending.shift();
      if (p) addPost(sums[p.arm] as ArmSums, p.views, p.interactions);
      changed = true;
    }
    if (!changed) continue;
    const n = sums.reduce((a, s) => a + s.n, 0);
    if (!naiveFired && sums.every((s) => s.n >= rules.minPostsPerArm)) {
      const a = ratioEstimate(sums[0] as ArmSums);
      const b = ratioEstimate(sums[1] as ArmSums);
      if (naiveZP(b.er - a.er, a.variance + b.variance) < rules.alpha) naiveFired = true;
    }
    const res = analyse(arms, sums, rules, "fixed", assigned);
    if (res.status !== "running")
      return { outcome: res.status === "winner" ? `winner:${res.winner}` : res.status, postsAtDecision: n, naiveFired };
    if (pending.length === 0 && published >= maxPosts) return { outcome: "running", postsAtDecision: n, naiveFired };
  }
}

const hashOffset = (id: string): number => {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 100_000) * 1000;
};

/**
 * Regret of a policy over `posts` posts on arms with the given true rates: Σ (best rate − rate of
 * the arm chosen), in engagement-rate points × posts. The bandit reweights at every look from
 * the posts measured so far (24 h delay), with the Worker's floor and minimum posts per arm.
 */
export function regret(
  id: string,
  kinds: HookKind[],
  rates: number[],
  posts: number,
  policy: "bandit" | "uniform",
  seed: string,
  minPosts: number,
  floor: number,
  audience?: Audience,
): number {
  const arms = kinds.map((_, i) => String(i));
  const sums = kinds.map(() => emptySums());
  const pending: { at: number; arm: number; views: number; interactions: number }[] = [];
  const best = Math.max(...rates);
  let weights = kinds.map(() => 1 / kinds.length);
  let total = 0;
  for (let i = 0, t = 0; i < posts; t += LOOK_MS) {
    let changed = false;
    while (pending.length && (pending[0]?.at ?? Infinity) <= t) {
      const p = pending.shift();
      if (p) addPost(sums[p.arm] as ArmSums, p.views, p.interactions);
      changed = true;
    }
    if (changed && policy === "bandit") weights = banditWeights(sums, minPosts, floor);
    if (t % POST_EVERY_MS !== 0) continue;
    const arm = Number(pickArm(id, `tsk_${i}`, arms, weights));
    const m = measure(postText(kinds[arm] as HookKind, i + hashOffset(id)), seed, audience);
    pending.push({ at: t + WINDOW_MS, arm, ...m });
    total += best - (rates[arm] ?? 0);
    i++;
  }
  return total;
}
