// The fake's engagement model. Pure and deterministic in (seed, text, elapsed time), so a
// test can compute the numbers the fake will report. Content matters the way operators
// expect: a mid-length post with a short hook, a question and concrete numbers does better
// than a one-liner or a wall of text with links.
import { countPostChars, findLinks } from "../providers/threads/limits.ts";
import type { PostInsights } from "../providers/threads/types.ts";
import { unitHash } from "./prng.ts";

/** The fake answers the same shape the client reads. */
export type PostMetrics = PostInsights;

const HOOK_WORDS = /^(how to|why|stop|the truth|nobody|unpopular opinion|here'?s|most people|i was wrong)/i;
/** Hours for views to reach ~63% of the post's potential. */
export const REACH_TAU_HOURS = 6;
export const BASE_VIEWS = 400;

/** Multiplier in [0.2, 4] from the text alone. */
export function contentScore(text: string): number {
  const len = countPostChars(text);
  const firstLine = text.split("\n")[0]?.trim() ?? "";
  let s = len < 40 ? 0.6 : len < 80 ? 0.85 : len <= 280 ? 1.15 : len <= 400 ? 1 : 0.8;
  if (text.includes("?")) s *= 1.25;
  if (/^\d/.test(firstLine)) s *= 1.2; // list hooks: "5 things…"
  if (firstLine.length > 0 && firstLine.length <= 60) s *= 1.1;
  if (HOOK_WORDS.test(firstLine)) s *= 1.15;
  if (/\d/.test(text)) s *= 1.1;
  if (/\byou(r)?\b/i.test(text)) s *= 1.05;
  s *= 0.85 ** findLinks(text).length;
  if ((text.match(/#\w+/g) ?? []).length > 2) s *= 0.9;
  if ((text.match(/!/g) ?? []).length > 2) s *= 0.9;
  return Math.min(4, Math.max(0.2, s));
}

/** Engagement of a post `elapsedMs` after it was published. Non-decreasing in time. */
export function engagementAt(input: { text: string; seed: string; elapsedMs: number }): PostMetrics {
  if (input.elapsedMs <= 0) return { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
  const score = contentScore(input.text);
  const noise = 0.8 + 0.4 * unitHash(`${input.seed}|${input.text}`);
  const hours = input.elapsedMs / 3_600_000;
  const views = BASE_VIEWS * score * noise * (1 - Math.exp(-hours / REACH_TAU_HOURS));
  const quality = Math.sqrt(score);
  return {
    views: Math.floor(views),
    likes: Math.floor(views * 0.04 * quality),
    replies: Math.floor(views * 0.006 * (input.text.includes("?") ? 2.2 : 1)),
    reposts: Math.floor(views * 0.004 * quality),
    quotes: Math.floor(views * 0.0015),
    shares: Math.floor(views * 0.003 * (/\d/.test(input.text) ? 1.5 : 1)),
  };
}

export function interactions(m: PostMetrics): number {
  return m.likes + m.replies + m.reposts + m.quotes + m.shares;
}

/** A per-user base audience plus one follower per 10 interactions across all posts. */
export function followersFor(input: { seed: string; userId: string; totalInteractions: number }): number {
  const base = 20 + Math.floor(unitHash(`${input.seed}|followers|${input.userId}`) * 180);
  return base + Math.floor(input.totalInteractions / 10);
}
