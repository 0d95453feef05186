import { findBlockedWords, findInjection, findPersonalData } from "../../guardrails/checks.ts";
import { PipelineHalt } from "../halt.ts";
import type { Step } from "../types.ts";
import { need } from "../types.ts";

/** Rejects unsafe input or output before anything is stored or published. */
export const guardrail: Step<"guardrail"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const text = `${need(state, "hook").text}\n\n${need(state, "body").text}`;
  const checks: string[] = [];

  const input = [ing.topic, ing.painStatement, ing.trendSnippet].filter(Boolean).join("\n");
  const injection = findInjection(input);
  if (injection.length) throw new PipelineHalt("rejected", `prompt injection in the task input: ${injection.join(", ")}`, { check: "prompt_injection", found: injection });
  checks.push("prompt_injection");

  const blocked = findBlockedWords(text, ing.persona.guardrails.blocked_words);
  if (blocked.length) throw new PipelineHalt("rejected", `blocked words in the post: ${blocked.join(", ")}`, { check: "blocked_words", found: blocked });
  checks.push("blocked_words");

  if (ing.persona.guardrails.block_personal_data) {
    const pii = findPersonalData(text);
    if (pii.length) throw new PipelineHalt("rejected", `personal data in the post: ${pii.join(", ")}`, { check: "personal_data", found: pii });
    checks.push("personal_data");
  }

  if (ctx.providers.moderator) {
    const verdict = await ctx.providers.moderator.check(text);
    if (verdict.flagged) {
      throw new PipelineHalt("rejected", `flagged by moderation: ${verdict.categories.join(", ") || "unspecified"}`, { check: "moderation", found: verdict.categories });
    }
    checks.push(ctx.providers.moderator.name);
  }
  return { output: { checks }, detail: { checks } };
};
