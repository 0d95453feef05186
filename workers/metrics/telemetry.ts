import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { obsDb } from "../db/observability-db.ts";
import { createAppRegistry } from "./definitions.ts";
import { settings } from "../settings/index.ts";
import { Telemetry } from "./events.ts";
import type { FlushClock } from "./events.ts";

// One registry per isolate: every request, queue batch and Durable Object call of the isolate
// adds to it, and whichever of them finds the last flush METRICS_FLUSH_SECONDS old writes it
// to D1 (one batch, after its response). So the hot paths make no metrics write of their own.
const isolateRegistry = createAppRegistry();
const isolateClock: FlushClock = { lastFlushAt: Date.now() };

/** A Telemetry over this isolate's registry, bound to this Worker's D1 and Analytics Engine bindings. */
export function createTelemetry(env: Pick<Env, "DB" | "ANALYTICS">): Telemetry {
  // METRICS_FLUSH_SECONDS=0 flushes on every invocation (the tests, so each sees its own counters in D1).
  return new Telemetry(
    isolateRegistry,
    obsDb(env.DB),
    env.ANALYTICS,
    isolateClock,
    settings(env).observability.metricsFlushMs,
  );
}

/**
 * Hono middleware: records request_latency_seconds{route,phase="api"} for every request; the
 * isolate's counters are flushed after the response only when a flush is due. `route` is the
 * matched pattern, not the raw path, so /v1/tasks/abc and /v1/tasks/def are one series.
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
