import type { Step } from "../types.ts";
import { need } from "../types.ts";

/** Grounds the post in what is being talked about now; a research outage never fails the post. */
export const trendResearch: Step<"trend_research"> = async (ctx, state) => {
  const { topic, trendSnippet, persona } = need(state, "ingest");
  const found = await ctx.providers.trends.research({ topic, personaTopics: persona.topics, given: trendSnippet });
  return {
    output: found,
    detail: { source: found.source, trend: found.trend?.topic ?? null, warnings: found.warnings },
  };
};
