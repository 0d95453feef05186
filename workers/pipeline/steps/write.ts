import type { ModelUsage } from "../../db/schema/index.ts";
import { assertWithinBudget, recordSpend } from "../../limits/budget.ts";
import { costUsd, priceFor } from "../../providers/llm/pricing.ts";
import type { GenerationBrief } from "../../providers/llm/brief.ts";
import { bestPostsForVoice } from "../../db/voice-examples.ts";
import { unsupportedLanguageWarning, writerLanguage } from "../../providers/llm/offline-language.ts";
import type { ChatMessage } from "../../providers/llm/types.ts";
import { checkLanguage } from "../language-check.ts";
import { bodyMessages, hookMessages, languageRetryMessage } from "../prompts.ts";
import type { Arms } from "../../experiments/dimensions.ts";
import type { PipelineState, Step, StepContext, StepResult, WriteOutput } from "../types.ts";
import { need } from "../types.ts";

export interface Rewrite {
  avoid: string[];
  variant: number;
  /** Arms for the rewrite (the quality gate asks for another hook style). */
  arms?: Arms;
}

/**
 * The brief both writing steps share; a rewrite (dedup, quality gate) adds `avoid`, a variant and
 * maybe other arms. Arms: the rewrite's, else those of the draft the gate kept, else the task's.
 */
export function briefFor(state: PipelineState, kind: "hook" | "body", rewrite?: Rewrite): GenerationBrief {
  const ing = need(state, "ingest");
  const trend = state.trend_research?.trend ?? null;
  return {
    kind,
    persona: ing.persona,
    topic: ing.topic,
    painStatement: ing.painStatement,
    trend: trend ? { topic: trend.topic, snippet: trend.snippet } : null,
    hook: kind === "body" ? need(state, "hook").text : null,
    avoid: rewrite?.avoid ?? [],
    variant: rewrite?.variant ?? 0,
    arms: rewrite?.arms ?? state.score?.arms ?? ing.arms ?? {},
    grounding: (state.retrieve?.passages ?? []).map((p) => ({ text: p.text, url: p.url, title: p.title })),
  };
}

export async function write(ctx: StepContext, brief: GenerationBrief): Promise<StepResult<WriteOutput>> {
  const model = brief.kind === "hook" ? ctx.settings.generation.hookModel : ctx.settings.generation.bodyModel;
  const provider = ctx.providers.llm.name;
  const warnings: string[] = [];
  const language = writerLanguage(brief.persona.language);
  if (provider === "offline" && !language.native) warnings.push(unsupportedLanguageWarning(language.requested));
  // A one-liner has no body: asking a chat model for nothing only invites filler (or an empty answer it retries).
  if (brief.kind === "body" && brief.arms?.format === "one_liner") {
    const usage: ModelUsage = { step: "body", model, provider, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
    return { output: { text: "", usage }, detail: { ...usage, format: "one_liner" } };
  }
  // The hard daily budget stops billed calls; a model priced at zero (the offline writer) costs
  // nothing, so it skips the check. An unpriced model counts as billed.
  const price = priceFor(model, ctx.settings.generation.priceOverrides);
  const billed = price === null || price.input > 0 || price.output > 0;
  const budgetCheck = () =>
    billed ? assertWithinBudget(ctx.db, ctx.settings.limits.dailyLlmBudgetUsd, ctx.now()) : Promise.resolve();
  await budgetCheck();
  const examples = provider === "offline" ? [] : await bestPostsForVoice(ctx.env.DB, brief.persona.id);
  const withExamples: GenerationBrief = examples.length > 0 ? { ...brief, examples } : brief;
  const messages = brief.kind === "hook" ? hookMessages(withExamples) : bodyMessages(withExamples);
  const call = (msgs: ChatMessage[]) =>
    ctx.providers.llm.complete({
      model,
      messages: msgs,
      maxTokens: brief.kind === "hook" ? 80 : 220,
      temperature: brief.kind === "hook" ? 0.9 : 0.7,
      brief: withExamples,
    });
  let res = await call(messages);
  const calls = [res];
  // The offline writer's language is decided above (no detection needed: ~3% of the pipeline's
  // CPU in the bench profile); a chat model answering in another language gets one retry.
  let verdict = provider === "offline" ? null : checkLanguage(cleanCompletion(res.text), brief.persona.language);
  if (verdict && !verdict.matches && verdict.expected) {
    await recordSpend(
      ctx.db,
      costUsd(res.model, res.promptTokens, res.completionTokens, ctx.settings.generation.priceOverrides),
      ctx.now(),
    );
    await budgetCheck();
    res = await call([
      ...messages,
      { role: "assistant", content: res.text },
      languageRetryMessage(brief.persona.language, verdict.detected),
    ]);
    calls.push(res);
    const again = checkLanguage(cleanCompletion(res.text), brief.persona.language);
    if (!again.matches)
      warnings.push(
        `the ${brief.kind} is in '${again.detected}', not '${again.expected}', after one regeneration; kept as written`,
      );
    verdict = again;
  }
  const promptTokens = calls.reduce((n, r) => n + r.promptTokens, 0);
  const completionTokens = calls.reduce((n, r) => n + r.completionTokens, 0);
  const usage: ModelUsage = {
    step: brief.kind,
    model: res.model,
    provider,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    cost_usd: calls.reduce(
      (n, r) => n + costUsd(r.model, r.promptTokens, r.completionTokens, ctx.settings.generation.priceOverrides),
      0,
    ),
  };
  // The first call of a language retry was recorded before the retry; record what is left.
  const last = calls[calls.length - 1] ?? res;
  await recordSpend(
    ctx.db,
    calls.length > 1
      ? costUsd(last.model, last.promptTokens, last.completionTokens, ctx.settings.generation.priceOverrides)
      : usage.cost_usd,
    ctx.now(),
  );
  const persona_id = brief.persona.id;
  ctx.telemetry.record({
    type: "llm_tokens",
    model: usage.model,
    kind: "prompt",
    tokens: usage.prompt_tokens,
    cost_usd: usage.cost_usd,
    persona_id,
  });
  ctx.telemetry.record({
    type: "llm_tokens",
    model: usage.model,
    kind: "completion",
    tokens: usage.completion_tokens,
    persona_id,
  });
  const detail: Record<string, unknown> = { ...usage, language: language.requested };
  if (calls.length > 1 && verdict) detail.regenerated_for_language = verdict.detected;
  if (examples.length > 0) detail.voice_examples = examples.length;
  if (warnings.length > 0) detail.warnings = warnings;
  return { output: { text: cleanCompletion(res.text), usage }, detail };
}

// Models like to wrap answers in quotes or prefix them with a label.
function cleanCompletion(text: string): string {
  return text
    .trim()
    .replace(/^(hook|body)\s*:\s*/i, "")
    .replace(/^["“](.*)["”]$/s, "$1")
    .trim();
}

export const hook: Step<"hook"> = (ctx, state) => write(ctx, briefFor(state, "hook"));
export const body: Step<"body"> = (ctx, state) => write(ctx, briefFor(state, "body"));
