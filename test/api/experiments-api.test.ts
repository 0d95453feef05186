// The experiments and score routes: the happy path, and bad input on every route (400 naming
// the field, 404 for unknown ids, 409 for overlapping experiments and stopping a finished one).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { pickArm } from "../../workers/experiments/assign.ts";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";

type Json = Record<string, unknown>;
const post = (path: string, json: unknown) => api(path, { method: "POST", json });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

async function create(body: Json): Promise<Json> {
  const res = await post("/v1/experiments", body);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

describe("POST /v1/experiments", () => {
  it("creates a running experiment with equal weights and the default metric", async () => {
    await createPersona();
    const e = await create({
      name: "Hooks",
      persona_id: "calm-founder",
      dimension: "hook_style",
      arms: ["question", "statement"],
    });
    expect(e).toMatchObject({
      persona_id: "calm-founder",
      dimension: "hook_style",
      policy: "fixed",
      status: "running",
      min_posts_per_arm: 20,
      metric: { name: "engagement_rate", window_hours: 24 },
    });
    expect((e.arms as Json[]).map((a) => [a.arm, a.weight, a.posts])).toEqual([
      ["question", 0.5, 0],
      ["statement", 0.5, 0],
    ]);
    expect(e.decision).toMatchObject({ status: "running", winner: null });
    const got = await (await api(`/v1/experiments/${e.id}`)).json();
    expect(got).toMatchObject({ id: e.id, status: "running" });
    const list = (await (await api("/v1/experiments?status=running")).json()) as { data: Json[] };
    expect(list.data.map((x) => x.id)).toEqual([e.id]);
  });

  it.each([
    [{ persona_id: "x", dimension: "hook_style", arms: ["question", "statement"] }, "name"],
    [{ name: "n", dimension: "colour", arms: ["a", "b"] }, "dimension"],
    [{ name: "n", dimension: "hook_style", arms: ["question"] }, "arms"],
    [{ name: "n", dimension: "hook_style", arms: ["question", "haiku"] }, "arms.1"],
    [{ name: "n", dimension: "hook_style", arms: ["question", "question"] }, "arms.1"],
    [{ name: "n", dimension: "tone", arms: ["warm", "blunt"], policy: "greedy" }, "policy"],
    [{ name: "n", dimension: "tone", arms: ["warm", "blunt"], min_posts_per_arm: 1 }, "min_posts_per_arm"],
    [{ name: "n", dimension: "tone", arms: ["warm", "blunt"], persona_id: "Not A Slug" }, "persona_id"],
    [{ name: "n", dimension: "tone", arms: ["warm", "blunt"], extra: true }, "extra"],
  ])("400 naming the field for %j", async (body, field) => {
    const res = await post("/v1/experiments", body);
    expect(res.status).toBe(400);
    const message = (await errorOf(res)).message;
    // Unknown keys are reported on the body ("json: Unrecognized key: \"extra\"").
    expect(message.startsWith(`${field}:`) || message.includes(`"${field}"`), message).toBe(true);
  });

  it("404 for an unknown persona, 409 for a second experiment on the same dimension", async () => {
    expect(
      (await post("/v1/experiments", { name: "n", persona_id: "ghost", dimension: "tone", arms: ["warm", "blunt"] }))
        .status,
    ).toBe(404);
    await createPersona();
    await create({ name: "all", dimension: "tone", arms: ["warm", "blunt"] });
    const dup = await post("/v1/experiments", {
      name: "mine",
      persona_id: "calm-founder",
      dimension: "tone",
      arms: ["warm", "witty"],
    });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).message).toMatch(/^dimension:/);
    expect(
      (
        await post("/v1/experiments", {
          name: "other",
          persona_id: "calm-founder",
          dimension: "length",
          arms: ["short", "long"],
        })
      ).status,
    ).toBe(201);
  });

  it("needs the API key", async () => {
    expect((await api("/v1/experiments", { method: "POST", json: {}, key: null })).status).toBe(401);
  });
});

describe("GET /v1/experiments and POST /v1/experiments/:id/stop", () => {
  it("404 for unknown ids, 400 for bad query values", async () => {
    expect((await api("/v1/experiments/exp_nope")).status).toBe(404);
    expect((await post("/v1/experiments/exp_nope/stop", {})).status).toBe(404);
    const bad = await api("/v1/experiments?status=done");
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/^status:/);
    expect((await api("/v1/experiments?limit=0")).status).toBe(400);
  });

  it("stops a running experiment once; stopping it again is a 409", async () => {
    const e = await create({ name: "t", dimension: "length", arms: ["short", "medium"] });
    const stopped = await post(`/v1/experiments/${e.id}/stop`, {});
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toMatchObject({
      status: "stopped",
      decision: { status: "stopped", winner: null, reason: "stopped by the operator" },
    });
    const again = await post(`/v1/experiments/${e.id}/stop`, {});
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("conflict");
  });
});

