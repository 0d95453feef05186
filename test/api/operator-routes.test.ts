import { describe, expect, it } from "vitest";
import { recordPostMetrics } from "../../workers/insights/queries.ts";
import { api } from "../support/helpers.ts";
import { coreDb, HOUR, NOW, seedPersona, seedPost } from "../support/core-tables.ts";

// The routes added for the operator interfaces; the CLI, MCP client and browser tests drive them
// end to end against wrangler dev (test/node/, test/browser/).
describe("GET /v1/posts/:id/metrics", () => {
  it("returns every insights reading, oldest first, with the engagement rate of each", async () => {
    await seedPersona("metrics-p");
    await seedPost({ id: "pst_m1", persona_id: "metrics-p", created_at: NOW });
    const db = await coreDb();
    const zero = { replies: 0, reposts: 0, quotes: 0, shares: 0 };
    await recordPostMetrics(db, {
      post_id: "pst_m1",
      persona_id: "metrics-p",
      captured_at: NOW + 2 * HOUR,
      ...zero,
      views: 400,
      likes: 30,
    });
    await recordPostMetrics(db, {
      post_id: "pst_m1",
      persona_id: "metrics-p",
      captured_at: NOW + HOUR,
      ...zero,
      views: 0,
      likes: 0,
    });
    const res = await api("/v1/posts/pst_m1/metrics");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      post_id: string;
      data: { captured_at: string; views: number; engagement_rate: number | null }[];
    };
    expect(body.post_id).toBe("pst_m1");
    expect(body.data.map((d) => [d.captured_at, d.views, d.engagement_rate])).toEqual([
      [new Date(NOW + HOUR).toISOString(), 0, null],
      [new Date(NOW + 2 * HOUR).toISOString(), 400, 30 / 400],
    ]);
  });

  it("is a 404 for an unknown post and a 401 without the key", async () => {
    expect((await api("/v1/posts/pst_nope/metrics")).status).toBe(404);
    expect((await api("/v1/posts/pst_nope/metrics", { key: null })).status).toBe(401);
  });
});

describe("/mcp", () => {
  it("needs the API key before any MCP handling", async () => {
    const res = await api("/mcp", { method: "POST", key: null, json: { jsonrpc: "2.0", id: 1, method: "tools/list" } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("is stateless: GET (a server-sent stream) is refused with 405 and Allow: POST", async () => {
    const res = await api("/mcp", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("answers initialize with the server's name and tool capability", async () => {
    const res = await api("/mcp", {
      method: "POST",
      headers: { accept: "application/json, text/event-stream" },
      json: {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { serverInfo: { name: string }; capabilities: { tools?: object } } };
    expect(body.result.serverInfo.name).toBe("threads-agent");
    expect(body.result.capabilities.tools).toBeDefined();
  });
});
