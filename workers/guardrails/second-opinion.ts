// The rules, then a second opinion on what they are unsure about. A text the rules refuse is
// refused; a text they pass is asked about only when it is in the unsure band (unsure.ts) and
// GUARDRAIL_SECOND_OPINION names a model (services(env) builds it; null when off). The model's
// refusal is reported like a rule's: check "prompt_injection", with who said so and why.
import type { SecondOpinion } from "../providers/second-opinion/types.ts";
import { type GuardrailFinding, inspectText } from "./checks.ts";
import { textViews } from "../text/normalize.ts";
import { unsureCues } from "./unsure.ts";

export interface InspectOptions {
  personalData: boolean;
  secondOpinion: SecondOpinion | null;
}

/** True when the rules pass the text but would ask a second opinion about it. */
export const isUnsure = (text: string): boolean => unsureCues(textViews(text)).length > 0;

export async function inspectWithSecondOpinion(text: string, opts: InspectOptions): Promise<GuardrailFinding | null> {
  const hit = inspectText(text, opts);
  if (hit || !opts.secondOpinion || !isUnsure(text)) return hit;
  const verdict = await opts.secondOpinion.judge(text);
  if (!verdict.injection) return null;
  return { check: "prompt_injection", found: [`second opinion (${opts.secondOpinion.name}): ${verdict.reason}`] };
}
