import { describe, expect, it } from "vitest";
import type { GenerationBrief, PersonaVoice } from "../../workers/providers/llm/brief.ts";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import { parseTopic } from "../../workers/providers/llm/offline-topic.ts";
import { keywordsOf } from "../../workers/providers/llm/offline-topic.ts";
import { normaliseSentence, splitSentences } from "../../workers/providers/llm/offline-text.ts";
import { writerLanguage } from "../../workers/providers/llm/offline-language.ts";
import { brief, persona, PERSONAS, TOPICS } from "../fixtures/offline-writer.fixtures.ts";

interface Post {
  topic: string;
  hook: string;
  body: string;
}

function post(p: PersonaVoice, topic: string, extra: Partial<GenerationBrief> = {}): Post {
  const hook = writeOffline(brief("hook", p, topic, extra));
  const body = writeOffline(brief("body", p, topic, { ...extra, hook }));
  return { topic, hook, body };
}

const ALL: Post[] = TOPICS.map((t, i) =>
  post(persona(i), t, {
    painStatement: i % 2 === 0 ? "I never know where to start" : null,
    trend:
      i % 3 === 0
        ? { topic: "AI agents", snippet: i % 2 ? "Agents are moving from demos into daily workflows" : null }
        : null,
  }),
);

function sharedSentences(text: string, avoided: string): string[] {
  const old = splitSentences(avoided).map(normaliseSentence);
  return splitSentences(text)
    .map(normaliseSentence)
    .filter((s) => s.length > 0 && old.some((o) => o === s || (s.length >= 24 && o.includes(s))));
}

