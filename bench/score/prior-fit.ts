// How the prior is fitted, shared by bench/score/fit-prior.ts (which writes it) and the bench
// (which refits it without the account it is checked on, for the cold-start line).
import {
  fit,
  isGeneralFeature,
  isLengthFeature,
  logEr,
  predictLogEr,
  type LearnedModel,
  type TrainingPost,
} from "../../workers/score/learned.ts";
import { spearman } from "../../workers/score/model.ts";

export const rho = (m: LearnedModel, posts: TrainingPost[]) =>
  spearman(
    posts.map((p) => predictLogEr(m, p.text)),
    posts.map(logEr),
  ) ?? 0;
export const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** Several accounts' posts as one training set, each centred on its own mean log engagement rate. */
export function pooled(groups: TrainingPost[][]): { posts: TrainingPost[]; offsets: number[] } {
  const posts: TrainingPost[] = [];
  const offsets: number[] = [];
  for (const g of groups) {
    const m = mean(g.map(logEr));
    for (const p of g) {
      posts.push(p);
      offsets.push(m);
    }
  }
  return { posts, offsets };
}

export const lengthOnly = (groups: TrainingPost[][]) => {
  const { posts, offsets } = pooled(groups);
  return fit(posts, null, { lambda: 1, only: isLengthFeature, offsets });
};
export function priorOf(groups: TrainingPost[][], lambda: number): LearnedModel {
  const base = lengthOnly(groups);
  if (!Number.isFinite(lambda)) return base;
  const { posts, offsets } = pooled(groups);
  return fit(posts, base, { lambda, only: isGeneralFeature, offsets });
}
