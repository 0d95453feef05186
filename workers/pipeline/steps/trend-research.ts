import { givenTrend } from "../../providers/trends/searched.ts";
import type { Step } from "../types.ts";
import { need } from "../types.ts";

/**
 * Grounds the post in what is being talked about now: the trend closest to the task topic and
 * the persona's topics, from this week's search results. A research outage never fails the post:
 * the researcher falls back to cached or offline results and the warnings say so.
 */
export const trendResearch: Step<"trend_research"> = async (ctx, state) => {
  const { topic, trendSnippet, persona } = need(state, "ingest");
  // The row read when this attempt started rather than the ingest snapshot: switching research
  // off takes effect for a task that has not searched yet. A deleted persona keeps the default (on).
  const enabled = ctx.persona?.researchEnabled ?? true;
  if (!enabled) {
    const off = givenTrend(trendSnippet);
    return { output: off, detail: { research: "off", source: off.source, trend: off.trend?.topic ?? null, warnings: off.warnings } };
  }
  const found = await ctx.providers.trends.research({
    topic,
    personaTopics: persona.topics,
    personaId: persona.id,
    given: trendSnippet,
    // Hook point for linked Threads accounts: pass the persona's decrypted user token here and
    // research uses the Threads keyword search for this persona instead of the web search.
    threadsAccessToken: null,
  });
  const { cached, candidates, ...output } = found;
  return {
    output,
    detail: {
      research: "on",
      source: output.source,
      cached,
      trend: output.trend?.topic ?? null,
      snippet: output.trend?.snippet ?? null,
      sources: output.trend?.sources.map((s) => s.url) ?? [],
      candidates,
      warnings: output.warnings,
    },
  };
};
