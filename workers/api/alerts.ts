import { createRoute, z } from "@hono/zod-openapi";
import { acknowledgeAlert, listAlerts, type AlertView } from "../alerts/queries.ts";
import { Limit, bearer, errorResponses, iso, safeString } from "./schemas/common.ts";
import { newRouter } from "./router.ts";

const Alert = z
  .object({
    id: z.string(),
    rule: z.string(),
    severity: z.string(),
    status: z.string(),
    fingerprint: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
    first_fired_at: z.string(),
    last_evaluated_at: z.string(),
    resolved_at: z.string().nullable(),
    acknowledged_at: z.string().nullable(),
  })
  .openapi("Alert");

const alertJson = (a: AlertView): z.infer<typeof Alert> => ({
  ...a,
  first_fired_at: iso(a.first_fired_at) ?? "",
  last_evaluated_at: iso(a.last_evaluated_at) ?? "",
  resolved_at: iso(a.resolved_at),
  acknowledged_at: iso(a.acknowledged_at),
});

export const alertsApi = newRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["alerts"],
      security: bearer,
      request: {
        query: z.object({
          status: safeString()
            .max(20)
            .optional()
            .openapi({ description: "firing | acknowledged | resolved | open (firing + acknowledged)" }),
          limit: Limit,
          cursor: safeString().max(200).optional(),
        }),
      },
      responses: {
        200: {
          description: "Alerts, newest first",
          content: {
            "application/json": { schema: z.object({ data: z.array(Alert), next_cursor: z.string().nullable() }) },
          },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await listAlerts(c.var.db, { status: q.status, limit: q.limit, cursor: q.cursor });
      return c.json({ data: page.data.map(alertJson), next_cursor: page.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/ack",
      tags: ["alerts"],
      security: bearer,
      description: "Acknowledges a firing alert: it stays open until its condition clears, and is not sent again.",
      request: { params: z.object({ id: safeString().min(1).max(100) }) },
      responses: {
        200: { description: "The acknowledged alert", content: { "application/json": { schema: Alert } } },
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) =>
      c.json(alertJson(await acknowledgeAlert(c.var.db, { id: c.req.valid("param").id, now: Date.now() })), 200),
  );
