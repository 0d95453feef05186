import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "./router.ts";
import { bearer, errorResponses, json } from "./schemas/common.ts";

// Routes served by plain handlers (not zod-openapi routes), described here so /openapi.json
// lists every route the Worker answers.

const JsonRpcRequest = z
  .object({
    jsonrpc: z.literal("2.0"),
    id: z.union([z.string(), z.number()]).optional(),
    method: z.string().openapi({ description: "initialize, tools/list, tools/call, …" }),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi("JsonRpcRequest", {
    example: {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "draft_post", arguments: { persona_id: "calm-founder", topic: "pricing" } },
    },
  });

const JsonRpcResponse = z
  .object({
    jsonrpc: z.literal("2.0"),
    id: z.union([z.string(), z.number()]).nullable(),
    result: z.unknown().optional(),
    error: z.object({ code: z.number(), message: z.string() }).optional(),
  })
  .openapi("JsonRpcResponse");

export function describePlainRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
    type: "http",
    scheme: "bearer",
    description: "the API_KEY secret",
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/metrics",
    tags: ["observability"],
    security: bearer,
    description:
      "Prometheus text exposition 0.0.4: request latency, LLM tokens, tasks, publishes, searches, queue messages, and the KPI gauges (docs/observability.md).",
    responses: {
      200: {
        description: "Prometheus text",
        content: {
          "text/plain; version=0.0.4": {
            schema: z.string().openapi({
              example:
                '# HELP posts_published_total Publish attempts by outcome.\n# TYPE posts_published_total counter\nposts_published_total{outcome="published",persona_id="calm-founder"} 3\n',
            }),
          },
        },
      },
      ...errorResponses(401, 503),
    },
  });
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/mcp",
    tags: ["mcp"],
    security: bearer,
    description:
      "Model Context Protocol over Streamable HTTP (stateless, JSON responses). Tools: list_personas, draft_post, get_task, get_post, publish_post, schedule_post, trend_check, competitive_analysis, get_kpis, daily_report, experiment_results, list_replies, draft_reply, send_reply (docs/mcp.md). Send Accept: application/json, text/event-stream.",
    request: { body: { ...json(z.union([JsonRpcRequest, z.array(JsonRpcRequest)])), required: true } },
    responses: {
      200: { description: "JSON-RPC response(s)", ...json(z.union([JsonRpcResponse, z.array(JsonRpcResponse)])) },
      202: { description: "Accepted (notifications and responses from the client)" },
      400: { description: "Not a JSON-RPC message", ...json(JsonRpcResponse) },
      406: { description: "Accept must include application/json and text/event-stream", ...json(JsonRpcResponse) },
      ...errorResponses(401, 413),
    },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/docs",
    tags: ["docs"],
    description: "This reference, rendered by Swagger UI (bundled, no CDN).",
    responses: { 200: { description: "HTML page", content: { "text/html": { schema: z.string() } } } },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/openapi.json",
    tags: ["docs"],
    description: "This OpenAPI 3.1 document.",
    responses: { 200: { description: "The spec", ...json(z.record(z.string(), z.unknown())) } },
  });
}
