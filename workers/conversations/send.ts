// Publishes an approved answer under its reply exactly once, with the invariant posts have
// (workers/publishing/publisher.ts): the answer has at most one container that may still be
// published, and its id is in D1 before threads_publish is called. Every retry starts by asking
// Threads about that container: PUBLISHED → the answer is out (recover its id, never publish
// again); FINISHED → publish that same container; IN_PROGRESS → check later; ERROR / EXPIRED →
// only then a fresh container. Nothing is created or published once the persona is deleted,
// and an answer auto mode queued is not sent once the persona left auto mode.
import { getPersona } from "../db/personas.ts";
import { getReply, setAnswerContainer, transitionReply, updateReply } from "../db/replies.ts";
import type { ReplyRow } from "../db/schema/index.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { PersonaGone } from "../lifecycle/guard.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import type { ReplyDeps, ReplyOutcome } from "./deps.ts";

export async function sendAnswer(deps: ReplyDeps, replyId: string): Promise<ReplyOutcome> {
  const { db, client } = deps;
  const reply = await getReply(db, replyId);
  if (!reply || reply.status !== "queued" || !reply.answerText) return { kind: "done", note: "nothing to send" };
  const persona = await getPersona(db, reply.personaId);
  if (!persona) return { kind: "done", note: "persona deleted" };
  // Queued by auto mode, but the persona left auto mode since: it waits for the operator instead.
  if (persona.repliesMode !== "auto" && reply.answerSource === "auto" && !reply.answerContainerId) {
    await transitionReply(
      db,
      reply.id,
      ["queued"],
      "drafted",
      { answerSource: "writer", error: `not sent: replies are now ${persona.repliesMode}; approve it to send` },
      deps.now(),
    );
    return { kind: "done", note: "auto mode left" };
  }
  const account = await getAccount(db, reply.personaId);
  if (!account) {
    await transitionReply(
      db,
      reply.id,
      ["queued"],
      "failed",
      { error: `no Threads account is linked to persona '${reply.personaId}'` },
      deps.now(),
    );
    return { kind: "done" };
  }
  const token = await accountToken(deps.env, account);
  const userId = account.threadsUserId;
  try {
    let containerId = reply.answerContainerId;
    if (containerId) {
      const st = await client.getContainerStatus(containerId, token);
      if (st.status === "PUBLISHED") return recovered(deps, reply, token);
      if (st.status === "IN_PROGRESS") return later(deps);
      if (st.status === "ERROR" || st.status === "EXPIRED") {
        await updateReply(db, reply.id, { answerContainerId: null }, deps.now());
        containerId = null;
      }
    }
    if (!containerId) {
      stopIfGone(deps);
      const created = await client.createContainer(userId, token, {
        text: reply.answerText,
        replyToId: reply.threadsId,
      });
      if (!(await setAnswerContainer(db, reply.id, created, deps.now()))) return { kind: "retry" };
      containerId = created;
      const wait = deps.settings.publishing.containerTiming.firstCheckMs;
      if (wait > deps.settings.publishing.containerTiming.inlineMaxMs) return later(deps, wait);
      await (deps.sleep ?? sleep)(wait);
      const st = await client.getContainerStatus(containerId, token);
      if (st.status === "PUBLISHED") return recovered(deps, reply, token);
      if (st.status !== "FINISHED") return later(deps);
    }
    stopIfGone(deps);
    let mediaId: string;
    try {
      mediaId = await client.publish(userId, token, containerId);
    } catch (err) {
      // Refused? Perhaps because it is already out (a lost response): ask before failing.
      const st = await client.getContainerStatus(containerId, token).catch(() => null);
      if (st?.status === "PUBLISHED") return recovered(deps, reply, token);
      throw err;
    }
    await transitionReply(
      db,
      reply.id,
      ["queued"],
      "answered",
      { answerThreadsId: mediaId, answeredAt: deps.now(), error: null },
      deps.now(),
    );
    return { kind: "done" };
  } catch (err) {
    if (err instanceof PersonaGone) return { kind: "done", note: err.message };
    if (err instanceof ThreadsApiError && (err.kind === "transient" || err.kind === "throttled")) {
      await updateReply(db, reply.id, { error: `retrying: ${err.message}` }, deps.now());
      return { kind: "retry", delaySeconds: err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : undefined };
    }
    if (err instanceof ThreadsApiError) {
      await transitionReply(db, reply.id, ["queued"], "failed", { error: err.message }, deps.now());
      return { kind: "done" };
    }
    throw err;
  }
}

/** The container is published: find our answer under the reply to learn its id. */
async function recovered(deps: ReplyDeps, reply: ReplyRow, token: string): Promise<ReplyOutcome> {
  const page = await deps.client
    .listReplies(reply.threadsId, token, { depth: "top", limit: 100 })
    .catch(() => ({ replies: [] as { id: string; text?: string; isReplyOwnedByMe?: boolean }[] }));
  const ours = page.replies.find((r) => r.isReplyOwnedByMe && r.text === reply.answerText);
  await transitionReply(
    deps.db,
    reply.id,
    ["queued"],
    "answered",
    { answerThreadsId: ours?.id ?? null, answeredAt: deps.now(), error: null },
    deps.now(),
  );
  return { kind: "done", note: "recovered" };
}

function later(deps: ReplyDeps, ms = deps.settings.publishing.containerTiming.checkEveryMs): ReplyOutcome {
  return { kind: "later", delaySeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

function stopIfGone(deps: ReplyDeps): void {
  const why = deps.stop();
  if (why) throw new PersonaGone(why);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
