import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../api/router.ts";

/** The answer of one of the app's own routes: its status and JSON body (the error envelope on failure). */
export type RouteAnswer = { status: number; body: unknown };
export type CallRoute = (method: string, path: string, body?: unknown) => Promise<RouteAnswer>;

export type Fetcher = Pick<OpenAPIHono<AppEnv>, "fetch">;

/**
 * MCP tools run the HTTP API's own routes in-process, with the caller's Authorization header,
 * so a tool and its route share validation, errors and behaviour exactly (one code path).
 */
export function inProcess(app: Fetcher, c: Context<AppEnv>): CallRoute {
  const origin = new URL(c.req.url).origin;
  const authorization = c.req.header("authorization") ?? "";
  // The tool's route calls carry the MCP request's id, so the audit log ties them to it.
  const requestId = c.var.requestId;
  return async (method, path, body) => {
    const headers: Record<string, string> = { authorization, accept: "application/json", "x-request-id": requestId };
    if (body !== undefined) headers["content-type"] = "application/json";
    const req = new Request(`${origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const res = await app.fetch(req, c.env, c.executionCtx);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}
