// The labelled set of generated posts the quality check runs on: every native language, six
// personas per language (one per tone), five topics per language covering noun phrases,
// plurals, gerunds, how-tos and questions, and arms rotating through every hook style,
// format and length. 5 languages x 5 topics x 6 tones = 150 posts.
import { DIMENSION_ARMS } from "../../workers/experiments/dimensions.ts";
import type { Arms } from "../../workers/experiments/dimensions.ts";
import type { GenerationBrief, PersonaVoice } from "../../workers/providers/llm/brief.ts";
import { writeOffline } from "../../workers/providers/llm/offline-writer.ts";
import { NATIVE_LANGUAGES } from "../../workers/providers/llm/offline-language.ts";
import type { NativeLanguage } from "../../workers/providers/llm/offline-language.ts";
import type { GeneratedPost } from "./checks.ts";

export const QUALITY_TOPICS: Record<NativeLanguage, readonly string[]> = {
  en: [
    "pricing your first SaaS",
    "return to office mandates",
    "how to price your first SaaS",
    "Is remote work dead?",
    "marathon training",
  ],
  es: [
    "precios de tu primer SaaS",
    "el trabajo remoto",
    "cómo fijar precios",
    "entrenamiento para un maratón",
    "¿Vale la pena el trabajo híbrido?",
  ],
  de: [
    "Preisgestaltung für SaaS",
    "Homeoffice-Pflicht",
    "wie man Preise festlegt",
    "Marathontraining",
    "Lohnt sich ein Sabbatical?",
  ],
  fr: [
    "la tarification des freelances",
    "le télétravail",
    "comment fixer ses prix",
    "l'entraînement au marathon",
    "Faut-il lever des fonds ?",
  ],
  pt: [
    "precificação de infoprodutos",
    "trabalho remoto",
    "como crescer no Threads",
    "treino para maratona",
    "Vale a pena abrir uma startup?",
  ],
};

const DESCRIPTIONS: Record<NativeLanguage, string> = {
  en: "A bootstrapped founder writing for first-time founders",
  es: "Consejos prácticos para emprendedores",
  de: "Schreibt für Gründerinnen und Gründer",
  fr: "Coach pour les freelances",
  pt: "Dicas para criadores de conteúdo",
};

export const QUALITY_PAIN: Record<NativeLanguage, string> = {
  en: "I never know what to charge",
  es: "Nunca sé cuánto cobrar",
  de: "Ich weiß nie, was ich verlangen soll",
  fr: "Je ne sais jamais combien facturer",
  pt: "Nunca sei quanto cobrar",
};

const EMOJI = ["🔥🚀", null, "🌱", "none", "💡", null];

export function qualityCorpus(): GeneratedPost[] {
  const posts: GeneratedPost[] = [];
  let n = 0;
  for (const lang of NATIVE_LANGUAGES) {
    for (const [ti, topic] of QUALITY_TOPICS[lang].entries()) {
      for (const [pi, tone] of DIMENSION_ARMS.tone.entries()) {
        const persona: PersonaVoice = {
          id: `${lang}-${tone}`,
          name: `${lang} ${tone}`,
          tone,
          description: DESCRIPTIONS[lang],
          topics: [topic],
          language: lang,
          emoji: EMOJI[pi] ?? null,
        };
        const arms: Arms = {
          hook_style: DIMENSION_ARMS.hook_style[n % DIMENSION_ARMS.hook_style.length],
          format: DIMENSION_ARMS.format[(n >> 1) % DIMENSION_ARMS.format.length],
          length: DIMENSION_ARMS.length[(n >> 2) % DIMENSION_ARMS.length.length],
          emotion: DIMENSION_ARMS.emotion[n % DIMENSION_ARMS.emotion.length],
        };
        n++;
        const base: Omit<GenerationBrief, "kind"> = {
          persona,
          topic,
          arms,
          painStatement: (ti + pi) % 2 === 0 ? QUALITY_PAIN[lang] : null,
        };
        const hook = writeOffline({ ...base, kind: "hook" });
        const body = writeOffline({ ...base, kind: "body", hook });
        posts.push({
          label: `${lang}/${tone}/${topic}/${JSON.stringify(arms)}`,
          lang,
          topic,
          hook,
          body,
          emoji: persona.emoji ?? null,
        });
      }
    }
  }
  return posts;
}
