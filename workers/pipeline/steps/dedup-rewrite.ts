import type { ModelUsage } from "../../db/schema/index.ts";
import type { PipelineState, StepContext } from "../types.ts";
import { need } from "../types.ts";
import { chainShape, formatPost } from "./format.ts";
import { guardrail } from "./guardrail.ts";
import { briefFor, write, type Rewrite } from "./write.ts";

export interface Draft {
  hook: string;
  body: string;
  text: string;
}

/**
 * One rewrite of the draft: hook and body again, asking for another variant (the dedup step:
 * steering away from the earlier posts it resembled; the quality gate: in another hook style),
 * then the same guardrail and format as the first draft. Each writing call is memoised under
 * `memoKey`, so a retry after a failure here bills nothing twice.
 */
export async function rewriteDraft(
  ctx: StepContext,
  state: PipelineState,
  rewrite: Rewrite,
  memoKey: string,
  step: string,
): Promise<{ draft: Draft; usage: ModelUsage[]; checks: string[]; changes: string[] }> {
  const hook = await ctx.memo(`${memoKey}.hook`, () => write(ctx, briefFor(state, "hook", rewrite)));
  // The body brief reads the hook from the state: give it the rewritten one.
  const withHook: PipelineState = { ...state, hook: hook.output };
  const body = await ctx.memo(`${memoKey}.body`, () => write(ctx, briefFor(withHook, "body", rewrite)));
  const rewritten: PipelineState = { ...withHook, body: body.output };
  const guard = await guardrail(ctx, rewritten); // throws PipelineHalt("rejected") like the first draft would
  const ing = need(state, "ingest");
  const formatted = formatPost(hook.output.text, body.output.text, ing.persona.emoji ?? null, chainShape(ing));
  return {
    draft: { hook: hook.output.text, body: body.output.text, text: formatted.text },
    usage: [
      { ...hook.output.usage, step: `${step}_hook` },
      { ...body.output.usage, step: `${step}_body` },
    ],
    checks: guard.output.checks,
    changes: formatted.changes,
  };
}
