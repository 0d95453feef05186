import { ReplyKpis } from "./kpis.ts";
import { z } from "@hono/zod-openapi";
import { Slug, safeString } from "./common.ts";

export const DailyReportQuery = z.object({
  date: safeString()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
    .optional()
    .openapi({ description: "UTC day, default yesterday", example: "2026-11-23" }),
  persona_id: Slug.optional(),
});

const Ms = z.number().openapi({ description: "milliseconds since the epoch" });
const RankedPost = z.object({
  post_id: z.string(),
  persona_id: z.string(),
  hook: z.string().nullable(),
  published_at: Ms,
  views: z.number(),
  interactions: z.number(),
  engagement_rate: z.number(),
});
// The alert rows as workers/alerts/queries.ts exposes them (times in ms).
const ReportAlert = z
  .object({
    id: z.string(),
    rule: z.string(),
    severity: z.string(),
    status: z.string(),
    fingerprint: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
    first_fired_at: Ms,
    last_evaluated_at: Ms,
    resolved_at: Ms.nullable(),
    acknowledged_at: Ms.nullable(),
  })
  .passthrough();

export const DailyReport = z
  .object({
    date: z.string(),
    window: z.object({ start: Ms, end: Ms }),
    tasks: z.object({
      total: z.number(),
      by_status: z.record(z.string(), z.number()),
      finished: z.number(),
      success_rate: z.number().nullable(),
      failure_rate: z.number().nullable(),
    }),
    latency: z.object({
      samples: z.number(),
      p50_ms: z.number().nullable(),
      p95_ms: z.number().nullable(),
      max_ms: z.number().nullable(),
    }),
    costs: z.object({
      llm_usd: z.number(),
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      posts_created: z.number(),
      by_persona: z.array(z.object({ persona_id: z.string(), cost_usd: z.number(), posts_created: z.number() })),
    }),
    posts: z.object({ published: z.number(), failed: z.number() }),
    alerts: z.object({ fired: z.array(ReportAlert), open_at_end: z.array(ReportAlert) }),
    engagement: z.object({
      ranked_posts: z.number(),
      min_views: z.number(),
      top: z.array(RankedPost),
      bottom: z.array(RankedPost),
    }),
    replies: ReplyKpis,
  })
  .openapi("DailyReport");
