import { describe, expect, it } from "vitest";
import { DIMENSION_ARMS } from "../../workers/experiments/dimensions.ts";
import type { Arms } from "../../workers/experiments/dimensions.ts";
import type { GenerationBrief, PersonaVoice } from "../../workers/providers/llm/brief.ts";
import {
  countWords,
  MEDIUM_MAX_WORDS,
  MEDIUM_MIN_WORDS,
  phrasebookFor,
  SHORT_MAX_WORDS,
} from "../../workers/providers/llm/offline-compose.ts";
import { buildContext } from "../../workers/providers/llm/offline-context.ts";
import { NATIVE_LANGUAGES } from "../../workers/providers/llm/offline-language.ts";
import type { NativeLanguage } from "../../workers/providers/llm/offline-language.ts";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import { formatPost } from "../../workers/pipeline/steps/format.ts";
import { checkPostLimits } from "../../workers/providers/threads/limits.ts";
import { NATIVE_PAIN, NATIVE_PERSONAS, NATIVE_TOPICS } from "../fixtures/offline-writer.fixtures.ts";

// Every text arm of workers/experiments/dimensions.ts, realised by the offline writer in every
// natively supported language, checked on the text itself.

function write(p: PersonaVoice, topic: string, arms: Arms, extra: Partial<GenerationBrief> = {}) {
  const base = { persona: p, topic, arms, ...extra };
  const hook = writeOffline({ ...base, kind: "hook" });
  const body = writeOffline({ ...base, kind: "body", hook });
  return { hook, body, text: formatPost(hook, body, p.emoji ?? null).text };
}

