import { getPersona } from "../../db/personas.ts";
import { inspectText } from "../../guardrails/checks.ts";
import { givenTrend } from "../../providers/trends/searched.ts";
import type { Step, TrendOutput } from "../types.ts";
import { need } from "../types.ts";

/**
 * Web text is not ours: a researched trend whose snippet carries prompt injection (or personal
 * data, when the persona blocks it) loses the snippet, and one whose topic does is dropped, each
 * with a warning. The task goes on without it rather than failing.
 */
export function neutraliseTrend(out: TrendOutput, personalData: boolean): TrendOutput {
  const trend = out.trend;
  if (!trend) return out;
  const warnings = [...out.warnings];
  const inTopic = inspectText(trend.topic, { personalData });
  if (inTopic) {
    warnings.push(`dropped the researched trend: ${inTopic.check} in its topic (${inTopic.found.join(", ")})`);
    return { ...out, trend: null, warnings };
  }
  const inSnippet = trend.snippet ? inspectText(trend.snippet, { personalData }) : null;
  if (inSnippet) {
    warnings.push(`dropped the researched snippet: ${inSnippet.check} (${inSnippet.found.join(", ")})`);
    return { ...out, trend: { ...trend, snippet: null }, warnings };
  }
  return out;
}

/**
 * Grounds the post in what is being talked about now: the trend closest to the task topic and
 * the persona's topics, from this week's search results. A research outage never fails the post:
 * the researcher falls back to cached or offline results and the warnings say so.
 */
export const trendResearch: Step<"trend_research"> = async (ctx, state) => {
  const { topic, trendSnippet, persona } = need(state, "ingest");
  // Read live rather than from the ingest snapshot: switching research off should take effect
  // for a task that has not searched yet. A persona deleted since ingest keeps the default (on).
  const enabled = (await getPersona(ctx.db, persona.id))?.researchEnabled ?? true;
  if (!enabled) {
    const off = givenTrend(trendSnippet);
    return { output: off, detail: { research: "off", source: off.source, trend: off.trend?.topic ?? null, warnings: off.warnings } };
  }
  const found = await ctx.providers.trends.research({
    topic,
    personaTopics: persona.topics,
    given: trendSnippet,
    // Hook point for linked Threads accounts: pass the persona's decrypted user token here and
    // research uses the Threads keyword search for this persona instead of the web search.
    threadsAccessToken: null,
  });
  const { cached, candidates, ...researched } = found;
  const output = neutraliseTrend(researched, persona.guardrails.block_personal_data);
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
