import { createRoute, z } from "@hono/zod-openapi";
import { buildDailyReport } from "../report/daily.ts";
import { Slug, bearer, errorResponses, safeString } from "./schemas/common.ts";
import { newRouter } from "./router.ts";

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export const reportsApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/daily",
    tags: ["reports"],
    security: bearer,
    description: "The morning check in one call: success rate, latency, costs, alerts, top and bottom posts for one UTC day (default yesterday).",
    request: { query: z.object({ date: safeString().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(), persona_id: Slug.optional() }) },
    responses: { 200: { description: "The daily report", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses(400, 401) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(await buildDailyReport(c.var.db, { date: q.date ?? yesterday(), personaId: q.persona_id }), 200);
  },
);
