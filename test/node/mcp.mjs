// The MCP server at POST /mcp, driven by the official MCP client SDK over Streamable HTTP.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const TOOLS = [
  "list_personas",
  "draft_post",
  "get_task",
  "get_post",
  "publish_post",
  "schedule_post",
  "trend_check",
  "competitive_analysis",
  "get_kpis",
  "daily_report",
  "experiment_results",
  "list_replies",
  "draft_reply",
  "send_reply",
  "score_text",
  "score_model",
  "best_times",
  "history_sync",
  "history_status",
  "list_sources",
  "add_source",
  "remove_source",
];

async function connect(worker, key = worker.apiKey) {
  const client = new Client({ name: "threads-agent-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${worker.base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

const body = (r) => JSON.parse(r.content[0].text);

export async function mcpChecks({ run, worker, api }) {
  await run.check("mcp: refuses a client without the API key (401 before any tool runs)", async () => {
    await assert.rejects(connect(worker, "not-the-key"), /401|nauthori/);
  });

  let client;
  await run.check(
    "mcp: an MCP client connects and lists every tool, each with a JSON Schema from the API's zod schemas",
    async () => {
      client = await connect(worker);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), [...TOOLS].sort());
      const draft = tools.find((t) => t.name === "draft_post").inputSchema;
      // The same constraints as POST /v1/tasks (CreateTask): slug pattern, topic ≤ 280, publish enum.
      assert.equal(draft.properties.persona_id.pattern, "^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$");
      assert.equal(draft.properties.topic.maxLength, 280);
      assert.deepEqual(draft.properties.publish.enum, ["now", "schedule", "draft"]);
      assert.deepEqual(draft.required, ["persona_id"]);
      assert.equal(tools.find((t) => t.name === "trend_check").inputSchema.properties.limit.maximum, 50);
    },
  );

  await api("POST", "/v1/personas", {
    id: "mcp-persona",
    name: "MCP Persona",
    topics: ["focus"],
    schedule: { kind: "times", times: ["08:00", "20:00"] },
  });

  let post;
  await run.check("mcp: draft_post runs the pipeline and returns the stored post", async () => {
    const r = await client.callTool({
      name: "draft_post",
      arguments: { persona_id: "mcp-persona", topic: "deep work for founders" },
    });
    assert.ok(!r.isError, r.content[0].text);
    post = body(r);
    assert.match(post.id, /^pst_/);
    assert.equal(post.status, "draft");
    assert.deepEqual(post, await api("GET", `/v1/posts/${post.id}`));
  });

  await run.check(
    "mcp: tool input is validated like the API (400-style message naming the field), unknown ids are errors",
    async () => {
      const bad = await client.callTool({ name: "draft_post", arguments: { persona_id: "Not A Slug" } });
      assert.equal(bad.isError, true);
      assert.match(bad.content[0].text, /persona_id/);
      const long = await client.callTool({ name: "trend_check", arguments: { topic: "x".repeat(281) } });
      assert.equal(long.isError, true);
      assert.match(long.content[0].text, /topic/);
      const unknown = await client.callTool({ name: "get_post", arguments: { post_id: "pst_nope" } });
      assert.equal(unknown.isError, true);
      assert.match(unknown.content[0].text, /404 not_found: post 'pst_nope' not found/);
    },
  );

  await run.check(
    "mcp: list_personas, schedule_post (next free slot), publish_post, trends, competitive, KPIs, daily report",
    async () => {
      const personas = body(await client.callTool({ name: "list_personas", arguments: {} }));
      assert.ok(personas.data.some((p) => p.id === "mcp-persona"));
      const scheduled = body(await client.callTool({ name: "schedule_post", arguments: { post_id: post.id } }));
      assert.equal(scheduled.status, "scheduled");
      await api("PUT", "/v1/personas/mcp-persona/threads-account", { user_id: "me", access_token: "fake-mcp-persona" });
      const published = await client.callTool({ name: "publish_post", arguments: { post_id: post.id } });
      assert.ok(!published.isError, published.content[0].text);
      const trends = body(await client.callTool({ name: "trend_check", arguments: { topic: "deep work", limit: 3 } }));
      assert.ok(trends.trends.length > 0);
      const comp = body(await client.callTool({ name: "competitive_analysis", arguments: { topic: "deep work" } }));
      assert.ok(Array.isArray(comp.hook_patterns));
      const kpis = body(await client.callTool({ name: "get_kpis", arguments: { window: "30d" } }));
      assert.equal(kpis.window.days, 30);
      const report = body(
        await client.callTool({ name: "daily_report", arguments: { date: new Date().toISOString().slice(0, 10) } }),
      );
      assert.ok(report.tasks.total >= 1);
      const badDate = await client.callTool({ name: "daily_report", arguments: { date: "yesterday" } });
      assert.equal(badDate.isError, true);
      assert.match(badDate.content[0].text, /date/);
    },
  );

  await run.check(
    "mcp: experiment_results answers from /v1/experiments (an error result, never a crash, when that API is absent)",
    async () => {
      const r = await client.callTool({ name: "experiment_results", arguments: {} });
      if (r.isError) assert.match(r.content[0].text, /^\d{3} /);
      else assert.ok(Array.isArray(body(r).data));
    },
  );

  await run.check(
    "mcp: score_text, score_model, best_times, history_sync and history_status answer from their routes",
    async () => {
      const scored = body(
        await client.callTool({
          name: "score_text",
          arguments: { text: "Three things I learned shipping alone.", persona_id: "mcp-persona" },
        }),
      );
      assert.equal(typeof scored.score, "number");
      assert.equal(typeof scored.learned.n, "number");
      const blank = await client.callTool({ name: "score_text", arguments: { text: "   " } });
      assert.equal(blank.isError, true);
      assert.match(blank.content[0].text, /text/);
      const model = body(await client.callTool({ name: "score_model", arguments: { persona_id: "mcp-persona" } }));
      assert.equal(model.persona_id, "mcp-persona");
      assert.equal(typeof model.learned.min_posts, "number");
      const times = body(await client.callTool({ name: "best_times", arguments: { persona_id: "mcp-persona" } }));
      assert.ok(Array.isArray(times.best));
      const job = body(await client.callTool({ name: "history_sync", arguments: { persona_id: "mcp-persona" } }));
      assert.match(job.id, /^[a-z]+_[0-9a-f]{32}$/);
      const one = body(
        await client.callTool({ name: "history_status", arguments: { persona_id: "mcp-persona", job_id: job.id } }),
      );
      assert.equal(one.id, job.id);
      const all = body(await client.callTool({ name: "history_status", arguments: { persona_id: "mcp-persona" } }));
      assert.ok(all.data.some((j) => j.id === job.id));
      const unknown = await client.callTool({ name: "score_model", arguments: { persona_id: "nobody-here" } });
      assert.equal(unknown.isError, true);
      assert.match(unknown.content[0].text, /404/);
    },
  );

  await client?.close();
}
