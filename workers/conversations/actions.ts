// One reply action as the persona's Durable Object runs it (the `reply` queue's work).
import type { ReplyAction } from "../durable/queues.ts";
import type { ReplyDeps, ReplyOutcome } from "./deps.ts";
import { draftAnswer } from "./draft.ts";
import { moderateReply } from "./moderate.ts";
import { sendAnswer } from "./send.ts";

export function runReplyAction(deps: ReplyDeps, replyId: string, action: ReplyAction): Promise<ReplyOutcome> {
  switch (action) {
    case "draft":
      return draftAnswer(deps, replyId);
    case "send":
      return sendAnswer(deps, replyId);
    case "hide":
      return moderateReply(deps, replyId, true);
    case "unhide":
      return moderateReply(deps, replyId, false);
  }
}
