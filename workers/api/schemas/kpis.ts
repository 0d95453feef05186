import { z } from "@hono/zod-openapi";
import { Slug, safeString } from "./common.ts";

export const KpiQuery = z.object({
  persona_id: Slug.optional(),
  window: safeString().max(10).optional().openapi({ description: '"7d" (default) or "30d"' }),
});

export const ReplyKpis = z
  .object({
    received: z.number().openapi({ description: "replies and mentions received in the window" }),
    flagged: z.number().openapi({ description: "of those, flagged by the guardrail (never answered)" }),
    answered: z.number(),
    reply_rate: z.number().nullable().openapi({ description: "answered / (received − flagged); null when none" }),
    response_time_median_seconds: z
      .number()
      .nullable()
      .openapi({ description: "our answer's time after the reply, median over answers sent in the window" }),
    response_time_p90_seconds: z.number().nullable(),
    answers_sent: z.number(),
    answers_per_day: z.number(),
  })
  .openapi("ReplyKpis");

export const Kpis = z
  .object({
    window: z.object({ label: z.string(), days: z.number(), start: z.number(), end: z.number() }),
    persona_id: z.string().nullable(),
    engagement_rate: z.number().nullable(),
    followers_gained: z.number().nullable(),
    cost_usd: z.number(),
    cost_per_follow_usd: z.number().nullable(),
    posts_published: z.number(),
    revenue_projection_monthly_usd: z.number().nullable(),
    replies: ReplyKpis,
    goals: z.record(z.string(), z.number()),
    inputs: z.record(z.string(), z.unknown()),
  })
  .passthrough()
  .openapi("Kpis");

export const KpiDay = z
  .object({
    date: z.string(),
    engagement_rate: z.number().nullable(),
    views: z.number(),
    interactions: z.number(),
    cost_usd: z.number(),
    followers: z.number().nullable(),
  })
  .passthrough()
  .openapi("KpiDay");
