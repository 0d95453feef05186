import { defaultsFor, insertAssignments, runningExperimentsFor, type PostExperiment } from "../../db/experiments.ts";
import { pickArm } from "../../experiments/assign.ts";
import type { Arms } from "../../experiments/dimensions.ts";
import { inspectWithSecondOpinion } from "../../guardrails/second-opinion.ts";
import { inspectText } from "../../guardrails/checks.ts";
import { PipelineHalt } from "../halt.ts";
import { getItem } from "../../db/sources.ts";
import type { Step, StepContext } from "../types.ts";

/**
 * Snapshots the persona and the request, so a resumed task writes in the voice it started with.
 * The request's own text is checked here, before any of it reaches a prompt: a hit ends the task
 * `rejected` naming the field and the check.
 */
export const ingest: Step<"ingest"> = async (ctx) => {
  const persona = ctx.persona;
  if (!persona) throw new PipelineHalt("cancelled", `cancelled: persona '${ctx.task.personaId}' no longer exists`);
  const input = ctx.task.input;
  // A repurposed item's title is the topic unless the task names one.
  const item = input.source_item_id ? await getItem(ctx.db, persona.id, input.source_item_id) : null;
  if (input.source_item_id && !item)
    throw new PipelineHalt("failed", `source item '${input.source_item_id}' no longer exists (its source was removed)`);
  // Source text is untrusted: a title with injected instructions is not made the topic.
  const itemTitle =
    item?.title && !inspectText(item.title, { personalData: persona.guardrails.block_personal_data })
      ? item.title.trim()
      : null;
  const topic = input.topic?.trim() || itemTitle || pickPersonaTopic(persona.topics, ctx.task.id);
  if (!topic) throw new PipelineHalt("failed", "no topic: the task has none and the persona lists no topics");
  const fields = { topic: input.topic, pain_statement: input.pain_statement, trend_snippet: input.trend_snippet };
  for (const [field, text] of Object.entries(fields)) {
    const hit = text
      ? await inspectWithSecondOpinion(text, {
          personalData: persona.guardrails.block_personal_data,
          secondOpinion: ctx.providers.secondOpinion,
        })
      : null;
    if (hit) {
      const what = hit.check === "prompt_injection" ? "prompt injection" : "personal data";
      throw new PipelineHalt("rejected", `${what} in the task input (${field}): ${hit.found.join(", ")}`, {
        check: hit.check,
        field,
        found: hit.found,
      });
    }
  }
  const { arms, experiments, defaulted } = await assignArms(ctx, persona.id);
  return {
    output: {
      persona: {
        id: persona.id,
        name: persona.name,
        description: persona.description,
        tone: persona.tone,
        emoji: persona.emoji,
        topics: persona.topics,
        language: persona.language,
        guardrails: persona.guardrails,
      },
      topic,
      painStatement: input.pain_statement?.trim() || null,
      trendSnippet: input.trend_snippet?.trim() || null,
      publish: ctx.task.publish,
      arms,
      experiments,
      sourceItemId: item?.id ?? null,
    },
    detail: {
      topic,
      topic_source: input.topic ? "task" : itemTitle ? "source_item" : "persona",
      ...(item ? { source_item_id: item.id } : {}),
      arms,
      experiments,
      defaults: defaulted,
    },
  };
};

/**
 * One arm per running experiment that applies to the persona (its own or all-persona; creating
 * a second one on the same dimension is refused, so there is at most one per dimension), stored
 * before the task goes on, so a resumed task keeps its arms (the pick is a stable hash anyway).
 * Dimensions without an experiment take the promoted winner, if any. A post_hour experiment only
 * applies to tasks publishing on the schedule: the hour is realised by the slot the post takes.
 */
async function assignArms(
  ctx: StepContext,
  personaId: string,
): Promise<{ arms: Arms; experiments: PostExperiment[]; defaulted: string[] }> {
  const arms: Record<string, string> = {};
  const experiments: PostExperiment[] = [];
  for (const exp of ctx.reads?.experiments ?? (await runningExperimentsFor(ctx.db, personaId))) {
    if (exp.dimension in arms) continue;
    if (exp.dimension === "post_hour" && ctx.task.publish !== "schedule") continue;
    const names = exp.arms.map((a) => a.arm);
    const arm = pickArm(exp.id, ctx.task.id, names, exp.policy === "bandit" ? exp.arms.map((a) => a.weight) : null);
    arms[exp.dimension] = arm;
    experiments.push({ id: exp.id, dimension: exp.dimension, arm });
  }
  await insertAssignments(
    ctx.db,
    experiments.map((e) => ({
      experimentId: e.id,
      taskId: ctx.task.id,
      personaId,
      dimension: e.dimension,
      arm: e.arm,
    })),
    ctx.now(),
  );
  const defaulted: string[] = [];
  for (const [dimension, arm] of ctx.reads?.defaults ?? (await defaultsFor(ctx.db, personaId))) {
    if (dimension in arms) continue;
    if (dimension === "post_hour" && ctx.task.publish !== "schedule") continue;
    arms[dimension] = arm;
    defaulted.push(dimension);
  }
  return { arms: arms as Arms, experiments, defaulted };
}

// A task without a topic takes one of the persona's topics, spread evenly by task id.
function pickPersonaTopic(topics: string[], taskId: string): string | null {
  if (topics.length === 0) return null;
  let h = 0;
  for (const ch of taskId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return topics[h % topics.length] ?? null;
}
