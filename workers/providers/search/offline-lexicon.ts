// Phrase banks for the offline search source. Each domain lists words that select it and the
// multi-word phrases its fake results talk about, so local runs show believable trends.

export interface Domain {
  keywords: string[];
  phrases: string[];
}

export const DOMAINS: Domain[] = [
  {
    keywords: ["remote", "work", "office", "hybrid", "career", "job", "jobs", "productivity", "burnout", "manager", "employee", "workplace", "hiring"],
    phrases: ["four day week", "return to office mandates", "quiet quitting", "async communication", "remote work burnout", "ai meeting assistants", "digital nomad visas", "deep work blocks"],
  },
  {
    keywords: ["ai", "llm", "gpt", "agent", "agents", "machine", "learning", "model", "models", "chatbot", "automation", "artificial", "intelligence"],
    phrases: ["ai agents", "small language models", "prompt engineering", "ai regulation", "open weight models", "agentic workflows", "ai coding assistants", "synthetic data"],
  },
  {
    keywords: ["marketing", "brand", "branding", "content", "social", "media", "creator", "creators", "seo", "growth", "audience", "threads", "instagram", "influencer"],
    phrases: ["short form video", "creator economy", "founder led content", "community led growth", "user generated content", "zero click search", "newsletter growth", "ai generated content"],
  },
  {
    keywords: ["fitness", "health", "workout", "diet", "nutrition", "sleep", "wellness", "mental", "running", "gym", "longevity", "weight"],
    phrases: ["zone 2 training", "strength training for longevity", "protein intake", "sleep tracking", "walking pads", "glp 1 drugs", "cold plunges", "mental health days"],
  },
  {
    keywords: ["money", "finance", "personal", "invest", "investing", "stocks", "crypto", "budget", "budgeting", "saving", "savings", "retirement", "wealth"],
    phrases: ["high yield savings", "index fund investing", "bitcoin etfs", "no spend challenges", "early retirement", "interest rate cuts", "cash stuffing", "side hustle income"],
  },
  {
    keywords: ["startup", "startups", "founder", "founders", "saas", "vc", "funding", "business", "entrepreneur", "entrepreneurship", "product", "indie"],
    phrases: ["bootstrapped saas", "ai wrappers", "seed round valuations", "build in public", "solo founders", "vertical saas", "product led growth", "customer discovery calls"],
  },
  {
    keywords: ["programming", "developer", "developers", "code", "coding", "software", "javascript", "typescript", "web", "cloud", "engineering", "devops"],
    phrases: ["ai coding assistants", "edge computing", "platform engineering", "developer experience", "rust rewrites", "serverless databases", "local first software", "typescript monorepos"],
  },
];

/** For topics no domain covers: angles any topic has, built around its main word. */
export function genericPhrases(word: string): string[] {
  return [
    `${word} on a budget`,
    `common ${word} mistakes`,
    `${word} for beginners`,
    `ai tools for ${word}`,
    `${word} communities online`,
    `sustainable ${word} habits`,
    `${word} side projects`,
    `weekend ${word} routines`,
  ];
}
