// The fake's engagement model (docs/fake-threads.md). Pure and deterministic in (seed, text,
// elapsed time), so a test can compute the numbers the fake will report. It reads the text the
// way an audience would, never an experiment's arm name: reach depends on length, links and
// hashtags; each interaction type on what invites it (a question hook draws replies, numbers draw
// likes and shares, list lines draw shares, a wall of text loses readers). Per-post noise on reach
// and on the engagement rate makes two posts with the same features differ, as real ones do.
// That is the `default` audience; another audience (audience.ts) replaces it with its taste:
// multipliers on every interaction type's rate and, as their square root, on reach.
import { countPostChars, findLinks } from "../providers/threads/limits.ts";
import type { PostInsights } from "../providers/threads/types.ts";
import { type Audience, DEFAULT_AUDIENCE, type FakeHookStyle, type LengthBand, type Taste } from "./audience.ts";
import { unitHash } from "./prng.ts";

/** The fake answers the same shape the client reads. */
export type PostMetrics = PostInsights;

const HOOK_WORDS = /^(how to|why|stop|the truth|nobody|unpopular opinion|here'?s|most people|i was wrong)/i;
/** Hours for views to reach ~63% of the post's potential. */
export const REACH_TAU_HOURS = 6;
export const BASE_VIEWS = 400;
/** Spread of the per-post engagement-rate noise (log scale). */
export const ER_NOISE_SIGMA = 0.2;

/** What the model reads from a post. */
export interface TextFeatures {
  chars: number;
  /** The first line (the hook) ends with a question mark. */
  questionHook: boolean;
  /** A question anywhere after the hook (e.g. a closing question). */
  laterQuestion: boolean;
  hasNumber: boolean;
  listLines: number;
  links: number;
  hashtags: number;
  exclamations: number;
  /** The hook's style as an audience reads it (audience.ts HOOK_STYLES). */
  hookStyle: FakeHookStyle;
  emoji: boolean;
}

const STORY_HOOK = /\b(i|my|me)\b/i;
const EMOJI = /\p{Extended_Pictographic}/u;

export function textFeatures(text: string): TextFeatures {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0] ?? "";
  const rest = lines.slice(1).join("\n");
  return {
    chars: countPostChars(text),
    questionHook: /\?\s*\S{0,3}$/u.test(first),
    laterQuestion: rest.includes("?"),
    hasNumber: /\d/.test(text),
    listLines: lines.filter((l) => /^(\d+[.)]|[-•*→])\s/u.test(l)).length,
    links: findLinks(text).length,
    hashtags: (text.match(/#\w+/g) ?? []).length,
    exclamations: (text.match(/!/g) ?? []).length,
    hookStyle: hookStyleOf(first),
    emoji: EMOJI.test(text),
  };
}

/** Question (ends with "?"), number (a digit), story (first person), else statement. */
function hookStyleOf(first: string): FakeHookStyle {
  if (/\?\s*\S{0,3}$/u.test(first)) return "question";
  if (/\d/.test(first)) return "number";
  if (STORY_HOOK.test(first)) return "story";
  return "statement";
}

function lengthBand(chars: number): LengthBand {
  return chars < 40
    ? "under_40"
    : chars < 80
      ? "40_79"
      : chars <= 280
        ? "80_280"
        : chars <= 400
          ? "281_400"
          : "over_400";
}

/** How much an audience with this taste likes a post: the product of its multipliers that apply. */
export function tasteFactor(f: TextFeatures, t: Taste): number {
  return (
    t.hook[f.hookStyle] *
    t.length[lengthBand(f.chars)] *
    (f.hasNumber ? t.number : 1) *
    (f.laterQuestion ? t.question : 1) *
    (f.listLines >= 2 ? t.list : 1) *
    (f.emoji ? t.emoji : 1) *
    t.link ** f.links
  );
}

/** Interactions per view of a post an audience with a taste likes ×1 (the default model's base rates). */
const BASE_RATES = { likes: 0.035, replies: 0.006, reposts: 0.004, quotes: 0.0015, shares: 0.003 } as const;

/** Reach multiplier in [0.2, 4] from the text alone. */
export function contentScore(text: string, audience: Audience = DEFAULT_AUDIENCE): number {
  const f = textFeatures(text);
  if (audience.taste) return Math.min(4, Math.max(0.2, Math.sqrt(tasteFactor(f, audience.taste))));
  const firstLine = text.split("\n")[0]?.trim() ?? "";
  let s = f.chars < 40 ? 0.6 : f.chars < 80 ? 0.85 : f.chars <= 280 ? 1.15 : f.chars <= 400 ? 1 : 0.8;
  if (text.includes("?")) s *= 1.25;
  if (/^\d/.test(firstLine)) s *= 1.2; // list hooks: "5 things…"
  if (firstLine.length > 0 && firstLine.length <= 60) s *= 1.1;
  if (HOOK_WORDS.test(firstLine)) s *= 1.15;
  if (f.hasNumber) s *= 1.1;
  if (/\byou(r)?\b/i.test(text)) s *= 1.05;
  s *= 0.85 ** f.links;
  if (f.hashtags > 2) s *= 0.9;
  if (f.exclamations > 2) s *= 0.9;
  return Math.min(4, Math.max(0.2, s));
}

/** Expected interactions per view, by type, before noise. */
export function interactionRates(text: string, audience: Audience = DEFAULT_AUDIENCE): Omit<PostMetrics, "views"> {
  const f = textFeatures(text);
  if (audience.taste) {
    const k = tasteFactor(f, audience.taste);
    return {
      likes: BASE_RATES.likes * k,
      replies: BASE_RATES.replies * k,
      reposts: BASE_RATES.reposts * k,
      quotes: BASE_RATES.quotes * k,
      shares: BASE_RATES.shares * k,
    };
  }
  const long = f.chars > 400 ? 0.9 : 1; // readers drop off before the end
  return {
    likes: BASE_RATES.likes * (f.hasNumber ? 1.2 : 1) * long,
    replies: BASE_RATES.replies * (f.questionHook ? 4 : 1) * (f.laterQuestion ? 1.5 : 1),
    reposts: BASE_RATES.reposts * (f.hasNumber ? 1.2 : 1) * long,
    quotes: BASE_RATES.quotes * (f.questionHook ? 1.5 : 1),
    shares: BASE_RATES.shares * (f.hasNumber ? 1.5 : 1) * (f.listLines >= 2 ? 1.3 : 1),
  };
}

/** The engagement rate the model expects for a text (interactions ÷ views, noise averaged out). */
export function expectedEngagementRate(text: string, audience: Audience = DEFAULT_AUDIENCE): number {
  const r = interactionRates(text, audience); // the per-post noise has mean 1
  return r.likes + r.replies + r.reposts + r.quotes + r.shares;
}

/** A standard normal draw from two stable hashes (Box–Muller). */
function normalFrom(key: string): number {
  const u1 = Math.max(unitHash(`${key}|u1`), 1e-12);
  const u2 = unitHash(`${key}|u2`);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Engagement of a post `elapsedMs` after it was published. Non-decreasing in time. */
export function engagementAt(input: {
  text: string;
  seed: string;
  elapsedMs: number;
  /** Whose taste; the default model when absent. */
  audience?: Audience;
}): PostMetrics {
  if (input.elapsedMs <= 0) return { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
  const key = `${input.seed}|${input.text}`;
  const reachNoise = 0.8 + 0.4 * unitHash(key);
  // Log-normal with mean 1: the post's audience liked it more or less than its features predict.
  const erNoise = Math.exp(ER_NOISE_SIGMA * normalFrom(key) - ER_NOISE_SIGMA ** 2 / 2);
  const hours = input.elapsedMs / 3_600_000;
  const views =
    BASE_VIEWS * contentScore(input.text, input.audience) * reachNoise * (1 - Math.exp(-hours / REACH_TAU_HOURS));
  const r = interactionRates(input.text, input.audience);
  const n = (rate: number) => Math.floor(views * rate * erNoise);
  return {
    views: Math.floor(views),
    likes: n(r.likes),
    replies: n(r.replies),
    reposts: n(r.reposts),
    quotes: n(r.quotes),
    shares: n(r.shares),
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
