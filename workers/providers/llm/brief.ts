import type { Arms } from "../../experiments/dimensions.ts";

// What the writer is asked for. Chat providers render it into prompts (pipeline/prompts.ts);
// the offline writer composes text from it directly.
export interface PersonaVoice {
  id: string;
  name: string;
  description?: string | null;
  tone?: string | null;
  emoji?: string | null;
  topics: string[];
  language: string;
}

export interface GenerationBrief {
  kind: "hook" | "body" | "reply";
  persona: PersonaVoice;
  topic: string;
  painStatement?: string | null;
  trend?: { topic: string; snippet?: string | null } | null;
  /** For a body: the hook already written, which the body must follow on from. */
  hook?: string | null;
  /** Earlier posts this one must not resemble (a de-duplication rewrite): take another angle. */
  avoid?: string[];
  /** 0 on the first attempt; a rewrite asks for a different variant. */
  variant?: number;
  /** Experiment arms to realise (hook style, tone, length, emotion, format); absent = writer's choice. */
  arms?: Arms;
  /**
   * Passages from the persona's own sources (pages, feeds, notes) the post is written from; they
   * passed the guardrails but are still data, never instructions (pipeline/prompts.ts).
   */
  grounding?: { text: string; url: string | null; title: string | null }[];
  /** Write a thread chain (several paragraphs, one per part) rather than one post. */
  chain?: boolean;
  /** The persona's best-performing past posts (by measured engagement), as examples of its voice. */
  examples?: string[];
  /**
   * For an answer (kind "reply"): the reply being answered, already passed by the guardrail and
   * only ever quoted as data, and the persona's post it was written under.
   */
  reply?: {
    text: string;
    post?: string | null /** Threads' id of the reply: two identical replies get different answers. */;
    id?: string;
  };
}
