// The reply inbox through MCP (POST /mcp, JSON-RPC tools/call): list_replies, draft_reply and
// send_reply run the API's own routes, so a drafted answer and a sent one are what the API does.
import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { API_KEY, api, count } from "../support/helpers.ts";
import { seedAccount } from "../support/publishing.ts";
import { signBody } from "../../workers/fake-threads/webhooks.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";

const PERSONA = "mcp-inbox";
const owner = stableUserId(`fake-${PERSONA}`);

async function rpc(method: string, params: unknown): Promise<{ result?: unknown; error?: unknown }> {
  const res = await SELF.fetch("http://agent.test/mcp", {
    method: "POST",
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { result?: unknown; error?: unknown };
}

async function tool(name: string, args: Record<string, unknown>) {
  const { result } = (await rpc("tools/call", { name, arguments: args })) as {
    result: { isError?: boolean; content: { text: string }[] };
  };
  const text = result.content[0]?.text ?? "";
  return { isError: result.isError === true, text, json: () => JSON.parse(text) };
}

async function deliver(id: string, text: string) {
  const body = JSON.stringify({
    app_id: "fake-app",
    topic: "moderate",
    target_id: owner,
    time: Math.floor(Date.now() / 1000),
    values: {
      field: "replies",
      value: {
        id,
        username: "reader_mcp",
        text,
        timestamp: "2026-12-01T10:00:00+0000",
        root_post: { id: "17890000000000999", owner_id: owner, username: PERSONA },
        replied_to: { id: "17890000000000999" },
      },
    },
  });
  const res = await SELF.fetch("http://agent.test/webhooks/threads", {
    method: "POST",
    headers: { "x-hub-signature-256": await signBody("fake-secret", body) },
    body,
  });
  expect(res.status).toBe(200);
}

describe("MCP reply tools", () => {
  it("are listed with the API's schemas", async () => {
    const { result } = (await rpc("tools/list", {})) as {
      result: { tools: { name: string; inputSchema: { properties: Record<string, { enum?: string[] }> } }[] };
    };
    const names = result.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["list_replies", "draft_reply", "send_reply"]));
    const list = result.tools.find((t) => t.name === "list_replies");
    expect(list?.inputSchema.properties.status?.enum).toContain("drafted");
  });

  it("list, draft and refuse: a reply is listed, drafted in the persona's voice, and a bad answer is refused", async () => {
    await api("/v1/personas", {
      method: "POST",
      json: { id: PERSONA, name: "MCP Inbox", topics: ["pricing"], replies: "off" },
    });
    await seedAccount(PERSONA);
    await deliver("17890000000000101", "How do you pick a first price?");

    const listed = await tool("list_replies", { persona_id: PERSONA });
    expect(listed.isError).toBe(false);
    const rows = listed.json().data as { id: string; status: string; text: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "new", text: "How do you pick a first price?" });
    const id = rows[0]?.id ?? "";

    // Replies off: nothing drafted at ingest; draft_reply asks the writer for this one reply.
    const drafted = await tool("draft_reply", { reply_id: id });
    expect(drafted.isError).toBe(false);
    expect(drafted.json()).toMatchObject({ id, status: "drafted", answer: { source: "writer" } });
    expect(drafted.json().answer.text).toMatch(/pricing/);

    // The operator's own answer goes through the guardrail: a leaked key is a 400 naming text.
    const refused = await tool("send_reply", { reply_id: id, text: "my api key is sk-123" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^400 bad_request: text: /);
    const unknown = await tool("draft_reply", { reply_id: "rpl_nope" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^404 /);
    expect(await count("SELECT count(*) AS n FROM fake_threads_replies WHERE author_id = ?", owner)).toBe(0);

    const status = await tool("list_replies", { persona_id: PERSONA, status: "drafted" });
    expect((status.json().data as unknown[]).length).toBe(1);
  });

  it("a key limited to one persona sees only that persona's replies", async () => {
    for (const id of ["inbox-mine", "inbox-other"]) {
      await api("/v1/personas", { method: "POST", json: { id, name: id, topics: ["pricing"], replies: "off" } });
    }
    await env.DB.prepare(
      `INSERT INTO replies (id, persona_id, kind, threads_id, text, replied_at, category, flags, status, source, created_at, updated_at)
       VALUES ('rpl_mine', 'inbox-mine', 'reply', 't1', 'mine', 1, 'ok', '[]', 'new', 'webhook', 1, 1),
              ('rpl_other', 'inbox-other', 'reply', 't2', 'other', 1, 'ok', '[]', 'new', 'webhook', 1, 1)`,
    ).run();
    const made = await api("/v1/keys", {
      method: "POST",
      json: { name: "mine-only", scopes: ["write"], persona_ids: ["inbox-mine"] },
    });
    expect(made.status).toBe(201);
    const key = ((await made.json()) as { secret: string }).secret;
    const list = (await (await api("/v1/replies", { key })).json()) as { data: { id: string }[] };
    expect(list.data.map((r) => r.id)).toEqual(["rpl_mine"]);
    expect((await api("/v1/replies?persona_id=inbox-other", { key })).status).toBe(404);
    expect((await api("/v1/replies/rpl_other", { key })).status).toBe(404);
    expect((await api("/v1/replies/rpl_other/dismiss", { method: "POST", key })).status).toBe(404);
    expect((await api("/v1/replies/rpl_mine/dismiss", { method: "POST", key })).status).toBe(202);
  });
});
