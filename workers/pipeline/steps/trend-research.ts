import { getAccount } from "../../db/threads-accounts.ts";
import { inspectWithSecondOpinion } from "../../guardrails/second-opinion.ts";
import type { SecondOpinion } from "../../providers/second-opinion/types.ts";
import { accountToken, tokenUnusableReason } from "../../publishing/accounts.ts";
import { givenTrend } from "../../providers/trends/searched.ts";
import type { TrendOutput } from "../../providers/trends/types.ts";
import type { Step, StepContext } from "../types.ts";
import { need } from "../types.ts";

/**
 * Web text is not ours: a researched trend whose snippet carries prompt injection (or personal
 * data, when the persona blocks it) loses the snippet, and one whose topic does is dropped, each
 * with a warning. The task goes on without it rather than failing.
 */
export async function neutraliseTrend(
  out: TrendOutput,
  personalData: boolean,
  secondOpinion: SecondOpinion | null = null,
): Promise<TrendOutput> {
  const trend = out.trend;
  if (!trend) return out;
  const warnings = [...out.warnings];
  const opts = { personalData, secondOpinion };
  const inTopic = await inspectWithSecondOpinion(trend.topic, opts);
  if (inTopic) {
    warnings.push(`dropped the researched trend: ${inTopic.check} in its topic (${inTopic.found.join(", ")})`);
    return { ...out, trend: null, warnings };
  }
  const inSnippet = trend.snippet ? await inspectWithSecondOpinion(trend.snippet, opts) : null;
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
  // The row read when this attempt started rather than the ingest snapshot: switching research
  // off takes effect for a task that has not searched yet. A deleted persona keeps the default (on).
  const enabled = ctx.persona?.researchEnabled ?? true;
  if (!enabled) {
    const off = givenTrend(trendSnippet);
    return {
      output: off,
      detail: { research: "off", source: off.source, trend: off.trend?.topic ?? null, warnings: off.warnings },
    };
  }
  const threads = await threadsToken(ctx, persona.id);
  const found = await ctx.providers.trends.research({
    topic,
    personaTopics: persona.topics,
    given: trendSnippet,
    // A linked, usable Threads account: research searches Threads for this persona (cached per persona).
    threadsAccessToken: threads.token,
    personaId: persona.id,
  });
  const { cached, candidates, relevance, ...fields } = found;
  const output = await neutraliseTrend(
    { ...fields, warnings: [...threads.warnings, ...fields.warnings] },
    persona.guardrails.block_personal_data,
    ctx.providers.secondOpinion,
  );
  return {
    output,
    detail: {
      research: "on",
      source: output.source,
      cached,
      trend: output.trend?.topic ?? null,
      relevance: relevance ?? null,
      snippet: output.trend?.snippet ?? null,
      sources: output.trend?.sources.map((s) => s.url) ?? [],
      candidates,
      warnings: output.warnings,
    },
  };
};

/** The persona's decrypted Threads token when its account is linked and active; a token that
 * cannot be decrypted means web search instead, with a warning, never a failed post. */
async function threadsToken(
  ctx: StepContext,
  personaId: string,
): Promise<{ token: string | null; warnings: string[] }> {
  const account = ctx.reads ? ctx.reads.account : await getAccount(ctx.db, personaId);
  if (!account || account.status !== "active") return { token: null, warnings: [] };
  try {
    return { token: await accountToken(ctx.env, account), warnings: [] };
  } catch (err) {
    const reason = tokenUnusableReason(err) ?? (err instanceof Error ? err.message : String(err));
    return { token: null, warnings: [`Threads keyword search skipped: ${reason}`] };
  }
}
