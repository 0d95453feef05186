import type { ModelUsage } from "../../db/schema/index.ts";
import { assertWithinBudget, recordSpend } from "../../limits/budget.ts";
import { costUsd, priceFor } from "../../providers/llm/pricing.ts";
import type { GenerationBrief } from "../../providers/llm/brief.ts";
import type { Arms } from "../../experiments/dimensions.ts";
import { bodyMessages, hookMessages } from "../prompts.ts";
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
  };
}

export async function write(ctx: StepContext, brief: GenerationBrief): Promise<StepResult<WriteOutput>> {
  const model = brief.kind === "hook" ? ctx.config.hookModel : ctx.config.bodyModel;
  const messages = brief.kind === "hook" ? hookMessages(brief) : bodyMessages(brief);
  // The hard daily budget stops billed calls; a model priced at zero (the offline writer) costs
  // nothing, so it skips the check. An unpriced model counts as billed.
  const price = priceFor(model, ctx.config.priceOverrides);
  const billed = price === null || price.input > 0 || price.output > 0;
  if (billed) await assertWithinBudget(ctx.db, ctx.config.dailyLlmBudgetUsd, ctx.now());
  const res = await ctx.providers.llm.complete({
    model,
    messages,
    maxTokens: brief.kind === "hook" ? 80 : 220,
    temperature: brief.kind === "hook" ? 0.9 : 0.7,
    brief,
  });
  const usage: ModelUsage = {
    step: brief.kind,
    model: res.model,
    provider: ctx.providers.llm.name,
    prompt_tokens: res.promptTokens,
    completion_tokens: res.completionTokens,
    cost_usd: costUsd(res.model, res.promptTokens, res.completionTokens, ctx.config.priceOverrides),
  };
  await recordSpend(ctx.db, usage.cost_usd, ctx.now());
  const persona_id = brief.persona.id;
  ctx.telemetry.record({ type: "llm_tokens", model: usage.model, kind: "prompt", tokens: usage.prompt_tokens, cost_usd: usage.cost_usd, persona_id });
  ctx.telemetry.record({ type: "llm_tokens", model: usage.model, kind: "completion", tokens: usage.completion_tokens, persona_id });
  return { output: { text: cleanCompletion(res.text), usage }, detail: { ...usage } };
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
