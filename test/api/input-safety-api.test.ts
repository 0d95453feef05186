import { describe, expect, it } from "vitest";
import { api, createPersona } from "../support/helpers.ts";

const raw = (path: string, body: string, contentType: string | null, method = "POST") =>
  api(path, { method, body, headers: contentType ? { "content-type": contentType } : {} });

async function expectError(res: Response, status: number, code: string, message: RegExp | string) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  if (typeof message === "string") expect(body.error.message).toBe(message);
  else expect(body.error.message).toMatch(message);
  return body.error;
}

describe("bad text in any field", () => {
  it.each([
    ["NUL", "a\u0000b", "topic: contains a control character (only newline and tab are allowed)"],
    ["escape code", "red \u001b[31m", "topic: contains a control character (only newline and tab are allowed)"],
    ["carriage return", "a\rb", "topic: contains a control character (only newline and tab are allowed)"],
    ["C1 control", "a\u0085b", "topic: contains a control character (only newline and tab are allowed)"],
    ["RTL override", "abc\u202Edef", "topic: contains a bidirectional override or isolate character"],
    ["bidi isolate", "abc\u2066def", "topic: contains a bidirectional override or isolate character"],
  ])("rejects %s with a 400 naming the field", async (_name, topic, message) => {
    await createPersona();
    await expectError(
      await api("/v1/tasks", { method: "POST", json: { persona_id: "calm-founder", topic } }),
      400,
      "bad_request",
      message,
    );
  });

  it("rejects a lone surrogate (invalid UTF-16), written as a JSON escape", async () => {
    const res = await raw("/v1/tasks", '{"persona_id":"calm-founder","topic":"bad \\ud800 text"}', "application/json");
    await expectError(res, 400, "bad_request", "topic: contains invalid UTF-16 (a lone surrogate)");
  });

  it("names nested fields by their path, including array items", async () => {
    const res = await api("/v1/personas", {
      method: "POST",
      json: { id: "p1", name: "P", topics: ["ok", "bad\u0007"] },
    });
    const err = await expectError(res, 400, "bad_request", /^topics\.1: contains a control character/);
    expect(err.details).toEqual({ field: "topics.1" });
    const nested = await api("/v1/personas", {
      method: "POST",
      json: { id: "p1", name: "P", guardrails: { blocked_words: ["\u202E"] } },
    });
    await expectError(nested, 400, "bad_request", /^guardrails\.blocked_words\.0: contains a bidirectional/);
  });

  it("allows newline, tab, emoji, and right-to-left scripts", async () => {
    const res = await api("/v1/personas", {
      method: "POST",
      json: { id: "p2", name: "שלום\tعالم", description: "line one\nline two 👨‍👩‍👧" },
    });
    expect(res.status).toBe(201);
  });

  it("checks query strings too", async () => {
    await expectError(await api("/v1/alerts?status=%00"), 400, "bad_request", /^status: contains a control character/);
  });
});

describe("unknown fields", () => {
  it.each([
    ["/v1/tasks", { persona_id: "calm-founder", topic: "x", priority: 1 }, "priority"],
    ["/v1/personas", { id: "p3", name: "P", colour: "red" }, "colour"],
    ["/v1/dedup/compare", { a: "one", b: "two", extra: true }, "extra"],
    ["/v1/search/trends", { topic: "x", sort: "new" }, "sort"],
  ])("%s rejects an unknown field by name", async (path, body, field) => {
    const err = await expectError(
      await api(path, { method: "POST", json: body }),
      400,
      "bad_request",
      `${field}: unknown field`,
    );
    expect(err.details).toEqual({ issues: [{ field, message: "unknown field" }] });
  });
});

describe("integers in query strings", () => {
  it.each(["0x10", "1e3", " 5", "+5", "5.0", "", "abc", "1_000"])("rejects limit=%j", async (v) => {
    await expectError(await api(`/v1/posts?limit=${encodeURIComponent(v)}`), 400, "bad_request", /^limit: /);
  });

  it("accepts plain decimals and applies the bounds", async () => {
    expect((await api("/v1/posts?limit=5")).status).toBe(200);
    await expectError(await api("/v1/posts?limit=0"), 400, "bad_request", "limit: must be between 1 and 100");
    await expectError(await api("/v1/posts?limit=101"), 400, "bad_request", "limit: must be between 1 and 100");
  });

  it("is published as an integer in the OpenAPI document", async () => {
    const spec = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; schema: unknown }[] }>>;
    };
    const limit = spec.paths["/v1/posts"]?.get?.parameters?.find((p) => p.name === "limit");
    expect(limit?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
  });
});

describe("content type", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null])(
    "a JSON route answers 415 to %s",
    async (type) => {
      const res = await raw("/v1/tasks", '{"persona_id":"calm-founder","topic":"x"}', type);
      const err = await expectError(
        res,
        415,
        "unsupported_media_type",
        /^content-type: the body must be application\/json/,
      );
      expect(err.details).toMatchObject({ field: "content-type" });
    },
  );

  it("accepts application/json with a charset", async () => {
    await createPersona();
    const res = await raw(
      "/v1/tasks",
      '{"persona_id":"calm-founder","topic":"pricing"}',
      "application/json; charset=utf-8",
    );
    expect(res.status).toBe(202);
  });

  it("reports malformed JSON as a 400 on the body", async () => {
    await expectError(await raw("/v1/tasks", "{nope", "application/json"), 400, "bad_request", "body: malformed JSON");
  });
});

describe("body encoding", () => {
  it("rejects a body that is not UTF-8", async () => {
    const res = await api("/v1/tasks", {
      method: "POST",
      body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      headers: { "content-type": "application/json" },
    });
    await expectError(res, 400, "bad_request", "body: not valid UTF-8");
  });
});

describe("every route's body", () => {
  interface S {
    $ref?: string;
    type?: string | string[];
    properties?: Record<string, S>;
    additionalProperties?: unknown;
    items?: S;
    anyOf?: S[];
  }
  it("rejects unknown fields: each object in a request body schema is strict (additionalProperties: false)", async () => {
    const spec = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: S }> } }>>;
      components?: { schemas?: Record<string, S> };
    };
    const resolve = (s: S | undefined): S =>
      s?.$ref ? resolve(spec.components?.schemas?.[s.$ref.split("/").pop() ?? ""]) : (s ?? {});
    const loose: string[] = [];
    const walk = (s: S | undefined, where: string) => {
      const r = resolve(s);
      const types = Array.isArray(r.type) ? r.type : [r.type];
      if (types.includes("object") && r.properties) {
        if (r.additionalProperties !== false) loose.push(where);
        for (const [k, v] of Object.entries(r.properties)) walk(v, `${where}.${k}`);
      }
      if (r.items) walk(r.items, `${where}[]`);
      for (const a of r.anyOf ?? []) walk(a, where);
    };
    let bodies = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (path === "/mcp") continue; // JSON-RPC envelope of the MCP transport, not a resource body
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.["application/json"]?.schema;
        if (!schema) continue;
        bodies++;
        walk(schema, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(5);
    expect(loose).toEqual([]);
  });
});
