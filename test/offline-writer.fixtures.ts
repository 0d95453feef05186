// Shared inputs for the offline writer tests: varied topics (noun phrases, plurals, gerunds,
// how-tos, questions, claims) and personas in every natively supported language and tone.
import type { GenerationBrief, PersonaVoice } from "../workers/providers/llm/brief.ts";

export const TOPICS = [
  "remote work burnout",
  "sourdough baking",
  "Series A fundraising",
  "TypeScript generics",
  "AI",
  "marathon training",
  "personal finance for freelancers",
  "houseplant care",
  "cold email outreach",
  "product-led growth",
  "home espresso",
  "public speaking",
  "SaaS pricing",
  "minimalist wardrobe",
  "toddler sleep schedules",
  "Kubernetes cost control",
  "indie game marketing",
  "climate anxiety",
  "budget travel in Japan",
  "UX writing",
  "strength training after 40",
  "newsletter growth",
  "imposter syndrome",
  "meal prep",
  "open source maintenance",
  "C++ tips?",
  "#buildinpublic",
  '"quiet quitting"',
  "LinkedIn personal branding",
  "watercolor painting",
  "urban gardening",
  "credit card debt",
  "data engineering interviews",
  "chess openings",
  "podcast editing",
  "B2B sales discovery calls",
  "Rust ownership",
  "language learning",
  "wedding photography",
  "procrastination",
  "startup hiring",
  "React server components",
  "birdwatching",
  "home office ergonomics",
  "the long-term effects of social media use on teenage attention spans and sleep",
  "negotiating a raise",
  "Notion templates",
  "vegan protein",
  "team retrospectives",
  "iPhone photography",
  "solo founder loneliness",
  "Figma design systems",
  "pricing your first SaaS",
  "return to office mandates",
  "how to price your first SaaS",
  "Is remote work dead?",
  "remote work kills creativity",
  "Should you raise a seed round?",
] as const;

/** Topics per native language, as an operator writing in that language would type them. */
export const NATIVE_TOPICS: Record<"en" | "es" | "de" | "fr" | "pt", readonly string[]> = {
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

export const NATIVE_PAIN: Record<keyof typeof NATIVE_TOPICS, string> = {
  en: "I never know what to charge",
  es: "Nunca sé cuánto cobrar",
  de: "Ich weiß nie, was ich verlangen soll",
  fr: "Je ne sais jamais combien facturer",
  pt: "Nunca sei quanto cobrar",
};

export const PERSONAS: readonly PersonaVoice[] = [
  {
    id: "calm-coach",
    name: "Calm Coach",
    tone: "warm",
    description: "A gentle coach for burned-out engineers",
    topics: ["burnout"],
    language: "en",
    emoji: "🌱",
  },
  {
    id: "founder-fox",
    name: "Founder Fox",
    tone: "blunt",
    description: "Helps first-time founders raise money",
    topics: ["fundraising"],
    language: "en",
    emoji: "🔥🚀",
  },
  {
    id: "dough-dad",
    name: "Dough Dad",
    tone: "playful",
    description: "Weekend baker sharing wins and fails",
    topics: ["bread"],
    language: "en",
  },
  {
    id: "ts-tina",
    name: "TS Tina",
    tone: "professional",
    description: "Staff engineer writing for frontend developers",
    topics: ["TypeScript"],
    language: "en",
  },
  { id: "wry-ray", name: "Wry Ray", tone: "witty", description: null, topics: ["tech"], language: "en" },
  {
    id: "plain-pat",
    name: "Plain Pat",
    tone: "enigmatic",
    description: "Notes on work and life",
    topics: ["work"],
    language: "en",
  },
];

/** One persona per native language, with audiences in that language. */
export const NATIVE_PERSONAS: Record<keyof typeof NATIVE_TOPICS, PersonaVoice> = {
  en: {
    id: "calm-founder",
    name: "Calm Founder",
    tone: "warm",
    description: "A bootstrapped founder writing for first-time founders.",
    topics: ["pricing"],
    language: "en",
    emoji: "🔥🚀",
  },
  es: {
    id: "ana-emprende",
    name: "Ana",
    tone: "playful",
    description: "Consejos prácticos para emprendedores",
    topics: ["precios"],
    language: "es",
    emoji: "💡",
  },
  de: {
    id: "jonas-gruendet",
    name: "Jonas",
    tone: "blunt",
    description: "Schreibt für Gründerinnen und Gründer",
    topics: ["Preise"],
    language: "de",
  },
  fr: {
    id: "claire-conseil",
    name: "Claire",
    tone: "professional",
    description: "Coach pour les freelances",
    topics: ["tarifs"],
    language: "fr",
    emoji: "✨",
  },
  pt: {
    id: "joao-cria",
    name: "João",
    tone: "witty",
    description: "Dicas para criadores de conteúdo",
    topics: ["crescimento"],
    language: "pt-BR",
  },
};

export function persona(index: number): PersonaVoice {
  return PERSONAS[index % PERSONAS.length] as PersonaVoice;
}

export function brief(
  kind: "hook" | "body",
  p: PersonaVoice,
  topic: string,
  extra: Partial<GenerationBrief> = {},
): GenerationBrief {
  return { kind, persona: p, topic, ...extra };
}
