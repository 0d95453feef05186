import { z } from "@hono/zod-openapi";
import { PUBLISH_MODES, TASK_STATUSES, type TaskRow, type TaskStepRow } from "../../db/schema/index.ts";
import { IsoTime, Slug, iso, safeString } from "./common.ts";

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
  })
  .strict()
  .refine((b) => !(b.source_url && b.source_item_id), {
    path: ["source_item_id"],
    message: "give source_url or source_item_id, not both",
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
