import { findBlockedWords } from "../../guardrails/checks.ts";
import { inspectWithSecondOpinion } from "../../guardrails/second-opinion.ts";
import { PipelineHalt } from "../halt.ts";
import type { Step } from "../types.ts";
import { need } from "../types.ts";
import { formatPost } from "./format.ts";

/**
 * Rejects an unsafe post before anything is stored or published. It reads the post as the format
 * step will publish it (formatPost is pure), so what is checked is what goes out. The task's
 * input was checked at ingest and researched text in trend_research.
 */
export const guardrail: Step<"guardrail"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const text = formatPost(need(state, "hook").text, need(state, "body").text, ing.persona.emoji ?? null).text;
  const checks: string[] = [];

  const secondOpinion = ctx.providers.secondOpinion;
  const hit = await inspectWithSecondOpinion(text, {
    personalData: ing.persona.guardrails.block_personal_data,
    secondOpinion,
  });
  if (hit) {
    const what = hit.check === "prompt_injection" ? "prompt injection" : "personal data";
    throw new PipelineHalt("rejected", `${what} in the post: ${hit.found.join(", ")}`, {
      check: hit.check,
      found: hit.found,
    });
  }
  checks.push("prompt_injection");
  if (secondOpinion) checks.push(`second_opinion ${secondOpinion.name}`);
  if (ing.persona.guardrails.block_personal_data) checks.push("personal_data");

  const blocked = findBlockedWords(text, ing.persona.guardrails.blocked_words);
  if (blocked.length)
    throw new PipelineHalt("rejected", `blocked words in the post: ${blocked.join(", ")}`, {
      check: "blocked_words",
      found: blocked,
    });
  checks.push("blocked_words");

  if (ctx.providers.moderator) {
    const verdict = await ctx.providers.moderator.check(text);
    if (verdict.flagged) {
      throw new PipelineHalt("rejected", `flagged by moderation: ${verdict.categories.join(", ") || "unspecified"}`, {
        check: "moderation",
        found: verdict.categories,
      });
    }
    checks.push(ctx.providers.moderator.name);
  }
  return { output: { checks }, detail: { checks } };
};
