// Everything the offline templates may read, resolved once from the brief.
import type { GenerationBrief } from "./brief.ts";
import { hashString } from "./offline-seed.ts";
import { cleanQuote, AvoidList } from "./offline-text.ts";
import { audienceOf, parseTopic, parseTrendTopic } from "./offline-topic.ts";
import type { TopicParts } from "./offline-topic.ts";
import { resolveTone } from "./offline-tone.ts";
import type { ToneName } from "./offline-tone.ts";

export interface WriterContext {
  topic: TopicParts;
  /** The trend's topic when it differs from the post topic, else null. */
  trend: string | null;
  snippet: string | null;
  pain: string | null;
  audience: string | null;
  tone: ToneName;
  /** Seed of this attempt (includes the variant). */
  seed: number;
  /** Seed the first attempt used: a rewrite must land somewhere else. */
  firstSeed: number;
  /** A rewrite: variant > 0 or earlier posts to steer away from. */
  rewrite: boolean;
  avoid: AvoidList;
  /** The first lines of the avoided posts, to recognise the hook styles already used. */
  avoidedHooks: string[];
}

function seedFor(brief: GenerationBrief, variant: number): number {
  return hashString([brief.persona.id, brief.topic, brief.trend?.topic ?? "", String(variant)].join("\u241f"));
}

export function buildContext(brief: GenerationBrief): WriterContext {
  const variant = Math.max(0, Math.floor(brief.variant ?? 0));
  const avoidTexts = (brief.avoid ?? []).filter((t) => typeof t === "string" && t.trim().length > 0);
  const topic = parseTopic(brief.topic, brief.persona.topics);
  return {
    topic,
    trend: parseTrendTopic(brief.trend?.topic, topic),
    snippet: cleanQuote(brief.trend?.snippet, 90),
    pain: cleanQuote(brief.painStatement, 90),
    audience: audienceOf(brief.persona.description),
    tone: resolveTone(brief.persona.tone),
    seed: seedFor(brief, variant),
    firstSeed: seedFor(brief, 0),
    rewrite: variant > 0 || avoidTexts.length > 0,
    avoid: new AvoidList(avoidTexts),
    avoidedHooks: avoidTexts.map((t) => t.trim().split("\n", 1)[0] ?? ""),
  };
}
