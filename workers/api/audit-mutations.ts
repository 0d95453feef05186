import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./router.ts";
import { insertAudit } from "../db/audit.ts";
import { newId } from "../ids.ts";
import { logError } from "../log.ts";
import { matchedRoute } from "./authorize.ts";
import type { RouteTable } from "../access/route-scopes.ts";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Body fields that name a target (never a secret: tokens and texts are not recorded).
const BODY_IDS = ["id", "persona_id", "post_id", "task_id", "experiment_id"];
const ID_SHAPE = /^[\w.:-]{1,100}$/;

function idsOf(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const o = value as Record<string, unknown>;
  return BODY_IDS.map((k) => o[k]).filter((v): v is string => typeof v === "string" && ID_SHAPE.test(v));
}

async function jsonOf(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch {
    return null;
  }
}

/**
 * After requireApiKey, before authorize: every call with a method other than GET/HEAD/OPTIONS is
 * recorded once its answer is known (refusals included): the key's id and name, the route's
 * template and path, the ids it named (path parameters, id fields of the body) or created (id
 * fields of a 2xx answer), the status, the request id and the time. Nothing else of the body or
 * the answer is kept, so secrets (tokens, keys) never reach the log.
 */
export function auditMutations(table: () => RouteTable): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READ_METHODS.has(c.req.method)) return next();
    await next();
    const match = matchedRoute(c, table());
    const url = new URL(c.req.url);
    const body = c.req.header("content-type")?.includes("json") ? await jsonOf(() => c.req.json()) : null;
    const status = c.res.status;
    const answer =
      status < 300 && c.res.headers.get("content-type")?.includes("json")
        ? await jsonOf(() => c.res.clone().json())
        : null;
    const targets = [...new Set([...Object.values(match?.params ?? {}), ...idsOf(body), ...idsOf(answer)])];
    const p = c.var.principal;
    try {
      await insertAudit(c.var.db, {
        id: newId("audit"),
        at: Date.now(),
        keyId: p.keyId,
        keyName: p.name,
        method: c.req.method,
        route: match?.template ?? url.pathname,
        path: url.pathname,
        targetIds: targets,
        status,
        requestId: c.var.requestId,
      });
    } catch (err) {
      logError("audit.write_failed", { request_id: c.var.requestId, error: String(err) });
    }
  };
}
