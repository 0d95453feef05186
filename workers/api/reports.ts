import { createRoute } from "@hono/zod-openapi";
import { personaFor } from "../access/principal.ts";
import { buildDailyReport } from "../report/daily.ts";
import { bearer, errorResponses, json } from "./schemas/common.ts";
import { DailyReport, DailyReportQuery } from "./schemas/reports.ts";
import { newRouter } from "./router.ts";

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export const reportsApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/daily",
    tags: ["reports"],
    security: bearer,
    description:
      "The morning check in one call: success rate, latency, costs, alerts, top and bottom posts for one UTC day (default yesterday).",
    request: { query: DailyReportQuery },
    responses: { 200: { description: "The daily report", ...json(DailyReport) }, ...errorResponses(400, 401) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await buildDailyReport(c.var.db, {
        date: q.date ?? yesterday(),
        personaId: personaFor(c.var.principal, q.persona_id),
      }),
      200,
    );
  },
);
