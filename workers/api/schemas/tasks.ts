import { z } from "@hono/zod-openapi";
import {
  PUBLISH_MODES,
  REPLY_CONTROLS,
  TASK_FORMATS,
  TASK_STATUSES,
  type TaskFormat,
  type TaskRow,
  type TaskStepRow,
} from "../../db/schema/index.ts";
import { IsoTime, Slug, iso, safeString } from "./common.ts";

/** The formats the pipeline can write and publish today (TASK_FORMATS lists every one the API names). */
const AVAILABLE_FORMATS: readonly TaskFormat[] = ["single", "chain", "poll"];

// Threads' own rules for these fields, checked here so a bad value is a 400 naming it:
// https://developers.facebook.com/documentation/threads/create-posts/polls (2–4 options of 1–25
// characters), …/reply-management (reply_control), …/posts (topic_tag: 1–50 characters, no '.' or '&').
const PollOption = safeString()
  .trim()
  .min(1)
  .refine((o) => [...o].length <= 25, "a poll option is at most 25 characters");

export const CreateTask = z
  .object({
    persona_id: Slug.openapi({ example: "calm-founder" }),
    // A topic of only emoji or symbols ("🔥🚀", "???") gives the writer nothing to write about:
    // refused here rather than silently replaced by another topic.
    topic: safeString()
      .trim()
      .min(1)
      .max(280)
      .refine((t) => /[\p{L}\p{N}]/u.test(t), "must contain words (letters or digits), not only emoji or symbols")
      .optional()
      .openapi({ example: "pricing your first SaaS" }),
    pain_statement: safeString().trim().min(1).max(1000).optional(),
    trend_snippet: safeString().trim().min(1).max(2000).optional(),
    publish: z.enum(PUBLISH_MODES).default("draft").openapi({ description: "now | schedule (next free slot) | draft" }),
    source_url: safeString().trim().min(1).max(2048).optional().openapi({
      description:
        "repurpose this page or feed entry into the post: an item of the persona's sources with this URL, else the URL is added as a source first (docs/sources.md)",
    }),
    source_item_id: safeString().trim().min(1).max(100).optional().openapi({
      description:
        "repurpose this item of the persona's sources (GET /v1/personas/{id}/sources/{source_id} lists them)",
    }),
    format: z
      .enum(TASK_FORMATS)
      .optional()
      .refine((f) => f === undefined || AVAILABLE_FORMATS.includes(f), {
        message: `image and carousel posts are not available yet; use ${AVAILABLE_FORMATS.join(", ")}, or leave format out`,
      })
      .openapi({
        description:
          "single: one post of at most 500 characters; chain: a thread chain of 2–10 parts (a root and replies); poll: one post with `poll_options`. Absent: the writer decides, a chain when the post would not fit 500 characters",
      }),
    poll_options: z
      .array(PollOption)
      .min(2)
      .max(4)
      .refine((xs) => new Set(xs.map((x) => x.toLowerCase())).size === xs.length, "poll options must differ")
      .optional()
      .openapi({ description: "2–4 options of 1–25 characters (Threads' poll_attachment); implies format poll" }),
    link_attachment: z
      .string()
      .max(2048)
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL")
      .optional()
      .openapi({ description: "a link shown as a preview card (Threads' link_attachment); counts toward the 5 links" }),
    topic_tag: safeString()
      .trim()
      .transform((t) => t.replace(/^#/, ""))
      .pipe(
        z
          .string()
          .min(1)
          .max(50)
          .refine((t) => !/[.&]/.test(t), "a topic tag has no '.' or '&'"),
      )
      .optional()
      .openapi({ description: "one topic tag, 1–50 characters without '.' or '&' (Threads' topic_tag)" }),
    reply_control: z
      .enum(REPLY_CONTROLS)
      .optional()
      .openapi({ description: "who may reply (Threads' reply_control); on every part of a chain" }),
    quote_post_id: safeString()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "quote one of the persona's own published posts (its id here)" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.format === "poll" && !v.poll_options)
      ctx.addIssue({ code: "custom", path: ["poll_options"], message: "required with format poll" });
    if (v.poll_options && v.format !== undefined && v.format !== "poll")
      ctx.addIssue({ code: "custom", path: ["poll_options"], message: `only with format poll, not ${v.format}` });
    if (v.source_url && v.source_item_id)
      ctx.addIssue({
        code: "custom",
        path: ["source_item_id"],
        message: "give source_url or source_item_id, not both",
      });
  })
  .openapi("CreateTask", {
    example: { persona_id: "calm-founder", topic: "pricing your first SaaS", publish: "draft" },
  });

export const TaskAccepted = z.object({ task_id: z.string(), status: z.enum(TASK_STATUSES) }).openapi("TaskAccepted");

const Step = z.object({
  name: z.string(),
  status: z.string(),
  attempt: z.number(),
  started_at: IsoTime,
  finished_at: IsoTime.nullable(),
  duration_ms: z.number().nullable(),
  error: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const Task = z
  .object({
    id: z.string(),
    persona_id: z.string(),
    persona_deleted_at: IsoTime.nullable().openapi({
      description: "set when the persona was deleted (its unfinished tasks are then cancelled)",
    }),
    status: z.enum(TASK_STATUSES),
    publish: z.enum(PUBLISH_MODES),
    input: z.object({
      format: z.enum(TASK_FORMATS).nullable().optional(),
      attachments: z
        .object({
          poll: z.object({ options: z.array(z.string()) }).optional(),
          link: z.string().optional(),
          topic_tag: z.string().optional(),
          reply_control: z.enum(REPLY_CONTROLS).optional(),
          quote_post_id: z.string().optional(),
        })
        .optional(),
      topic: z.string().nullable().optional(),
      pain_statement: z.string().nullable().optional(),
      trend_snippet: z.string().nullable().optional(),
      source_item_id: z.string().nullable().optional(),
    }),
    post_id: z.string().nullable(),
    error: z.string().nullable(),
    attempts: z.number(),
    created_at: IsoTime,
    started_at: IsoTime.nullable(),
    finished_at: IsoTime.nullable(),
    duration_ms: z.number().nullable(),
    steps: z.array(Step),
  })
  .openapi("Task");

export const stepJson = (s: TaskStepRow): z.infer<typeof Step> => ({
  name: s.step,
  status: s.status,
  attempt: s.attempt,
  started_at: iso(s.startedAt) ?? "",
  finished_at: iso(s.finishedAt),
  duration_ms: s.durationMs,
  error: s.error,
  detail: s.detail ?? null,
});

export const taskJson = (t: TaskRow, steps: TaskStepRow[]): z.infer<typeof Task> => ({
  id: t.id,
  persona_id: t.deletedPersonaId ?? t.personaId,
  persona_deleted_at: iso(t.personaDeletedAt),
  status: t.status,
  publish: t.publish,
  input: t.input,
  post_id: t.postId,
  error: t.error,
  attempts: t.attempts,
  created_at: iso(t.createdAt) ?? "",
  started_at: iso(t.startedAt),
  finished_at: iso(t.finishedAt),
  duration_ms: t.finishedAt ? t.finishedAt - t.createdAt : null,
  steps: steps.map(stepJson),
});
