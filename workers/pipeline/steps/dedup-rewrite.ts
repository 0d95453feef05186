import type { ModelUsage } from "../../db/schema/index.ts";
import type { PipelineState, StepContext } from "../types.ts";
import { need } from "../types.ts";
import { formatPost } from "./format.ts";
import { guardrail } from "./guardrail.ts";
import { briefFor, write } from "./write.ts";

export interface Draft {
  hook: string;
  body: string;
  text: string;
}

/**
 * The one rewrite a near-duplicate gets: hook and body again, told which earlier posts to steer
 * away from and asking for another variant, then the same guardrail and format as the first
 * draft. Each writing call is memoised, so a retry after a failure here bills nothing twice.
 */
export async function rewriteDraft(
  ctx: StepContext,
  state: PipelineState,
  avoid: string[],
): Promise<{ draft: Draft; usage: ModelUsage[]; checks: string[]; changes: string[] }> {
  const rewrite = { avoid, variant: 1 };
  const hook = await ctx.memo("dedup.rewrite.hook", () => write(ctx, briefFor(state, "hook", rewrite)));
  // The body brief reads the hook from the state: give it the rewritten one.
  const withHook: PipelineState = { ...state, hook: hook.output };
  const body = await ctx.memo("dedup.rewrite.body", () => write(ctx, briefFor(withHook, "body", rewrite)));
  const rewritten: PipelineState = { ...withHook, body: body.output };
  const guard = await guardrail(ctx, rewritten); // throws PipelineHalt("rejected") like the first draft would
  const formatted = formatPost(hook.output.text, body.output.text, need(state, "ingest").persona.emoji ?? null);
  return {
    draft: { hook: hook.output.text, body: body.output.text, text: formatted.text },
    usage: [
      { ...hook.output.usage, step: "rewrite_hook" },
      { ...body.output.usage, step: "rewrite_body" },
    ],
    checks: guard.output.checks,
    changes: formatted.changes,
  };
}
