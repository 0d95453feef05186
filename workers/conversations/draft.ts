// Drafts the persona's answer to one reply (docs/conversations.md, "Answers"): in its voice and
// language, from the model the settings choose (or the offline writer). The reply is checked
// again before it reaches the prompt (it was classified at ingest), quoted as data inside it, and
// the answer is checked after: guardrail, personal data, secrets, the reply's own words, and an
// identical answer already sent (two rewrites, then it is held). In auto mode a passing draft is
// queued for sending unless a limit holds it.
import { getPersona } from "../db/personas.ts";
import { getPost } from "../db/posts.ts";
import { findSameAnswer, getReply, transitionReply, updateReply } from "../db/replies.ts";
import type { PersonaRow, ReplyRow } from "../db/schema/index.ts";
import { enqueueReply } from "../durable/queues.ts";
import { assertWithinBudget, recordSpend } from "../limits/budget.ts";
import type { GenerationBrief } from "../providers/llm/brief.ts";
import { costUsd, priceFor } from "../providers/llm/pricing.ts";
import { replyMessages } from "../pipeline/prompts.ts";
import { textViews } from "../text/normalize.ts";
import { accountToken } from "../publishing/accounts.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { checkAnswer, classifyReply } from "./classify.ts";
import type { ReplyDeps, ReplyOutcome } from "./deps.ts";
import { autoModeBlock, META_REPLY_QUOTA } from "./rules.ts";

const MAX_ANSWER_CHARS = 480;

export async function draftAnswer(deps: ReplyDeps, replyId: string): Promise<ReplyOutcome> {
  const { db } = deps;
  const reply = await getReply(db, replyId);
  if (!reply || reply.status !== "new") return { kind: "done", note: "nothing to draft" };
  const persona = await getPersona(db, reply.personaId);
  // Replies "off" only stops drafting at ingest: a draft asked for by the operator is written.
  if (!persona) return { kind: "done", note: "persona deleted" };
  // Defence in depth: the ingest verdict is recomputed before the text goes anywhere near a prompt.
  const verdict = classifyReply(reply.text);
  if (verdict.category !== "ok") {
    await transitionReply(
      db,
      reply.id,
      ["new"],
      "flagged",
      { error: `flagged: ${verdict.flags.join("; ")}` },
      deps.now(),
    );
    return { kind: "done", note: "flagged" };
  }
  const post = reply.postId ? await getPost(db, reply.postId) : null;
  let answer = await write(deps, persona, reply, post?.text ?? null, 0);
  let problems = await answerProblems(deps, persona, reply, answer);
  // An answer identical to one already sent reads as spam: up to two rewrites, then it is held.
  for (let variant = 1; variant <= 2 && problems.some((p) => p.startsWith("same answer")); variant++) {
    answer = await write(deps, persona, reply, post?.text ?? null, variant);
    problems = await answerProblems(deps, persona, reply, answer);
  }
  if (problems.length > 0) {
    await updateReply(db, reply.id, { error: `draft held by the guardrail: ${problems.join("; ")}` }, deps.now());
    return { kind: "done", note: "held" };
  }
  const drafted = await transitionReply(
    db,
    reply.id,
    ["new"],
    "drafted",
    { answerText: answer, answerSource: "writer", error: null },
    deps.now(),
  );
  if (!drafted || persona.repliesMode !== "auto") return { kind: "done" };
  const block = await autoModeBlock(db, persona, drafted, deps.now(), await replyQuota(deps, persona.id));
  if (block) {
    await updateReply(db, reply.id, { error: `auto mode held this answer for review: ${block}` }, deps.now());
    return { kind: "done", note: "held by auto-mode limits" };
  }
  // "auto": the writer's answer, queued by auto mode (send.ts holds it if auto mode was left since).
  if (await transitionReply(db, reply.id, ["drafted"], "queued", { answerSource: "auto" }, deps.now())) {
    await enqueueReply(deps.env.REPLY_QUEUE, { reply_id: reply.id, persona_id: persona.id, action: "send" });
  }
  return { kind: "done" };
}

async function write(deps: ReplyDeps, persona: PersonaRow, reply: ReplyRow, post: string | null, variant: number) {
  const brief: GenerationBrief = {
    kind: "reply",
    persona: {
      id: persona.id,
      name: persona.name,
      description: persona.description,
      tone: persona.tone,
      emoji: persona.emoji,
      topics: persona.topics,
      language: persona.language,
    },
    topic: persona.topics[0] ?? "",
    reply: { text: reply.text, post, id: reply.threadsId },
    variant,
  };
  const { settings, providers, db } = deps;
  const model = settings.generation.bodyModel;
  const price = priceFor(model, settings.generation.priceOverrides);
  if (price === null || price.input > 0 || price.output > 0) {
    await assertWithinBudget(db, settings.limits.dailyLlmBudgetUsd, deps.now());
  }
  const res = await providers.llm.complete({
    model,
    messages: replyMessages(brief),
    maxTokens: 120,
    temperature: 0.6,
    brief,
  });
  await recordSpend(
    db,
    costUsd(res.model, res.promptTokens, res.completionTokens, settings.generation.priceOverrides),
    deps.now(),
  );
  return res.text
    .trim()
    .replace(/^["'“”«»]+|["'“”«»]+$/g, "")
    .slice(0, MAX_ANSWER_CHARS);
}

async function answerProblems(
  deps: ReplyDeps,
  persona: PersonaRow,
  reply: ReplyRow,
  answer: string,
): Promise<string[]> {
  const problems = checkAnswer(answer, persona.guardrails.blocked_words);
  // Never echo: the answer may not carry a run of five or more of the reply's words.
  if (sharesRun(reply.text, answer, 5)) problems.push("repeats the reply's words");
  if (await findSameAnswer(deps.db, persona.id, answer, reply.id))
    problems.push("same answer already sent to another reply");
  return problems;
}

function sharesRun(a: string, b: string, n: number): boolean {
  const words = (s: string) =>
    textViews(s)
      .clean.split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const wa = words(a);
  const hay = ` ${words(b).join(" ")} `;
  for (let i = 0; i + n <= wa.length; i++) if (hay.includes(` ${wa.slice(i, i + n).join(" ")} `)) return true;
  return false;
}

/** Meta's reply quota for the account (reply_quota_usage), or null when Threads does not say. */
async function replyQuota(deps: ReplyDeps, personaId: string): Promise<{ usage: number; total: number } | null> {
  const account = await getAccount(deps.db, personaId);
  if (!account) return null;
  try {
    const limit = await deps.client.getPublishingLimit(account.threadsUserId, await accountToken(deps.env, account));
    return limit.replyQuotaUsage === undefined
      ? null
      : { usage: limit.replyQuotaUsage, total: limit.replyQuotaTotal ?? META_REPLY_QUOTA };
  } catch {
    return null;
  }
}
