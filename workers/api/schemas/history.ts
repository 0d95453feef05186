import { z } from "@hono/zod-openapi";
import { HISTORY_JOB_STATUSES, type HistoryJobRow } from "../../db/schema/index.ts";
import { WEEKDAYS } from "../../history/best-times.ts";
import { IsoTime, iso } from "./common.ts";

const Count = z.number().int().nonnegative();

export const HistoryFilePost = z
  .object({
    text: z.string().openapi({ description: "the post's text (at most 500 characters as Threads counts them)" }),
    published_at: z
      .union([z.string(), z.number()])
      .openapi({ description: "ISO 8601 with a zone (2026-03-01T09:30:00Z) or Unix seconds" }),
    views: Count,
    likes: Count.optional(),
    replies: Count.optional(),
    reposts: Count.optional(),
    quotes: Count.optional(),
    shares: Count.optional(),
  })
  .strict()
  .openapi("HistoryFilePost");

export const HistoryFile = z
  .object({ posts: z.array(HistoryFilePost).max(5000) })
  .strict()
  .openapi("HistoryFile", {
    example: {
      posts: [{ text: "Most founders price too low.", published_at: "2026-03-01T09:30:00Z", views: 1200, likes: 48 }],
    },
  });

export const HistoryImportResult = z
  .object({
    persona_id: z.string(),
    received: Count,
    imported: Count,
    duplicates: Count.openapi({ description: "already stored for the persona, or repeated in this file" }),
    rejected: Count.openapi({ description: "always 0 here: one bad row rejects the request (400, nothing stored)" }),
  })
  .openapi("HistoryImportResult");

export const HistoryJob = z
  .object({
    id: z.string(),
    persona_id: z.string(),
    trigger: z.enum(["link", "manual"]),
    status: z.enum(HISTORY_JOB_STATUSES),
    cap: Count.openapi({ description: "at most this many of the account's newest posts are read" }),
    seen: Count,
    imported: Count,
    duplicates: Count,
    rejected: Count.openapi({
      description: "posts with no text of their own (image-only, reposts) or over 500 characters",
    }),
    pages: Count,
    attempts: Count,
    error: z.string().nullable(),
    created_at: IsoTime,
    updated_at: IsoTime,
    finished_at: IsoTime.nullable(),
  })
  .openapi("HistoryJob");

export const historyJobJson = (j: HistoryJobRow): z.infer<typeof HistoryJob> => ({
  id: j.id,
  persona_id: j.personaId,
  trigger: j.trigger,
  status: j.status,
  cap: j.cap,
  seen: j.seen,
  imported: j.imported,
  duplicates: j.duplicates,
  rejected: j.rejected,
  pages: j.pages,
  attempts: j.attempts,
  error: j.error,
  created_at: iso(j.createdAt) ?? "",
  updated_at: iso(j.updatedAt) ?? "",
  finished_at: iso(j.finishedAt),
});

const Cell = z.object({
  weekday: z.enum(WEEKDAYS),
  hour: z.number().int().min(0).max(23),
  engagement_rate: z.number(),
  lift: z.number(),
  posts: Count,
  scheduled: z.boolean(),
});

export const BestTimesReport = z
  .object({
    persona_id: z.string(),
    timezone: z.string(),
    estimator: z.string(),
    posts: Count.openapi({ description: "imported and measured posts with at least 20 views" }),
    imported_posts: Count,
    overall_engagement_rate: z.number().nullable(),
    spread: z.object({ hours: z.number(), cells: z.number(), within: z.number() }),
    best: z.array(Cell).openapi({ description: "the best local weekday × hour cells, best first" }),
    hours: z.array(
      z.object({
        hour: z.number().int(),
        engagement_rate: z.number().nullable(),
        lift: z.number(),
        posts: Count,
        scheduled: z.boolean(),
      }),
    ),
    cells: z.array(Cell).openapi({ description: "all 168 cells, Monday 00:00 first" }),
  })
  .openapi("BestTimes");
