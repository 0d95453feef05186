// Whose taste the fake's engagement model follows (FAKE_THREADS_AUDIENCE, docs/fake-threads.md).
// `default` is the hand-written model the tests were built on, which rewards the viral score's own
// features; the presets disagree with that prior on purpose, and `random:<seed>` draws a taste
// from any seed, so a test or the bench can check the learning loop against an answer nobody
// wrote into the score. A taste is a set of multipliers on the engagement rate (and, softened,
// on reach); engagement.ts applies it.
import {
  type AudienceName,
  type AudiencePreset,
  parseAudienceName,
  parseAudienceSpec,
} from "../settings/audience-spec.ts";
import { seededRandom } from "./prng.ts";

/** What the fake reads as a post's hook style (first line): checked in this order. */
export const HOOK_STYLES = ["question", "number", "story", "statement"] as const;
export type FakeHookStyle = (typeof HOOK_STYLES)[number];
/** Length bands in Threads characters: under 40, 40–79, 80–280, 281–400, over 400. */
export const LENGTH_BANDS = ["under_40", "40_79", "80_280", "281_400", "over_400"] as const;
export type LengthBand = (typeof LENGTH_BANDS)[number];

/** Multipliers on every interaction type's rate per view; reach takes their square root. */
export interface Taste {
  hook: Record<FakeHookStyle, number>;
  length: Record<LengthBand, number>;
  /** A digit anywhere in the post. */
  number: number;
  /** A question after the hook (a closing question). */
  question: number;
  /** Two or more list lines. */
  list: number;
  /** Any emoji. */
  emoji: number;
  /** Per link (applied once per link). */
  link: number;
}

export interface Audience {
  /** As written in FAKE_THREADS_AUDIENCE: default, contrarian, plain, visual, random:<seed>. */
  name: string;
  /** null: the default model (engagement.ts), which has no taste table of its own. */
  taste: Taste | null;
}

/** Which audience each account of the fake has: `all` unless the account has its own. */
export interface AudienceTable {
  all: Audience;
  byUser: Record<string, Audience>;
}

const hooks = (h: Partial<Record<FakeHookStyle, number>>) => ({ question: 1, number: 1, story: 1, statement: 1, ...h });
const lengths = (l: Partial<Record<LengthBand, number>>) => ({
  under_40: 1,
  "40_79": 1,
  "80_280": 1,
  "281_400": 1,
  over_400: 1,
  ...l,
});
const NEUTRAL = { number: 1, question: 1, list: 1, emoji: 1, link: 1 };

/** The presets: each disagrees with the viral score's prior in a way a test can check. */
export const PRESETS: Record<AudiencePreset, Taste> = {
  // Statements beat questions, long beats short, numbers and closing questions put people off.
  contrarian: {
    ...NEUTRAL,
    hook: hooks({ statement: 1.4, story: 1.2, number: 0.9, question: 0.7 }),
    length: lengths({ under_40: 0.6, "40_79": 0.75, "80_280": 0.9, "281_400": 1.15, over_400: 1.3 }),
    number: 0.85,
    question: 0.8,
    list: 0.85,
  },
  // Plain prose: emoji, list lines and links all cost engagement; a statement hook does a bit better.
  plain: {
    ...NEUTRAL,
    hook: hooks({ statement: 1.15 }),
    length: lengths({}),
    list: 0.7,
    emoji: 0.6,
    link: 0.7,
  },
  // Skimmers: emoji and list lines draw engagement, short posts beat long ones.
  visual: {
    ...NEUTRAL,
    hook: hooks({ number: 1.2 }),
    length: lengths({ under_40: 1.2, "40_79": 1.2, "281_400": 0.85, over_400: 0.7 }),
    number: 1.1,
    list: 1.4,
    emoji: 1.5,
  },
};

/** A random taste's multipliers are e^u with u uniform in ±RANDOM_LOG_SPREAD (×0.61 … ×1.65). */
export const RANDOM_LOG_SPREAD = 0.5;

/** The taste `random:<seed>` stands for: the same seed gives the same taste, everywhere. */
export function randomTaste(seed: string): Taste {
  const rng = seededRandom(`audience|${seed}`);
  const m = () => Math.exp((2 * rng() - 1) * RANDOM_LOG_SPREAD);
  const hook = Object.fromEntries(HOOK_STYLES.map((s) => [s, m()])) as Taste["hook"];
  const length = Object.fromEntries(LENGTH_BANDS.map((b) => [b, m()])) as Taste["length"];
  return { hook, length, number: m(), question: m(), list: m(), emoji: m(), link: m() };
}

export const DEFAULT_AUDIENCE: Audience = { name: "default", taste: null };
export const DEFAULT_AUDIENCES: AudienceTable = { all: DEFAULT_AUDIENCE, byUser: {} };

/** The audience a parsed name stands for. */
function audienceOf(written: string, name: AudienceName): Audience {
  if (name.kind === "default") return DEFAULT_AUDIENCE;
  if (name.kind === "preset") return { name: written, taste: PRESETS[name.preset] };
  return { name: written, taste: randomTaste(name.seed) };
}

/** FAKE_THREADS_AUDIENCE as a table of tastes (its grammar: workers/settings/audience-spec.ts). Throws on a bad value. */
export function parseAudiences(spec: string): AudienceTable {
  const parsed = parseAudienceSpec(spec);
  const byUser = Object.fromEntries(
    Object.entries(parsed.byUser).map(([user, a]) => [user, audienceOf(a.written, a.name)]),
  );
  return { all: audienceOf(parsed.all.written, parsed.all.name), byUser };
}

/** One audience name (default, a preset, random:<seed>); throws on a bad one. */
export function parseAudience(written: string): Audience {
  return audienceOf(written.trim(), parseAudienceName(written));
}

export function audienceFor(table: AudienceTable, userId: string): Audience {
  return table.byUser[userId] ?? table.all;
}
