import { describe, expect, it } from "vitest";
import { API_KEY, BASE, api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { SELF } from "cloudflare:test";

type ErrorBody = { error: { code: string; message: string } };

async function expectError(res: Response, status: number, mention: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.message).toContain(mention);
  return body;
}

describe("POST /v1/tasks", () => {
  it("answers 202 queued and the task becomes succeeded", async () => {
    await createPersona();
    const res = await api("/v1/tasks", {
      method: "POST",
      json: { persona_id: "calm-founder", topic: "cold email", publish: "draft" },
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { task_id: string; status: string };
    expect(body.status).toBe("queued");
    expect((await waitForTask(body.task_id)).status).toBe("succeeded");
  });

  it("takes a persona topic when the task has none", async () => {
    await createPersona({ topics: ["sourdough baking"] });
    const task = await waitForTask(await submitTask({ persona_id: "calm-founder" }));
    expect(task.steps[0]?.detail).toMatchObject({ topic: "sourdough baking", topic_source: "persona" });
  });

  it("returns the same task for a repeated Idempotency-Key and refuses it for another body", async () => {
    await createPersona();
    const headers = { "idempotency-key": "order-42" };
    const first = await submitTask({ persona_id: "calm-founder", topic: "hiring" }, headers);
    const again = await api("/v1/tasks", {
      method: "POST",
      json: { persona_id: "calm-founder", topic: "hiring" },
      headers,
    });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { task_id: string }).task_id).toBe(first);
    await expectError(
      await api("/v1/tasks", { method: "POST", json: { persona_id: "calm-founder", topic: "firing" }, headers }),
      422,
      "Idempotency-Key",
    );
    const list = (await (await api("/v1/tasks?persona_id=calm-founder")).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });

  it("rejects malformed JSON with 400", async () => {
    const res = await SELF.fetch(`${BASE}/v1/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: '{"persona_id": "calm-founder",',
    });
    await expectError(res, 400, "body");
  });

  it.each([
    [{}, "persona_id"],
    [{ persona_id: 7 }, "persona_id"],
    [{ persona_id: "calm-founder", topic: 12 }, "topic"],
    [{ persona_id: "calm-founder", topic: "" }, "topic"],
    [{ persona_id: "calm-founder", topic: "x".repeat(281) }, "topic"],
    [{ persona_id: "calm-founder", topic: "🔥🚀" }, "topic"],
    [{ persona_id: "calm-founder", topic: " ?!… —" }, "topic"],
    [{ persona_id: "calm-founder", topic: "ok", publish: "tomorrow" }, "publish"],
    [{ persona_id: "calm-founder", topic: "ok", surprise: true }, "surprise"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    await createPersona();
    await expectError(await api("/v1/tasks", { method: "POST", json: body }), 400, field);
  });

  it("answers 404 naming persona_id for an unknown persona", async () => {
    await expectError(
      await api("/v1/tasks", { method: "POST", json: { persona_id: "ghost", topic: "x" } }),
      404,
      "persona_id",
    );
  });

  it("answers 400 naming topic when neither task nor persona has one", async () => {
    await createPersona({ topics: [] });
    await expectError(await api("/v1/tasks", { method: "POST", json: { persona_id: "calm-founder" } }), 400, "topic");
  });

  it("answers 413 for an oversized body, and stores nothing", async () => {
    await createPersona();
    const res = await api("/v1/tasks", {
      method: "POST",
      json: { persona_id: "calm-founder", topic: "ok", trend_snippet: "y".repeat(70_000) },
    });
    await expectError(res, 413, "body");
    expect(((await (await api("/v1/tasks")).json()) as { data: unknown[] }).data).toHaveLength(0);
  });

  it("answers 404 for an unknown task and an unknown route", async () => {
    expect((await api("/v1/tasks/tsk_nope")).status).toBe(404);
    const res = await api("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
  });
});

describe("GET /v1/tasks/:id/events", () => {
  it("streams one event per step and then the terminal event", async () => {
    await createPersona();
    const id = await submitTask({ persona_id: "calm-founder", topic: "pricing" });
    const res = await api(`/v1/tasks/${id}/events`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = text
      .split("\n\n")
      .filter((block) => block.includes("event:"))
      .map((block) => ({
        event: /event: (\w+)/.exec(block)?.[1],
        data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? "null"),
      }));
    const done = events.at(-1);
    expect(done).toMatchObject({ event: "done", data: { status: "succeeded" } });
    const finished = events.filter((e) => e.event === "step" && e.data.status === "succeeded").map((e) => e.data.name);
    expect(finished).toEqual([
      "ingest",
      "trend_research",
      "retrieve",
      "hook",
      "body",
      "guardrail",
      "format",
      "score",
      "dedup",
      "store",
    ]);
  });
});
