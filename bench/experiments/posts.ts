// Synthetic posts for the experiment simulations, measured by the fake Threads engagement model
// (workers/fake-threads/engagement.ts) exactly as the fake API would report them 24 h after
// publishing. Every text is unique (a word-coded serial), so each post gets its own noise draw.
import type { Audience } from "../../workers/fake-threads/audience.ts";
import { engagementAt, interactions } from "../../workers/fake-threads/engagement.ts";

export type HookKind = "statement" | "question" | "statistic" | "story";

const HOOKS: Record<HookKind, string[]> = {
  statement: [
    "Most people get pricing backwards, and it is not their fault.",
    "The boring basics beat the clever hacks every time.",
    "The biggest lever in hiring is the one almost nobody talks about.",
  ],
  question: [
    "What is the one thing nobody tells you about pricing?",
    "Be honest: are you overcomplicating your roadmap?",
    "Why does everyone make onboarding sound so hard?",
  ],
  statistic: [
    "3 lessons about pricing that took me way too long to learn:",
    "4 small habits that changed how I handle churn:",
    "Only 12% of founders test their pricing page.",
  ],
  story: [
    "Last year I got pricing completely wrong. Here is what changed.",
    "A year ago I thought I had hiring figured out. I did not.",
    "The week I finally took churn seriously, everything shifted.",
  ],
};
const BODIES = [
  "Start with the customer you already have, not the one you wish you had. Ask what they would miss.",
  "Write down the one metric that matters this month and ignore the rest until it moves.",
  "Talk to five customers this week. Most of the answers are already in their complaints. What did yours say?",
  "Cut the plan you never sell. Fewer choices make the decision easier for everyone.",
];
const WORDS = [
  "amber",
  "birch",
  "cedar",
  "delta",
  "ember",
  "fjord",
  "grove",
  "harbor",
  "iris",
  "juniper",
  "kelp",
  "lumen",
  "maple",
  "nectar",
  "onyx",
  "pebble",
];

const serial = (i: number): string => {
  const out: string[] = [];
  let n = i;
  do {
    out.push(WORDS[n % WORDS.length] as string);
    n = Math.floor(n / WORDS.length);
  } while (n > 0);
  return out.join(" ");
};

export function postText(kind: HookKind, i: number): string {
  const hooks = HOOKS[kind];
  return `${hooks[i % hooks.length]}\n\n${BODIES[(i >> 2) % BODIES.length]} (${serial(i)})`;
}

export const HOOK_KINDS: HookKind[] = ["statement", "question", "statistic", "story"];

/** Views and interactions 24 h after publishing, under an audience (the default model when absent). */
export function measure(text: string, seed: string, audience?: Audience): { views: number; interactions: number } {
  const m = engagementAt({ text, seed, elapsedMs: 24 * 3_600_000, audience });
  return { views: m.views, interactions: interactions(m) };
}

/**
 * The true mean engagement rate (ΣX/ΣV) of a hook kind under the model and an audience: many
 * posts the experiments never publish (serials from 1,000,000), so it comes from the model alone.
 */
export function trueRate(kind: HookKind, seed: string, audience?: Audience, draws = 4000): number {
  let v = 0;
  let x = 0;
  for (let i = 0; i < draws; i++) {
    const m = measure(postText(kind, 1_000_000 + i), seed, audience);
    v += m.views;
    x += m.interactions;
  }
  return x / v;
}
