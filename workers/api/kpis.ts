import { createRoute, z } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { computeKpis } from "../kpis/compute.ts";
import { kpiTimeseries } from "../kpis/timeseries.ts";
import { parseKpiWindow } from "../kpis/window.ts";
import { bearer, errorResponses } from "./schemas/common.ts";
import { KpiDay, KpiQuery, Kpis } from "./schemas/kpis.ts";
import { newRouter } from "./router.ts";

export const kpisApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["kpis"],
      security: bearer,
      description:
        "Engagement rate, followers gained, LLM cost, cost per follow and projected monthly revenue, from stored data, with the inputs used.",
      request: { query: KpiQuery },
      responses: {
        200: { description: "KPIs against their goals", content: { "application/json": { schema: Kpis } } },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { revenueModel } = c.var.settings.observability;
      const kpis = await computeKpis(c.var.db, {
        personaId: personaFor(c.var.principal, q.persona_id),
        windowDays: parseKpiWindow(q.window),
        now: Date.now(),
        revenueModel,
      });
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
      responses: {
        200: {
          description: "One entry per day of the window",
          content: { "application/json": { schema: z.object({ days: z.array(KpiDay) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await kpiTimeseries(c.var.db, {
          personaId: personaFor(c.var.principal, q.persona_id),
          windowDays: parseKpiWindow(q.window),
          now: Date.now(),
        }),
        200,
      );
    },
  );
