// Hides or unhides a reply on Threads (POST /{reply-id}/manage_reply, hide=true|false): only
// top-level replies to the persona's own posts can be, as documented
// (https://developers.facebook.com/docs/threads/reply-management#hide-replies).
import { getReply, updateReply } from "../db/replies.ts";
import { getAccount } from "../db/threads-accounts.ts";
import { ThreadsApiError } from "../providers/threads/index.ts";
import { accountToken } from "../publishing/accounts.ts";
import type { ReplyDeps, ReplyOutcome } from "./deps.ts";

export async function moderateReply(deps: ReplyDeps, replyId: string, hide: boolean): Promise<ReplyOutcome> {
  const { db } = deps;
  const reply = await getReply(db, replyId);
  if (!reply) return { kind: "done", note: "reply gone" };
  const wanted = hide ? "HIDDEN" : "UNHUSHED";
  if (reply.hideStatus === wanted) return { kind: "done" };
  const account = await getAccount(db, reply.personaId);
  if (!account) return { kind: "done", note: "no account" };
  if (deps.stop()) return { kind: "done", note: "persona deleted" };
  try {
    await deps.client.manageReply(reply.threadsId, await accountToken(deps.env, account), hide);
  } catch (err) {
    if (err instanceof ThreadsApiError && (err.kind === "permanent" || err.kind === "auth")) {
      await updateReply(
        db,
        reply.id,
        { error: `${hide ? "hide" : "unhide"} refused by Threads: ${err.message}` },
        deps.now(),
      );
      return { kind: "done" };
    }
    throw err;
  }
  await updateReply(db, reply.id, { hideStatus: wanted, error: null }, deps.now());
  return { kind: "done" };
}
