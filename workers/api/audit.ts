import { createRoute, z } from "@hono/zod-openapi";
import { listAuditPage } from "../db/audit.ts";
import type { AuditRow } from "../db/schema/index.ts";
import { badRequest } from "../errors.ts";
import { newRouter } from "./router.ts";
import { IsoTime, Limit, bearer, errorResponses, iso, json, safeString } from "./schemas/common.ts";

// GET /v1/audit (docs/access.md): the log of every mutating call, newest first.

const AuditEntry = z
  .object({
    id: z.string(),
    at: IsoTime,
    key_id: z.string(),
    key_name: z.string(),
    method: z.string(),
    route: z.string().openapi({ example: "/v1/posts/{id}/publish" }),
    path: z.string(),
    target_ids: z.array(z.string()),
    status: z.number().int(),
    request_id: z.string(),
  })
  .openapi("AuditEntry");

const entryJson = (r: AuditRow): z.infer<typeof AuditEntry> => ({
  id: r.id,
  at: iso(r.at)!,
  key_id: r.keyId,
  key_name: r.keyName,
  method: r.method,
  route: r.route,
  path: r.path,
  target_ids: r.targetIds,
  status: r.status,
  request_id: r.requestId,
});

const encodeCursor = (r: AuditRow) => btoa(`${r.at}:${r.id}`).replaceAll("=", "");
function decodeCursor(raw: string): { at: number; id: string } {
  try {
    const [at, id] = atob(raw).split(":");
    if (!Number.isInteger(Number(at)) || !id) throw new Error("shape");
    return { at: Number(at), id };
  } catch {
    throw badRequest("cursor", "not a cursor this API returned");
  }
}
function time(field: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(field, "must be an ISO 8601 time");
  return ms;
}

export const auditApi = newRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["access"],
    security: bearer,
    description:
      "Every mutating call that passed authentication (refusals included), newest first: key, route, target ids, status, request id, time. Kept AUDIT_RETENTION_DAYS days.",
    request: {
      query: z.object({
        key_id: safeString().max(100).optional(),
        route: safeString().max(200).optional().openapi({ description: "a route template, e.g. /v1/posts/{id}" }),
        method: z.enum(["POST", "PUT", "PATCH", "DELETE"]).optional(),
        status: z
          .string()
          .regex(/^[1-5]\d\d$/, "must be an HTTP status")
          .transform(Number)
          .optional()
          .openapi({ type: "integer" }),
        target_id: safeString().max(100).optional().openapi({ description: "entries that name this id" }),
        since: safeString().max(40).optional().openapi({ format: "date-time" }),
        until: safeString().max(40).optional().openapi({ format: "date-time" }),
        limit: Limit,
        cursor: safeString().max(200).optional(),
      }),
    },
    responses: {
      200: {
        description: "Entries, newest first; pass next_cursor as cursor for the next page",
        ...json(z.object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() })),
      },
      ...errorResponses(400, 401),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listAuditPage(c.var.db, {
      keyId: q.key_id,
      route: q.route,
      method: q.method,
      status: q.status,
      targetId: q.target_id,
      since: time("since", q.since),
      until: time("until", q.until),
      limit: q.limit,
      cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    return c.json({ data: page.rows.map(entryJson), next_cursor: page.next ? encodeCursor(page.next) : null }, 200);
  },
);
