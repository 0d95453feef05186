import { inspectWithSecondOpinion } from "../../guardrails/second-opinion.ts";
import { retrievePassages } from "../../sources/retrieve.ts";
import type { Step } from "../types.ts";
import { need } from "../types.ts";

/**
 * The persona's own material for the post: the top-k source passages for the topic, or the
 * repurposed item's. Each passage passed the guardrails when stored and again here; the hook and
 * body get them as data (pipeline/prompts.ts), the offline writer writes from their sentences.
 * A persona without sources gets none, and the post is written as before.
 */
export const retrieve: Step<"retrieve"> = async (ctx, state) => {
  const ing = need(state, "ingest");
  const { sources } = ctx.settings;
  if (!ctx.sources) {
    const none = { passages: [], sources: [], sourceId: null, itemId: null, warnings: [] };
    return { output: none, detail: { passages: 0 } };
  }
  const query = [ing.topic, ing.painStatement].filter(Boolean).join(". ");
  const out = await retrievePassages(ctx.db, ctx.sources, ing.persona.id, query, {
    topK: sources.topK,
    minSimilarity: sources.minSimilarity,
    personalData: ing.persona.guardrails.block_personal_data,
    itemId: ing.sourceItemId ?? null,
    // The rules, then the optional second opinion on what they are unsure about (as for task input).
    inspect: (text) =>
      inspectWithSecondOpinion(text, {
        personalData: ing.persona.guardrails.block_personal_data,
        secondOpinion: ctx.providers.secondOpinion,
      }),
  });
  return {
    output: out,
    detail: {
      passages: out.passages.length,
      similarities: out.passages.map((p) => Math.round(p.similarity * 1000) / 1000),
      sources: out.sources,
      ...(out.itemId ? { source_item_id: out.itemId } : {}),
      ...(out.warnings.length ? { warnings: out.warnings } : {}),
    },
  };
};
