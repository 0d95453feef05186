// The shape every language's phrasebook fills, and the context its lines read. Each line is a
// function of the context that returns a finished sentence or null (skip me), so no
// placeholder can ever leak into a post.
import type { ArmOf } from "../../experiments/dimensions.ts";
import type { NativeLanguage } from "./offline-language.ts";
import type { Topic } from "./offline-topic.ts";

export type HookStyle = ArmOf<"hook_style">;
export type Tone = ArmOf<"tone">;
export type Emotion = ArmOf<"emotion">;
export type Length = ArmOf<"length">;
export type Format = ArmOf<"format">;
export type Domain = "money" | "people" | "growth" | "craft" | "health" | "general";

export interface LineContext {
  lang: NativeLanguage;
  topic: Topic;
  domain: Domain;
  /** Who the persona writes for, from its description ("first-time founders"), else null. */
  audience: string | null;
  /** The reader's pain (task pain_statement), cleaned and short, else null. */
  pain: string | null;
  /** The trend's name when it adds something beyond the topic, else null. */
  trend: string | null;
  /** A line from the trend's source, cleaned and short, else null. */
  snippet: string | null;
  tone: Tone;
}

export type Line = (c: LineContext) => string | null;

export interface DomainLines {
  insights: readonly string[];
  advice: readonly string[];
  items: readonly string[];
}

export interface Phrasebook {
  /** One-line hooks per hook style arm; each must realise its arm (see test/experiments/offline-arms.unit.test.ts). */
  hooks: Record<HookStyle, readonly Line[]>;
  /** The idea a post stands on, as full sentences that name the topic. */
  insights: readonly Line[];
  /** Why it holds. */
  reasons: readonly Line[];
  /** One concrete thing to do, as a full imperative sentence. */
  advice: readonly Line[];
  /** Short list items (no numbering), full sentences. */
  items: readonly Line[];
  /** What is specific to the field a topic belongs to. */
  domains: Record<Exclude<Domain, "general">, DomainLines>;
  /** One sentence that carries the emotion arm. */
  emotion: Record<Emotion, readonly Line[]>;
  /** Endings per tone: questions/invitations and statements. */
  tone: Record<Tone, { ctas: readonly Line[]; closers: readonly string[] }>;
  pain: readonly Line[];
  trend: readonly Line[];
  audience: readonly Line[];
  /** The line above a list. */
  listIntro: readonly Line[];
  /** Extra concrete sentences a long post uses to fill its space. */
  details: readonly Line[];
  /** The word-level tone pass (contractions, hedges); identity where a language needs none. */
  toneWords?: (text: string, tone: Tone) => string;
}

/** Upper-cases the first letter unless the first word is deliberately cased (iPhone, eBay). */
export function cap(text: string): string {
  const firstWord = text.split(/\s/, 1)[0] ?? "";
  if (/^[a-z]+[A-Z]/.test(firstWord)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A quotation inside a sentence, ending cleanly whether or not it was clipped. */
export function quoted(text: string, open = '"', close = '"'): string {
  return text.endsWith("…") ? `${open}${text}${close}` : `${open}${text}.${close}`;
}
