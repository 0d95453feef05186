// Shared inputs for the offline writer tests: varied topics and personas, so the checks cover
// short, long, capitalised and punctuated topics in every supported tone.
import type { GenerationBrief, PersonaVoice } from "../workers/providers/llm/brief.ts";

export const TOPICS = [
  "remote work burnout", "sourdough baking", "Series A fundraising", "TypeScript generics", "AI",
  "marathon training", "personal finance for freelancers", "houseplant care", "cold email outreach",
  "product-led growth", "home espresso", "public speaking", "SaaS pricing", "minimalist wardrobe",
  "toddler sleep schedules", "Kubernetes cost control", "indie game marketing", "climate anxiety",
  "budget travel in Japan", "UX writing", "strength training after 40", "newsletter growth",
  "imposter syndrome", "meal prep", "open source maintenance", "C++ tips?", "#buildinpublic",
  "\"quiet quitting\"", "LinkedIn personal branding", "watercolor painting", "urban gardening",
  "credit card debt", "data engineering interviews", "chess openings", "podcast editing",
  "B2B sales discovery calls", "Rust ownership", "language learning", "wedding photography",
  "procrastination", "startup hiring", "React server components", "birdwatching", "home office ergonomics",
  "the long-term effects of social media use on teenage attention spans and sleep",
  "negotiating a raise", "Notion templates", "vegan protein", "team retrospectives", "iPhone photography",
  "solo founder loneliness", "Figma design systems",
] as const;

export const PERSONAS: readonly PersonaVoice[] = [
  { id: "calm-coach", name: "Calm Coach", tone: "warm", description: "A gentle coach for burned-out engineers", topics: ["burnout"], language: "en" },
  { id: "founder-fox", name: "Founder Fox", tone: "blunt", description: "Helps first-time founders raise money", topics: ["fundraising"], language: "en" },
  { id: "dough-dad", name: "Dough Dad", tone: "playful", description: "Weekend baker sharing wins and fails", topics: ["bread"], language: "en" },
  { id: "ts-tina", name: "TS Tina", tone: "professional", description: "Staff engineer writing for frontend developers", topics: ["TypeScript"], language: "en" },
  { id: "wry-ray", name: "Wry Ray", tone: "witty", description: null, topics: ["tech"], language: "en" },
  { id: "plain-pat", name: "Plain Pat", tone: "enigmatic", description: "Notes on work and life", topics: ["work"], language: "en" },
];

export function persona(index: number): PersonaVoice {
  return PERSONAS[index % PERSONAS.length] as PersonaVoice;
}

export function brief(kind: "hook" | "body", p: PersonaVoice, topic: string, extra: Partial<GenerationBrief> = {}): GenerationBrief {
  return { kind, persona: p, topic, ...extra };
}
