// Named features of a draft, each in [0, 1], that the viral score and the engagement predictor
// read (docs/experiments.md "Viral score"). Text-only and deterministic.
import { countChars, findLinks } from "../text/threads-text.ts";

export const FEATURE_NAMES = [
  "hook_strength",
  "curiosity",
  "emotion",
  "readability",
  "length",
  "reply_magnet",
  "specificity",
  "shareability",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type ScoreFeatures = Record<FeatureName, number>;

const HOOK_OPENERS =
  /^(how to|why|stop|the truth|nobody|unpopular opinion|hot take|here'?s|most people|i was wrong|what|\d+)/i;
const CURIOSITY =
  /\b(nobody|secret|the one thing|what happens|why|here'?s what|most people|surprising|no one|hidden|truth)\b/gi;
const EMOTION =
  /\b(love|hate|fear|afraid|angry|wrong|mistake|regret|proud|hard|painful|honest|excited|worst|best|shocked|frustrat\w*|struggl\w*)\b/gi;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function scoreFeatures(text: string): ScoreFeatures {
  const ls = lines(text);
  const hook = ls[0] ?? "";
  const last = ls[ls.length - 1] ?? "";
  const chars = countChars(text);
  const words = text.split(/\s+/).filter(Boolean);
  const sentences = Math.max(1, (text.match(/[.!?](\s|$)/g) ?? []).length);
  const wordsPerSentence = words.length / sentences;
  const longWords = words.filter((w) => w.replace(/[^\p{L}]/gu, "").length >= 12).length / Math.max(1, words.length);
  const hookLen = hook.length;
  const numbers = (text.match(/\d+([.,]\d+)?%?/g) ?? []).length;

  return {
    // A short, opinionated or promising first line stops the scroll.
    hook_strength: clamp01(
      (hookLen >= 15 && hookLen <= 90 ? 0.5 : hookLen > 0 ? 0.2 : 0) +
        (HOOK_OPENERS.test(hook) ? 0.3 : 0) +
        (/[?:]\s*\S{0,3}$/u.test(hook) ? 0.2 : 0),
    ),
    curiosity: clamp01((/\?\s*\S{0,3}$/u.test(hook) ? 0.5 : 0) + 0.25 * (text.match(CURIOSITY) ?? []).length),
    emotion: clamp01(0.25 * (text.match(EMOTION) ?? []).length + (text.includes("!") ? 0.1 : 0)),
    readability: clamp01(1 - Math.max(0, wordsPerSentence - 15) / 20 - longWords * 2),
    // 80–280 characters reads best on Threads; very short or close to 500 does worse.
    length: chars < 40 ? 0.2 : chars < 80 ? 0.6 : chars <= 280 ? 1 : chars <= 400 ? 0.7 : 0.4,
    reply_magnet: clamp01((/\?\s*\S{0,3}$/u.test(hook) ? 0.6 : 0) + (ls.length > 1 && last.includes("?") ? 0.4 : 0)),
    specificity: clamp01(numbers / 2),
    shareability: clamp01(
      (ls.filter((l) => /^(\d+[.)]|[-•*→])\s/u.test(l)).length >= 2 ? 0.5 : 0) +
        (/\byou(r)?\b/i.test(text) ? 0.3 : 0) +
        (findLinks(text).length === 0 ? 0.2 : 0),
    ),
  };
}

export const featureVector = (f: ScoreFeatures): number[] => [1, ...FEATURE_NAMES.map((n) => f[n])];

/** "The first three words" of a hook, digits folded: what the fatigue rule counts. */
export function hookPattern(hook: string): string {
  return hook
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+/u, "")
    .replace(/\d+/g, "#")
    .split(/\s+/)
    .slice(0, 3)
    .join(" ");
}
