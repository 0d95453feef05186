import type { OpenAPIHono } from "@hono/zod-openapi";
import { personaLimitedAllowed, scopeOf } from "./route-scopes.ts";

export interface Operation {
  method: string;
  path: string;
}

/**
 * Writes each authenticated operation's scope into the spec, as `x-scope` and as the Bearer
 * requirement's scope list, and `x-persona-limited: false` where a persona-limited key gets 404;
 * returns those operations for the route table. Operations without `security` are public.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's registry
export function stampScopes(registry: OpenAPIHono<any>["openAPIRegistry"]): Operation[] {
  const ops: Operation[] = [];
  for (const def of registry.definitions) {
    if (def.type !== "route" || !def.route.security?.length) continue;
    const route = def.route as typeof def.route & Record<`x-${string}`, unknown>;
    const scope = scopeOf(route.method, route.path);
    route["x-scope"] = scope;
    route["x-persona-limited"] = personaLimitedAllowed(route.path);
    route.security = [{ Bearer: [scope] }];
    ops.push({ method: route.method, path: route.path });
  }
  return ops;
}