describe("assignment at ingest", () => {
  it("stores the arm picked by the stable hash, carries it to the post and keeps it on resume", async () => {
    await createPersona();
    const e = await create({
      name: "Hooks",
      persona_id: "calm-founder",
      dimension: "hook_style",
      arms: ["question", "statement"],
    });
    const task = await waitForTask(
      await submitTask({ persona_id: "calm-founder", topic: "pricing", publish: "draft" }),
    );
    expect(task.status).toBe("succeeded");
    // Computed here, in the test's isolate, not the Durable Object's that assigned it.
    const expected = pickArm(String(e.id), task.id, ["question", "statement"]);
    const p = (await (await api(`/v1/posts/${task.post_id}`)).json()) as Json;
    expect(p.experiments).toEqual([{ id: e.id, dimension: "hook_style", arm: expected }]);
    expect(String(p.hook).trim().replace(/\W+$/u, "").length).toBeGreaterThan(0);
    if (expected === "question") expect(String(p.hook)).toMatch(/\?/);
    else expect(String(p.hook)).not.toMatch(/\?/);
    expect(p.score).toMatchObject({
      score: expect.any(Number),
      predicted_engagement_rate: expect.any(Number),
      measured_engagement_rate: null,
    });
    const rows = await env.DB.prepare("SELECT arm, post_id FROM experiment_assignments WHERE task_id = ?")
      .bind(task.id)
      .all<{ arm: string; post_id: string }>();
    expect(rows.results).toEqual([{ arm: expected, post_id: task.post_id }]);
    const ingest = task.steps.find((s) => s.name === "ingest");
    expect(ingest?.detail?.arms).toEqual({ hook_style: expected });
  });
});

describe("POST /v1/score and GET /v1/personas/:id/score-model", () => {
  it("scores a text with named features and a gate verdict", async () => {
    const res = await post("/v1/score", {
      text: "What is the one pricing mistake nobody warns you about?\n\nI lost 3 customers to it. Which one did you make?",
    });
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      score: number;
      predicted_engagement_rate: number;
      features: Record<string, number>;
      passes_gate: boolean;
      threshold: number;
    };
    expect(Object.keys(s.features).sort()).toEqual([
      "curiosity",
      "emotion",
      "hook_strength",
      "length",
      "readability",
      "reply_magnet",
      "shareability",
      "specificity",
    ]);
    expect(s.score).toBeGreaterThan(0);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.passes_gate).toBe(s.score >= s.threshold);
    const weak = (await (await post("/v1/score", { text: "ok" })).json()) as { score: number; passes_gate: boolean };
    expect(weak.score).toBeLessThan(s.score);
    expect(weak.passes_gate).toBe(false);
  });

  it.each([
    [{}, "text"],
    [{ text: "   " }, "text"],
    [{ text: 5 }, "text"],
    [{ text: "x".repeat(2001) }, "text"],
    [{ text: "fine", persona_id: "Bad Slug" }, "persona_id"],
    [{ text: "fine", nope: 1 }, "nope"],
  ])("400 naming the field for %j", async (body, field) => {
    const res = await post("/v1/score", body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain(field);
  });

  it("404 for an unknown persona; the model of a new persona is the prior", async () => {
    expect((await post("/v1/score", { text: "fine", persona_id: "ghost" })).status).toBe(404);
    expect((await api("/v1/personas/ghost/score-model")).status).toBe(404);
    expect((await api("/v1/personas/Bad Slug/score-model")).status).toBe(400);
    await createPersona();
    expect(await (await api("/v1/personas/calm-founder/score-model")).json()).toMatchObject({
      persona_id: "calm-founder",
      trained_posts: 0,
      measured_posts: 0,
      spearman: null,
    });
  });
});

describe("deleting a persona", () => {
  it("removes its assignments, promoted defaults, score model and own experiments; all-persona ones stay", async () => {
    await createPersona();
    const mine = await create({
      name: "Hooks",
      persona_id: "calm-founder",
      dimension: "hook_style",
      arms: ["question", "statement"],
    });
    const all = await create({ name: "Tone", dimension: "tone", arms: ["warm", "blunt"] });
    const task = await waitForTask(
      await submitTask({ persona_id: "calm-founder", topic: "pricing", publish: "draft" }),
    );
    expect(task.status).toBe("succeeded");
    await env.DB.prepare(
      "INSERT INTO experiment_defaults (persona_id, dimension, arm, experiment_id, promoted_at) VALUES ('calm-founder', 'length', 'short', 'exp_x', 1)",
    ).run();
    await env.DB.prepare(
      "INSERT INTO score_models (persona_id, n, a, b, updated_at) VALUES ('calm-founder', 0, '[]', '[]', 1)",
    ).run();
    expect(await rows("SELECT count(*) AS n FROM experiment_assignments WHERE persona_id = 'calm-founder'")).toBe(2);
    expect((await api("/v1/personas/calm-founder", { method: "DELETE" })).status).toBe(204);
    for (const sql of [
      "SELECT count(*) AS n FROM experiment_assignments WHERE persona_id = 'calm-founder'",
      "SELECT count(*) AS n FROM experiment_defaults WHERE persona_id = 'calm-founder'",
      "SELECT count(*) AS n FROM score_models WHERE persona_id = 'calm-founder'",
      "SELECT count(*) AS n FROM post_scores WHERE persona_id = 'calm-founder'",
      `SELECT count(*) AS n FROM experiments WHERE id = '${mine.id}'`,
      `SELECT count(*) AS n FROM experiment_arms WHERE experiment_id = '${mine.id}'`,
    ])
      expect(await rows(sql), sql).toBe(0);
    expect((await api(`/v1/experiments/${all.id}`)).status).toBe(200);
  });
});

const rows = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;

describe("openapi.json", () => {
  it("documents every new route", async () => {
    const spec = (await (await api("/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of [
      "/v1/experiments",
      "/v1/experiments/{id}",
      "/v1/experiments/{id}/stop",
      "/v1/score",
      "/v1/personas/{id}/score-model",
    ])
      expect(spec.paths[p], p).toBeDefined();
  });
});