/** Markers of each hook style, per language: what a reader would recognise the style by. */
const STYLE_MARKERS: Record<string, Record<NativeLanguage, RegExp>> = {
  controversial: {
    en: /^(Unpopular opinion|Hot take):/,
    es: /^Opinión impopular:/,
    de: /^Unpopuläre Meinung:/,
    fr: /^Avis impopulaire :/,
    pt: /^Opinião impopular:/,
  },
  story: {
    en: /\b(A year ago|Last year|Last spring)\b/,
    es: /Hace un año/,
    de: /Vor einem Jahr/,
    fr: /Il y a un an/,
    pt: /Há um ano/,
  },
  personal: { en: /^(I|My)\b/, es: /^(Yo|Mi)\b/, de: /^(Ich|Meine?)\b/, fr: /^(Je|Mon)\b/, pt: /^(Eu|Minha)\b/ },
  urgent: {
    en: /\b(this week|today)\b/i,
    es: /\b(esta semana|hoy)\b/i,
    de: /\b(diese Woche|heute)\b/i,
    fr: /(cette semaine|aujourd'hui)/i,
    pt: /\b(esta semana|hoje)\b/i,
  },
};

function checkStyle(style: string, lang: NativeLanguage, hook: string): void {
  const h = hook.trim();
  switch (style) {
    case "question":
      expect(h, h).toMatch(/\?$/);
      break;
    case "statement":
      expect(h, h).toMatch(/\.$/);
      expect(h).not.toContain("?");
      break;
    case "statistic":
      expect(h, h).toMatch(/\d/);
      break;
    case "curiosity_gap":
      expect(h, h).toMatch(/[:…]$/);
      break;
    default:
      expect(h, `${style} ${lang}: ${h}`).toMatch(STYLE_MARKERS[style]?.[lang] as RegExp);
  }
}

describe("offline writer realises every text arm in every native language", () => {
  for (const lang of NATIVE_LANGUAGES) {
    const p = NATIVE_PERSONAS[lang];
    const topics = NATIVE_TOPICS[lang];

    it(`${lang}: hook_style — question ends with ?, statistic carries a number, each style has its shape`, () => {
      for (const style of DIMENSION_ARMS.hook_style) {
        for (const topic of topics) {
          for (const variant of [0, 1])
            checkStyle(style, lang, write(p, topic, { hook_style: style }, { variant }).hook);
        }
      }
    });

    it(`${lang}: format — list has numbered lines, one_liner is one line, thread has numbered paragraphs, plain has neither`, () => {
      for (const topic of topics) {
        for (const length of DIMENSION_ARMS.length) {
          const list = write(p, topic, { format: "list", length });
          expect(list.body.match(/^\d+\. \S/gm)?.length ?? 0, list.body).toBeGreaterThanOrEqual(3);
          const thread = write(p, topic, { format: "thread", length });
          const parts = thread.body.split("\n\n").filter((s) => /^\d+\/\d+ \S/.test(s));
          expect(parts.length, thread.body).toBeGreaterThanOrEqual(3);
          const plain = write(p, topic, { format: "plain", length });
          expect(plain.body).not.toMatch(/^\d+[./]/m);
        }
        const one = write(p, topic, { format: "one_liner", length: "long" });
        expect(one.body).toBe("");
        expect(one.text).not.toContain("\n");
      }
    });

    it(`${lang}: length — short < 50 words, medium 50–150 words, long fills the 500 characters`, () => {
      for (const topic of topics) {
        for (const format of ["plain", "list", "thread"] as const) {
          for (const painStatement of [null, NATIVE_PAIN[lang]]) {
            const words = (length: "short" | "medium" | "long") => {
              const w = write(p, topic, { format, length }, { painStatement });
              expect(checkPostLimits(w.text)).toEqual([]);
              return { n: countWords(w.text), chars: [...w.text].length, text: w.text };
            };
            const short = words("short");
            const medium = words("medium");
            const long = words("long");
            expect(short.n, short.text).toBeLessThanOrEqual(SHORT_MAX_WORDS);
            expect(medium.n, medium.text).toBeGreaterThanOrEqual(MEDIUM_MIN_WORDS);
            expect(medium.n, medium.text).toBeLessThanOrEqual(MEDIUM_MAX_WORDS);
            expect(long.chars, long.text).toBeGreaterThanOrEqual(400);
            // Long is "as long as Threads allows" (docs/writer.md): never shorter than medium, often much longer.
            expect(long.n, long.text).toBeGreaterThanOrEqual(medium.n);
            expect(long.chars, long.text).toBeGreaterThanOrEqual(medium.chars);
          }
        }
      }
    });

    it(`${lang}: emotion — the post carries a sentence of the emotion asked for`, () => {
      for (const topic of topics) {
        for (const emotion of DIMENSION_ARMS.emotion) {
          for (const length of DIMENSION_ARMS.length) {
            const arms: Arms = { emotion, length, format: "plain" };
            const b: GenerationBrief = { kind: "body", persona: p, topic, arms };
            const lines = phrasebookFor(lang)
              .emotion[emotion].map((l) => l(buildContext(b).line))
              .filter((x): x is string => x !== null);
            const { body } = write(p, topic, arms);
            expect(
              lines.some((l) => body.includes(l.replace(/^\(|\)$/g, ""))),
              `${emotion}: ${body}`,
            ).toBe(true);
          }
        }
      }
    });

    it(`${lang}: tone — the ending comes from the tone asked for, and tones differ`, () => {
      const topic = topics[0] as string;
      const bodies = DIMENSION_ARMS.tone.map((tone) => {
        const arms: Arms = { tone, format: "plain", length: "medium" };
        const { body } = write(p, topic, arms);
        const ctx = buildContext({ kind: "body", persona: p, topic, arms }).line;
        const bank = phrasebookFor(lang).tone[tone];
        const endings = [...bank.ctas.map((l) => l(ctx)), ...bank.closers].filter((x): x is string => x !== null);
        const last = body.split("\n\n").pop() ?? "";
        expect(
          endings.some((e) => last === e || last === phrasebookFor(lang).toneWords?.(e, tone)),
          `${tone}: ${last}`,
        ).toBe(true);
        return body;
      });
      expect(new Set(bodies).size).toBe(DIMENSION_ARMS.tone.length);
    });
  }

  it("an arm assigned by an experiment survives a dedup rewrite; without one the rewrite changes style", () => {
    const p = NATIVE_PERSONAS.en;
    const first = write(p, "pricing your first SaaS", { hook_style: "question" });
    const again = write(p, "pricing your first SaaS", { hook_style: "question" }, { avoid: [first.text], variant: 1 });
    expect(again.hook).toMatch(/\?$/);
    expect(again.hook).not.toBe(first.hook);
  });
});
