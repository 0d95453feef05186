import { describe, expect, it } from "vitest";
import { api, createPersona } from "../support/helpers.ts";

type ErrorBody = { error: { code: string; message: string } };

describe("personas", () => {
  it("creates, reads, lists, patches and deletes", async () => {
    const created = await createPersona({
      emoji: "🌱",
      timezone: "Europe/Berlin",
      guardrails: { blocked_words: ["crypto"] },
    });
    expect(created).toMatchObject({
      id: "calm-founder",
      language: "en",
      timezone: "Europe/Berlin",
      guardrails: { blocked_words: ["crypto"], block_personal_data: true },
    });

    expect(await (await api("/v1/personas/calm-founder")).json()).toMatchObject({ name: "Calm Founder" });
    const list = (await (await api("/v1/personas")).json()) as { data: { id: string }[] };
    expect(list.data.map((p) => p.id)).toEqual(["calm-founder"]);

    const patched = await api("/v1/personas/calm-founder", {
      method: "PATCH",
      json: { tone: "blunt", guardrails: { block_personal_data: false } },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      tone: "blunt",
      guardrails: { blocked_words: ["crypto"], block_personal_data: false },
    });

    expect((await api("/v1/personas/calm-founder", { method: "DELETE" })).status).toBe(204);
    expect((await api("/v1/personas/calm-founder")).status).toBe(404);
  });

  it("refuses a second persona with the same id", async () => {
    await createPersona();
    const res = await api("/v1/personas", { method: "POST", json: { id: "calm-founder", name: "Again" } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.message).toContain("id");
  });

  it.each([
    [{ name: "No id" }, "id"],
    [{ id: "Not A Slug", name: "x" }, "id"],
    [{ id: "ok", name: 42 }, "name"],
    [{ id: "ok", name: "" }, "name"],
    [{ id: "ok", name: "x", timezone: "Mars/Olympus" }, "timezone"],
    [{ id: "ok", name: "x", topics: "not-an-array" }, "topics"],
    [{ id: "ok", name: "x", language: "english!" }, "language"],
    [{ id: "ok", name: "x", unknown_field: 1 }, "unknown_field"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const res = await api("/v1/personas", { method: "POST", json: body });
    expect(res.status).toBe(400);
    const err = ((await res.json()) as ErrorBody).error;
    expect(err.code).toBe("bad_request");
    expect(err.message).toContain(field);
  });

  it("answers 404 for a PATCH or DELETE of an unknown persona, and 400 for an empty PATCH", async () => {
    expect((await api("/v1/personas/nobody", { method: "PATCH", json: { tone: "x" } })).status).toBe(404);
    expect((await api("/v1/personas/nobody", { method: "DELETE" })).status).toBe(404);
    await createPersona();
    expect((await api("/v1/personas/calm-founder", { method: "PATCH", json: {} })).status).toBe(400);
  });
});

describe("auth", () => {
  it("needs the API key on /v1 routes, reads included", async () => {
    for (const [path, method] of [
      ["/v1/personas", "POST"],
      ["/v1/personas", "GET"],
      ["/v1/tasks", "POST"],
      ["/v1/posts", "GET"],
    ] as const) {
      const none = await api(path, { method, key: null, json: method === "POST" ? {} : undefined });
      expect(none.status, `${method} ${path}`).toBe(401);
      const wrong = await api(path, { method, key: "wrong-key", json: method === "POST" ? {} : undefined });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as ErrorBody).error.code).toBe("unauthorized");
    }
  });

  it("accepts only the exact key: same length, longer, shorter and empty keys are refused", async () => {
    // The configured key is "test-api-key" (vitest.config.ts).
    for (const key of ["test-api-kez", "TEST-API-KEY", "test-api-key-and-more", "test-api-ke", "t"]) {
      expect((await api("/v1/personas", { key })).status, key).toBe(401);
    }
    const bare = await api("/v1/personas", { key: null, headers: { authorization: "Bearer " } });
    expect(bare.status).toBe(401);
    const lower = await api("/v1/personas", { key: null, headers: { authorization: "bearer test-api-key" } });
    expect(lower.status).toBe(200);
  });

  it("leaves health, the spec and the docs public", async () => {
    for (const path of ["/health", "/openapi.json", "/docs"]) {
      expect((await api(path, { key: null })).status, path).toBe(200);
    }
  });
});

describe("persona settings", () => {
  it("stores research, dedup, schedule and autopilot settings, the schedule in the persona's time zone", async () => {
    const p = await createPersona({
      timezone: "America/New_York",
      research_enabled: false,
      dedup_threshold: 0.7,
      autopilot: true,
      schedule: { kind: "times", times: ["09:00", "17:30"] },
    });
    expect(p).toMatchObject({
      research_enabled: false,
      dedup_threshold: 0.7,
      autopilot: true,
      schedule: { kind: "times", times: ["09:00", "17:30"], timezone: "America/New_York" },
    });
    const cleared = await api("/v1/personas/calm-founder", {
      method: "PATCH",
      json: { schedule: null, dedup_threshold: null },
    });
    expect(await cleared.json()).toMatchObject({ schedule: null, dedup_threshold: null, research_enabled: false });
  });

  it("answers 400 naming the schedule field that is wrong", async () => {
    const res = await api("/v1/personas", {
      method: "POST",
      json: { id: "p", name: "P", schedule: { kind: "times", times: ["9am"] } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toContain("schedule.times[0]");
    const bad = await api("/v1/personas", { method: "POST", json: { id: "p", name: "P", dedup_threshold: 1.5 } });
    expect(((await bad.json()) as ErrorBody).error.message).toContain("dedup_threshold");
  });
});
