// One reply or mention into the inbox, however it arrived (webhook or polling): find the persona
// by the account it was written to, skip our own answers, classify it before anything reads it,
// store it once (unique per persona and Threads id), then queue what the persona does with it:
// hide abuse and spam when its rules say so, draft an answer unless replies are off.
import type { Db } from "../db/client.ts";
import { getPersona } from "../db/personas.ts";
import { accountByThreadsUser, insertReply, isOwnAnswer, postByMediaId } from "../db/replies.ts";
import type { ReplyKind, ReplyRow } from "../db/schema/index.ts";
import { enqueueReply } from "../durable/queues.ts";
import { newId } from "../ids.ts";
import type { ThreadsReply } from "../providers/threads/index.ts";
import { classifyReply } from "./classify.ts";
import { rulesOf } from "./rules.ts";

export interface Incoming {
  reply: ThreadsReply;
  kind: ReplyKind;
  source: "webhook" | "poll";
  /** The Threads user the event is for (webhook target_id), when the reply does not say. */
  targetUserId?: string;
}

export type IngestResult = { stored: ReplyRow } | { skipped: "no_persona" | "own_answer" | "duplicate" | "no_text" };

export async function ingestReply(
  env: Pick<Env, "REPLY_QUEUE">,
  db: Db,
  inc: Incoming,
  now: number,
): Promise<IngestResult> {
  const r = inc.reply;
  if (!r.id || !r.text) return { skipped: "no_text" };
  const owner = inc.kind === "reply" ? (r.rootOwnerId ?? inc.targetUserId) : (inc.targetUserId ?? r.rootOwnerId);
  const account = owner ? await accountByThreadsUser(db, owner) : undefined;
  if (!account) return { skipped: "no_persona" };
  const personaId = account.personaId;
  // Never to ourselves: our own answers come back in conversations and webhooks.
  if (
    r.isReplyOwnedByMe ||
    (account.username && r.username === account.username) ||
    (await isOwnAnswer(db, personaId, r.id))
  ) {
    return { skipped: "own_answer" };
  }
  const persona = await getPersona(db, personaId);
  if (!persona) return { skipped: "no_persona" };
  const post = r.rootPostId ? await postByMediaId(db, personaId, r.rootPostId) : undefined;
  const verdict = classifyReply(r.text);
  const flagged = verdict.category !== "ok";
  const stored = await insertReply(
    db,
    {
      id: newId("reply"),
      personaId,
      postId: post?.id ?? null,
      kind: inc.kind,
      threadsId: r.id,
      rootThreadsId: r.rootPostId ?? (inc.kind === "mention" ? r.id : null),
      parentThreadsId: r.repliedToId ?? null,
      authorUsername: r.username ?? null,
      text: r.text,
      repliedAt: parseGraphTime(r.timestamp) ?? now,
      hideStatus: r.hideStatus ?? null,
      category: verdict.category,
      flags: verdict.flags,
      status: flagged ? "flagged" : "new",
      answerText: null,
      answerSource: null,
      answerContainerId: null,
      answerThreadsId: null,
      answeredAt: null,
      error: null,
      source: inc.source,
    },
    now,
  );
  if (!stored) return { skipped: "duplicate" };
  const queue = env.REPLY_QUEUE;
  const msg = { reply_id: stored.id, persona_id: personaId };
  const topLevel =
    stored.kind === "reply" && stored.parentThreadsId !== null && stored.parentThreadsId === stored.rootThreadsId;
  if ((verdict.category === "abuse" || verdict.category === "spam") && rulesOf(persona).auto_hide && topLevel) {
    await enqueueReply(queue, { ...msg, action: "hide" });
  }
  if (!flagged && persona.repliesMode !== "off") await enqueueReply(queue, { ...msg, action: "draft" });
  return { stored };
}

/** 2026-11-20T09:00:00+0000 → epoch ms. */
export function parseGraphTime(s: string | undefined): number | null {
  if (!s) return null;
  const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(ms) ? ms : null;
}