describe("offline writer", () => {
  it("is deterministic, byte for byte", () => {
    for (const [i, t] of TOPICS.slice(0, 12).entries()) {
      const b = brief("body", persona(i), t, {
        painStatement: "It takes forever",
        trend: { topic: "remote teams", snippet: "x y z" },
        variant: i % 3,
      });
      expect(writeOffline(b)).toBe(writeOffline(structuredClone(b)));
      const h = brief("hook", persona(i), t, { avoid: ["Stop copying someone else's playbook."] });
      expect(writeOffline(h)).toBe(writeOffline(structuredClone(h)));
    }
  });

  it("writes a one-line hook of at most 140 chars and a body that fits beside it in 500", () => {
    for (const { hook, body } of ALL) {
      expect(hook.trim().length).toBeGreaterThan(15);
      expect(hook.length).toBeLessThanOrEqual(140);
      expect(hook).not.toContain("\n");
      expect(body.length).toBeGreaterThan(60);
      expect([...`${hook} 🔥🚀\n\n${body}`].length).toBeLessThanOrEqual(500);
    }
  });

  it("never leaves a template slot, undefined, null or broken spacing in the text", () => {
    for (const { hook, body } of ALL) {
      for (const text of [hook, body]) {
        expect(text).not.toMatch(/[{}]|\$\{|undefined|\bnull\b|NaN|\[object/);
        expect(text).not.toMatch(/ {2}| [,.;:!?]|\.\.(?!\.)|\bthe the\b|::/i);
      }
    }
  });

  it("is visibly about the topic: a keyword of it appears in the hook, and the body does not repeat it in every sentence", () => {
    for (const { topic, hook, body } of ALL) {
      const keys = keywordsOf(topic).map((k) => k.toLowerCase());
      expect(
        keys.some((k) => hook.toLowerCase().includes(k)),
        `${topic}: ${hook}`,
      ).toBe(true);
      const phrase = parseTopic(topic, [], "en").phrase.toLowerCase();
      expect(body.toLowerCase().split(phrase).length - 1, body).toBeLessThanOrEqual(2);
    }
  });

  it("fits the topic's grammar instead of pasting it into fixed frames (issue 13's examples)", () => {
    const p = PERSONAS[1] as PersonaVoice;
    const texts = (topic: string) =>
      Array.from({ length: 6 }, (_, variant) => {
        const x = post(p, topic, { variant });
        return `${x.hook}\n${x.body}`;
      }).join("\n");
    expect(texts("pricing your first SaaS")).not.toMatch(/starting out with pricing|Give first SaaS|\bfirst SaaS a\b/);
    const plural = texts("return to office mandates");
    expect(plural).not.toMatch(
      /\b(Is|is) return to office mandates\b|return to office mandates (is|was|shows|feels)\b/,
    );
    expect(parseTopic("return to office mandates", [], "en")).toMatchObject({ kind: "noun", plural: true });
    expect(parseTopic("pricing your first SaaS", [], "en")).toMatchObject({ kind: "gerund", plural: false });
    expect(parseTopic("how to price your first SaaS", [], "en")).toMatchObject({
      kind: "howto",
      action: "price your first SaaS",
      phrase: "pricing your first SaaS",
    });
    expect(parseTopic("Is remote work dead?", [], "en")).toMatchObject({
      kind: "question",
      phrase: "remote work",
      question: "Is remote work dead?",
    });
    expect(parseTopic("remote work kills creativity", [], "en")).toMatchObject({
      kind: "claim",
      phrase: "remote work",
      claim: "Remote work kills creativity.",
    });
    expect(parseTopic("cómo fijar precios", [], "es")).toMatchObject({ kind: "howto", phrase: "fijar precios" });
    expect(parseTopic("le télétravail", [], "fr")).toMatchObject({ kind: "noun", phrase: "télétravail" });
  });

  it("uses the field a topic belongs to, so two fields get different advice", () => {
    const p = PERSONAS[5] as PersonaVoice;
    const pricing = post(p, "SaaS pricing", { arms: { format: "plain", length: "long" } });
    const running = post(p, "marathon training", { arms: { format: "plain", length: "long" } });
    expect(pricing.body).toMatch(/price|charge|buyers/i);
    expect(running.body).toMatch(/sleep|habit|rest|recovery|walk/i);
  });

  it("takes another hook and repeats no sentence when asked for a different angle", () => {
    for (const [i, t] of TOPICS.entries()) {
      const p = persona(i);
      const first = post(p, t, { painStatement: "It never sticks" });
      const avoided = `${first.hook}\n\n${first.body}`;
      for (const extra of [{ avoid: [avoided] }, { avoid: [avoided], variant: 1 }]) {
        const again = post(p, t, { painStatement: "It never sticks", ...extra });
        expect(again.hook, t).not.toBe(first.hook);
        expect(
          sharedSentences(`${again.hook}\n${again.body}`, avoided).filter((s) => s.split(" ").length > 4),
          t,
        ).toEqual([]);
      }
    }
  });

  it("weaves in the pain statement, the trend snippet and the audience", () => {
    const coach = PERSONAS[0] as PersonaVoice;
    const bodies = TOPICS.slice(0, 20).map((t) =>
      writeOffline(
        brief("body", coach, t, {
          painStatement: "my evenings disappear into Slack",
          trend: { topic: "the four-day week", snippet: "Trials report steady output" },
          arms: { length: "long", format: "plain" },
        }),
      ),
    );
    expect(bodies.filter((b) => /my evenings disappear into slack/i.test(b)).length).toBeGreaterThan(8);
    expect(bodies.filter((b) => /four-day week|Trials report steady output/.test(b)).length).toBeGreaterThan(3);
    const hooks = TOPICS.slice(0, 30).map((t) =>
      writeOffline(brief("hook", coach, t, { arms: { hook_style: "question" } })),
    );
    expect([...bodies, ...hooks].some((b) => b.includes("burned-out engineers"))).toBe(true);
  });

  it("handles short, long, punctuated and empty topics", () => {
    const p = PERSONAS[4] as PersonaVoice;
    const long = "the long-term effects of social media use on teenage attention spans and sleep quality in cities";
    const longPost = post(p, long);
    expect(longPost.hook.length).toBeLessThanOrEqual(140);
    expect(longPost.hook).not.toContain("sleep quality in cities");
    expect(post(p, "AI").hook).toMatch(/\bAI\b/);
    const punctuated = post(p, '  "C++ tips?!"  ');
    expect(punctuated.hook).toContain("C++ tips");
    expect(punctuated.hook).not.toMatch(/"C\+\+|tips\?!/);
    const empty = post({ ...p, topics: ["urban beekeeping"] }, "   ");
    expect(`${empty.hook} ${empty.body}`).toContain("urban beekeeping");
  });

  it("writes its five native languages, and English (flagged as not native) for any other", () => {
    const p = PERSONAS[2] as PersonaVoice;
    expect(writerLanguage("pt-BR")).toEqual({ lang: "pt", native: true, requested: "pt-BR" });
    expect(writerLanguage("ja")).toEqual({ lang: "en", native: false, requested: "ja" });
    expect(writeOffline(brief("body", { ...p, language: "ja" }, "meal prep"))).toBe(
      writeOffline(brief("body", p, "meal prep")),
    );
    expect(writeOffline(brief("hook", { ...p, language: "es" }, "meal prep"))).not.toBe(
      writeOffline(brief("hook", p, "meal prep")),
    );
  });
});
