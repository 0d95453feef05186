import type { Context } from "hono";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { AppEnv } from "../api/router.ts";
import { inProcess, type Fetcher } from "./in-process.ts";
import { registerTools } from "./tools.ts";

/**
 * POST /mcp: the Model Context Protocol over Streamable HTTP, stateless (no session id: any
 * isolate answers any request), JSON responses. A server and transport per request, as the
 * SDK's stateless examples do, so requests never share JSON-RPC ids.
 */
export function mcpHandler(app: Fetcher) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const server = new McpServer({ name: "threads-agent", version: "1.0.0" }, { capabilities: { tools: {} } });
    registerTools(server, inProcess(app, c));
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      // The JSON response is complete here; closing frees the server's handlers.
      c.executionCtx.waitUntil(server.close());
    }
  };
}
