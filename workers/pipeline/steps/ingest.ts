import { getPersona } from "../../db/personas.ts";
import { inspectText } from "../../guardrails/checks.ts";
import { PipelineHalt } from "../halt.ts";
import type { Step } from "../types.ts";

/**
 * Snapshots the persona and the request, so a resumed task writes in the voice it started with.
 * The request's own text is checked here, before any of it reaches a prompt: a hit ends the task
 * `rejected` naming the field and the check.
 */
export const ingest: Step<"ingest"> = async (ctx) => {
  const persona = await getPersona(ctx.db, ctx.task.personaId);
  if (!persona) throw new PipelineHalt("cancelled", `cancelled: persona '${ctx.task.personaId}' no longer exists`);
  const input = ctx.task.input;
  const topic = input.topic?.trim() || pickPersonaTopic(persona.topics, ctx.task.id);
  if (!topic) throw new PipelineHalt("failed", "no topic: the task has none and the persona lists no topics");
  const fields = { topic: input.topic, pain_statement: input.pain_statement, trend_snippet: input.trend_snippet };
  for (const [field, text] of Object.entries(fields)) {
    const hit = text ? inspectText(text, { personalData: persona.guardrails.block_personal_data }) : null;
    if (hit) {
      const what = hit.check === "prompt_injection" ? "prompt injection" : "personal data";
      throw new PipelineHalt("rejected", `${what} in the task input (${field}): ${hit.found.join(", ")}`, { check: hit.check, field, found: hit.found });
    }
  }
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
    },
    detail: { topic, topic_source: input.topic ? "task" : "persona" },
  };
};

// A task without a topic takes one of the persona's topics, spread evenly by task id.
function pickPersonaTopic(topics: string[], taskId: string): string | null {
  if (topics.length === 0) return null;
  let h = 0;
  for (const ch of taskId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return topics[h % topics.length] ?? null;
}
