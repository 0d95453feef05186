import { z } from "@hono/zod-openapi";
import { REPLY_STATUSES, type ReplyRow } from "../../db/schema/index.ts";
import { IsoTime, iso, safeString } from "./common.ts";

export const Reply = z
  .object({
    id: z.string(),
    persona_id: z.string(),
    post_id: z.string().nullable(),
    kind: z.enum(["reply", "mention"]),
    threads_id: z.string(),
    root_threads_id: z.string().nullable(),
    parent_threads_id: z.string().nullable(),
    author: z.string().nullable(),
    text: z.string(),
    replied_at: IsoTime,
    hide_status: z.string().nullable(),
    category: z.enum(["ok", "injection", "abuse", "spam", "self"]).openapi({
      description: "the guardrail's verdict before any prompt read the reply; flagged replies are never answered",
    }),
    flags: z.array(z.string()),
    status: z.enum(REPLY_STATUSES),
    answer: z
      .object({
        text: z.string().nullable(),
        source: z.string().nullable().openapi({
          description:
            '"writer" (the persona\'s writer drafted it), "operator" (text given to respond), "auto" (the writer\'s, sent by auto mode)',
        }),
        threads_id: z.string().nullable(),
        answered_at: IsoTime.nullable(),
      })
      .openapi({
        description: "our answer: the draft, then what was published (reply_to_id = threads_id of the reply)",
      }),
    error: z.string().nullable(),
    source: z.enum(["webhook", "poll"]),
    created_at: IsoTime,
    updated_at: IsoTime,
  })
  .openapi("Reply");

export const replyJson = (r: ReplyRow): z.infer<typeof Reply> => ({
  id: r.id,
  persona_id: r.personaId,
  post_id: r.postId,
  kind: r.kind,
  threads_id: r.threadsId,
  root_threads_id: r.rootThreadsId,
  parent_threads_id: r.parentThreadsId,
  author: r.authorUsername,
  text: r.text,
  replied_at: iso(r.repliedAt) ?? "",
  hide_status: r.hideStatus,
  category: r.category,
  flags: r.flags,
  status: r.status,
  answer: {
    text: r.answerText,
    source: r.answerSource,
    threads_id: r.answerThreadsId,
    answered_at: iso(r.answeredAt),
  },
  error: r.error,
  source: r.source === "poll" ? "poll" : "webhook",
  created_at: iso(r.createdAt) ?? "",
  updated_at: iso(r.updatedAt) ?? "",
});

export const RespondBody = z
  .object({
    text: safeString().trim().min(1).max(500).optional().openapi({
      description: "the operator's own answer; without it the persona's writer drafts one (then approve it)",
    }),
  })
  .strict()
  .openapi("RespondToReply", { example: { text: "Thanks! Start with one price test this week." } });

export const ReplyStatusQuery = z.enum(REPLY_STATUSES);
