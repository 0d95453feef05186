/** What a second opinion says about one text the rules were unsure about. */
export interface SecondOpinionVerdict {
  injection: boolean;
  /** Why, in a few words: shown in the rejection. */
  reason: string;
}

/**
 * A model asked about texts in the guardrail's unsure band (workers/guardrails/unsure.ts):
 * GUARDRAIL_SECOND_OPINION=local (a classifier trained on the corpus, no network) or
 * workers-ai (an instruct model through the AI binding). Built in services(env).
 */
export interface SecondOpinion {
  readonly name: string;
  judge(text: string): Promise<SecondOpinionVerdict>;
}
