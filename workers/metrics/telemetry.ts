import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { obsDb } from "../db/observability-db.ts";
import { createAppRegistry } from "./definitions.ts";
import { Telemetry } from "./events.ts";

/** A Telemetry bound to this Worker's D1 and Analytics Engine bindings. */
export function createTelemetry(env: Pick<Env, "DB" | "ANALYTICS">): Telemetry {
  return new Telemetry(createAppRegistry(), obsDb(env.DB), env.ANALYTICS);
}

/**
 * Hono middleware: records request_latency_seconds{route,phase="api"} for every request and
 * flushes after the response is sent. `route` is the matched pattern, not the raw path,
 * so /v1/tasks/abc and /v1/tasks/def are one series.
 */
export function requestMetrics(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const telemetry = createTelemetry(c.env);
      telemetry.record({
        type: "request",
        // -1: the last matched route (the handler), not this middleware's "/*".
        route: routePath(c, -1),
        phase: "api",
        status: c.res.status,
        duration_s: (performance.now() - started) / 1000,
      });
      telemetry.flushLater(c.executionCtx);
    }
  };
}
