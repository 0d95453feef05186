// Everything the offline composer reads, resolved once from the brief: the language, the
// parsed topic and its field, the persona's audience, and the arm of every text dimension
// (the experiment's arm when one is assigned, else a seeded choice).
import { DIMENSION_ARMS } from "../../experiments/dimensions.ts";
import { countChars } from "../../text/threads-text.ts";
import type { GenerationBrief } from "./brief.ts";
import { domainOf } from "./offline-domain.ts";
import { writerLanguage } from "./offline-language.ts";
import type { WriterLanguage } from "./offline-language.ts";
import type { Emotion, Format, HookStyle, Length, LineContext, Tone } from "./offline-phrasebook.ts";
import { hashString, saltSeed, seededPick } from "./offline-seed.ts";
import { AvoidList, cleanQuote } from "./offline-text.ts";
import { audienceOf, parseTopic, parseTrendTopic } from "./offline-topic.ts";

export interface WriterContext {
  language: WriterLanguage;
  line: LineContext;
  style: HookStyle;
  format: Format;
  length: Length;
  emotion: Emotion;
  /** Seed of this attempt (includes the variant). */
  seed: number;
  /** A rewrite: variant > 0 or earlier posts to steer away from. */
  rewrite: boolean;
  avoid: AvoidList;
  /** Characters the format step will add (the persona's emoji and a space). */
  reserve: number;
  /** A thread chain: the body runs to several posts' worth of paragraphs (offline-compose.ts). */
  chain: boolean;
}

const TONE_ALIASES: ReadonlyArray<[Tone, RegExp]> = [
  ["playful", /playful|fun|cheeky|casual|quirky|upbeat|energetic|silly|enthusiastic/],
  ["professional", /professional|formal|expert|authoritative|corporate|polished|analytical|academic/],
  ["blunt", /blunt|direct|no[- ]nonsense|candid|straight|brutal|terse|frank/],
  ["warm", /warm|friendly|empathetic|supportive|kind|caring|gentle|encouraging|compassionate/],
  ["witty", /witty|humou?r|funny|sarcastic|clever|wry|dry|ironic/],
];

/** A persona's free-text tone ("friendly but direct") as one of the tone arms; unknown reads neutral. */
export function resolveTone(raw: string | null | undefined): Tone {
  const tone = (raw ?? "").toLowerCase();
  for (const [name, pattern] of TONE_ALIASES) if (pattern.test(tone)) return name;
  return "neutral";
}

// Without an experiment the writer mixes formats: mostly prose, often a list, sometimes a thread.
const DEFAULT_FORMATS: readonly Format[] = [
  "plain",
  "plain",
  "plain",
  "plain",
  "plain",
  "list",
  "list",
  "list",
  "thread",
  "thread",
];

function seedFor(brief: GenerationBrief, variant: number): number {
  return hashString([brief.persona.id, brief.topic, brief.trend?.topic ?? "", String(variant)].join("\u241f"));
}

function emojiReserve(setting: string | null | undefined): number {
  const s = (setting ?? "").trim();
  return s === "" || s.toLowerCase() === "none" ? 0 : countChars(s) + 1;
}

export function buildContext(brief: GenerationBrief): WriterContext {
  const variant = Math.max(0, Math.floor(brief.variant ?? 0));
  const avoidTexts = (brief.avoid ?? []).filter((t) => typeof t === "string" && t.trim().length > 0);
  const language = writerLanguage(brief.persona.language);
  const lang = language.lang;
  const topic = parseTopic(brief.topic, brief.persona.topics, lang);
  const seed = seedFor(brief, variant);
  const firstSeed = seedFor(brief, 0);
  const rewrite = variant > 0 || avoidTexts.length > 0;
  const arms = brief.arms ?? {};
  const styles = DIMENSION_ARMS.hook_style;
  const firstStyle = seededPick(styles, firstSeed, "style");
  // A rewrite without an assigned arm moves to another hook style; an assigned arm is kept.
  const style =
    arms.hook_style ??
    (rewrite
      ? seededPick(
          styles.filter((s) => s !== firstStyle),
          seed,
          "rewrite-style",
        )
      : firstStyle);
  const firstFormat = seededPick(DEFAULT_FORMATS, firstSeed, "format");
  const firstEmotion = seededPick(DIMENSION_ARMS.emotion, firstSeed, "emotion");
  // A rewrite without an assigned format changes shape too: the same shape reads as the same post.
  const format =
    arms.format ??
    (rewrite
      ? seededPick(
          DEFAULT_FORMATS.filter((f) => f !== firstFormat),
          seed,
          "rewrite-format",
        )
      : firstFormat);
  // A chain is paragraphs (or a list) over several posts: no one-liner, no "1/3" numbering inside it.
  const shape = brief.chain === true && (format === "one_liner" || format === "thread") ? "plain" : format;
  return {
    language,
    line: {
      lang,
      topic,
      domain: fieldOf(topic.keywords, brief.persona.description),
      audience: audienceOf(brief.persona.description, lang),
      pain: cleanQuote(brief.painStatement, 90),
      trend: parseTrendTopic(brief.trend?.topic, topic),
      snippet: cleanQuote(brief.trend?.snippet, 90),
      tone: arms.tone ?? resolveTone(brief.persona.tone),
    },
    style,
    format: shape,
    // A one-liner is short by definition; a chain is long.
    length: brief.chain === true ? "long" : shape === "one_liner" ? "short" : (arms.length ?? "medium"),
    emotion:
      arms.emotion ??
      (rewrite
        ? seededPick(
            DIMENSION_ARMS.emotion.filter((e) => e !== firstEmotion),
            seed,
            "rewrite-emotion",
          )
        : firstEmotion),
    seed: saltSeed(seed, "attempt"),
    rewrite,
    avoid: new AvoidList(avoidTexts),
    reserve: emojiReserve(brief.persona.emoji),
    chain: brief.chain === true,
  };
}

/** The topic decides the field; the persona's description only when the topic names none. */
function fieldOf(topicWords: readonly string[], description: string | null | undefined) {
  const byTopic = domainOf(topicWords);
  return byTopic !== "general"
    ? byTopic
    : domainOf((description ?? "").split(/[^\p{L}]+/u).filter((w) => w.length > 2));
}
