import { createRoute, z } from "@hono/zod-openapi";
import { computeKpis } from "../kpis/compute.ts";
import { kpiTimeseries } from "../kpis/timeseries.ts";
import { observabilityFromEnv, parseKpiWindow } from "../observability/settings.ts";
import { Slug, bearer, errorResponses, safeString } from "./schemas/common.ts";
import { newRouter } from "./router.ts";

const KpiQuery = z.object({
  persona_id: Slug.optional(),
  window: safeString().max(10).optional().openapi({ description: '"7d" (default) or "30d"' }),
});

const Kpis = z
  .object({
    window: z.object({ label: z.string(), days: z.number(), start: z.number(), end: z.number() }),
    persona_id: z.string().nullable(),
    engagement_rate: z.number().nullable(),
    followers_gained: z.number().nullable(),
    cost_usd: z.number(),
    cost_per_follow_usd: z.number().nullable(),
    posts_published: z.number(),
    revenue_projection_monthly_usd: z.number().nullable(),
    goals: z.record(z.string(), z.number()),
    inputs: z.record(z.string(), z.unknown()),
  })
  .passthrough()
  .openapi("Kpis");

const Day = z.object({ date: z.string(), engagement_rate: z.number().nullable(), views: z.number(), interactions: z.number(), cost_usd: z.number(), followers: z.number().nullable() }).passthrough();

export const kpisApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["kpis"],
      security: bearer,
      description: "Engagement rate, followers gained, LLM cost, cost per follow and projected monthly revenue, from stored data, with the inputs used.",
      request: { query: KpiQuery },
      responses: { 200: { description: "KPIs against their goals", content: { "application/json": { schema: Kpis } } }, ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { revenueModel } = observabilityFromEnv(c.env);
      const kpis = await computeKpis(c.var.db, { personaId: q.persona_id, windowDays: parseKpiWindow(q.window), now: Date.now(), revenueModel });
      return c.json(kpis, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/timeseries",
      tags: ["kpis"],
      security: bearer,
      description: "Per UTC day: views and interactions earned that day, engagement rate, LLM spend and followers.",
      request: { query: KpiQuery },
      responses: { 200: { description: "One entry per day of the window", content: { "application/json": { schema: z.object({ days: z.array(Day) }) } } }, ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await kpiTimeseries(c.var.db, { personaId: q.persona_id, windowDays: parseKpiWindow(q.window), now: Date.now() }), 200);
    },
  );
