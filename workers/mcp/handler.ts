import type { Context } from "hono";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { rawShapeProblem, shapeProblem, type JsonProblem } from "../api/json-input.ts";
import type { AppEnv } from "../api/router.ts";
import { inProcess, type Fetcher } from "./in-process.ts";
import { registerTools } from "./tools.ts";

/**
 * POST /mcp: the Model Context Protocol over Streamable HTTP, stateless (no session id: any
 * isolate answers any request), JSON responses. A server and transport per request, as the
 * SDK's stateless examples do, so requests never share JSON-RPC ids.
 */
/**
 * The body's depth, size, array lengths, field counts and key lengths within JSON_LIMITS, before the SDK parses and
 * walks it (its zod schemas, then JSON.stringify of the tool arguments, would overflow the stack
 * on a deeply nested body). Answered as a JSON-RPC parse error, the shape MCP clients expect.
 * Characters inside tool arguments are the routes' concern: each tool calls one through bodyGuard.
 */
async function bodyShapeProblem(req: Request): Promise<JsonProblem | null> {
  const text = await req.clone().text();
  const deep = rawShapeProblem(text);
  if (deep) return deep;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // the transport answers malformed JSON itself
  }
  const bad = shapeProblem(value);
  // Control characters are left to the routes, which name the tool argument; only sizes here.
  return bad && bad.kind !== "characters" ? bad : null;
}

export function mcpHandler(app: Fetcher) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const problem = await bodyShapeProblem(c.req.raw);
    if (problem)
      return c.json(
        {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32700, message: `Parse error: ${problem.message}`, data: problem.details },
        },
        400,
      );
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
