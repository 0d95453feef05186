import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./router.ts";
import { AppError, notFound } from "../errors.ts";
import { canSeePersona, hasScope, topScope } from "../access/principal.ts";
import { personaLimitedAllowed, scopeOf, type RouteMatch, type RouteTable } from "../access/route-scopes.ts";

// Resources whose row names their persona: a persona-limited key gets the route's own 404 for a
// row of another persona, so it cannot tell "exists elsewhere" from "does not exist".
const OWNED: { prefix: string; table: string; kind: string }[] = [
  { prefix: "/v1/posts/{id}", table: "posts", kind: "post" },
  { prefix: "/v1/tasks/{id}", table: "tasks", kind: "task" },
  { prefix: "/v1/experiments/{id}", table: "experiments", kind: "experiment" },
  { prefix: "/v1/replies/{id}", table: "replies", kind: "reply" },
];
const PERSONA_PATH = "/v1/personas/{id}";

const under = (template: string, prefix: string) => template === prefix || template.startsWith(`${prefix}/`);

/** The route a request is for, memoised on the context (the audit log reads it too). */
export function matchedRoute(c: Parameters<MiddlewareHandler<AppEnv>>[0], table: RouteTable): RouteMatch | null {
  return table.match(c.req.method, new URL(c.req.url).pathname);
}

/**
 * After requireApiKey: the key's scopes must include the route's (route-scopes.ts), else 403; a
 * persona-limited key is then held to its personas on every route that names one in its path or
 * owns a row of one (404 otherwise). Lists and bodies that name a persona ask personaFor().
 */
export function authorize(table: () => RouteTable): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.var.principal;
    const match = matchedRoute(c, table());
    if (!match) return next(); // no such route: the router's 404
    const need = scopeOf(c.req.method, match.template);
    if (!hasScope(p, need))
      throw new AppError(
        "forbidden",
        `this key's scope is ${topScope(p)}; ${c.req.method} ${match.template} needs ${need}`,
        { scope: need },
      );
    if (p.personaIds !== null) {
      const path = new URL(c.req.url).pathname;
      if (!personaLimitedAllowed(match.template))
        throw new AppError("not_found", `no route for ${c.req.method} ${path}`);
      const id = match.params.id;
      if (under(match.template, PERSONA_PATH) && !canSeePersona(p, id)) throw notFound("persona", id!);
      const owned = OWNED.find((o) => under(match.template, o.prefix));
      if (owned && id !== undefined) {
        const row = await c.env.DB.prepare(`SELECT persona_id FROM ${owned.table} WHERE id = ?`)
          .bind(id)
          .first<{ persona_id: string | null }>();
        if (row && !canSeePersona(p, row.persona_id)) throw notFound(owned.kind, id);
      }
    }
    await next();
  };
}
