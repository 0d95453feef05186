import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { openDb } from "../../workers/db/client.ts";
import { insertPost } from "../../workers/db/posts.ts";
import { api, createPersona } from "../support/helpers.ts";
import { agentOf } from "../support/persona-agent.ts";

interface ErrorBody {
  error: { code: string; message: string };
}
interface Compared {
  similarity: number;
  threshold: number;
  duplicate: boolean;
  embedder: string;
}
interface Checked {
  threshold: number;
  window_days: number;
  matches: { post_id: string; similarity: number; duplicate: boolean; text: string; created_at: string }[];
}

const compare = async (json: unknown) => api("/v1/dedup/compare", { method: "POST", json });
const check = async (persona: string, json: unknown) =>
  api(`/v1/personas/${persona}/dedup/check`, { method: "POST", json });
const agent = (persona: string) => agentOf(persona);

/** A stored post and its vector, as the store step leaves them, `ageDays` old. */
async function seedPost(persona: string, id: string, text: string, ageDays = 0): Promise<void> {
  const createdAt = Date.now() - ageDays * 86_400_000;
  await insertPost(
    openDb(env.DB),
    {
      id,
      personaId: persona,
      taskId: null,
      hook: text,
      body: "",
      text,
      topic: null,
      trend: null,
      status: "draft",
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      models: [],
      scheduledAt: null,
    },
    createdAt,
  );
  await runInDurableObject(agent(persona), async (instance: PersonaAgent) => {
    const vectors = instance.vectors;
    const { vector } = await vectors.embed(text);
    await vectors.add(persona, id, vector, createdAt);
  });
}

const EMAIL = "Stop checking email first thing in the morning. Your inbox is everyone else's to-do list for you.";
const EMAIL_AGAIN =
  "Don't check your email first thing in the morning: the inbox is a to-do list other people wrote for you.";
/** The same post with a word added: what a writer repeating itself produces. */
const EMAIL_COPY =
  "Stop checking your email first thing in the morning. Your inbox is everyone else's to-do list for you.";
const SLEEP = "I started walking for twenty minutes after lunch and my afternoon slump disappeared.";

/** The offline embedder's calibrated threshold, as /health/ready shows it once dedup has run. */
async function calibratedThreshold(): Promise<number> {
  const ready = (await (await api("/health/ready")).json()) as { dedup: { threshold: number; source: string } };
  expect(ready.dedup.source).toBe("calibrated");
  return ready.dedup.threshold;
}

describe("POST /v1/dedup/compare", () => {
  it("calls near-copies duplicates at the calibrated threshold, and ranks a rewording above an unrelated post", async () => {
    const copy = (await (await compare({ a: EMAIL, b: EMAIL_COPY })).json()) as Compared;
    expect(copy).toMatchObject({
      threshold: await calibratedThreshold(),
      duplicate: true,
      embedder: "offline-hash-v4",
    });
    // Calibrated for precision 0.9 on STS-B, the offline embedder flags only near-copies: a close
    // rewording scores well above unrelated text but below the threshold (docs/dedup.md).
    const reworded = (await (await compare({ a: EMAIL, b: EMAIL_AGAIN })).json()) as Compared;
    expect(reworded.duplicate).toBe(false);
    const other = (await (await compare({ a: EMAIL, b: SLEEP })).json()) as Compared;
    expect(other.duplicate).toBe(false);
    expect(other.similarity).toBeLessThan(reworded.similarity - 0.5);
    expect(reworded.similarity).toBeLessThan(copy.similarity);
  });

  it("uses the persona's threshold when persona_id is given", async () => {
    await createPersona({ dedup_threshold: 0.8 });
    // The rewording the calibrated threshold lets through is a duplicate under the persona's looser one.
    const res = (await (await compare({ a: EMAIL, b: EMAIL_AGAIN, persona_id: "calm-founder" })).json()) as Compared;
    expect(res).toMatchObject({ threshold: 0.8, duplicate: true });
    expect(((await (await compare({ a: EMAIL, b: EMAIL_AGAIN })).json()) as Compared).duplicate).toBe(false);
  });

  it("truncates very long text instead of rejecting it, and handles non-English text", async () => {
    const long = `${EMAIL} ${"word ".repeat(5_900)}`; // ~30k characters
    const res = await compare({ a: long, b: long });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Compared).similarity).toBeCloseTo(1, 5);

    const ja = (await (
      await compare({ a: "朝起きてすぐにメールを見るのをやめよう。", b: "朝一番にメールをチェックするのはやめよう。" })
    ).json()) as Compared;
    const jaOther = (await (
      await compare({ a: "朝起きてすぐにメールを見るのをやめよう。", b: "毎日二十分歩くと午後の眠気が消えた。" })
    ).json()) as Compared;
    expect(ja.similarity).toBeGreaterThan(jaOther.similarity);
    const es = (await (
      await compare({ a: "Deja de revisar el correo al despertar.", b: "No revises tu correo nada más despertar." })
    ).json()) as Compared;
    expect(es.similarity).toBeGreaterThan(0.3);
  });

  it("answers 400 naming the field for bad input", async () => {
    const cases: [unknown, string][] = [
      [{ b: "x" }, "a"],
      [{ a: "x" }, "b"],
      [{ a: "x", b: "   " }, "b"],
      [{ a: 42, b: "x" }, "a"],
      [{ a: "x".repeat(30_001), b: "x" }, "a"],
      [{ a: "x", b: "y", persona_id: "Not A Slug" }, "persona_id"],
    ];
    for (const [body, field] of cases) {
      const res = await compare(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message.startsWith(`${field}:`)).toBe(true);
    }
    const malformed = await api("/v1/dedup/compare", {
      method: "POST",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const unknown = await compare({ a: "x", b: "y", persona_id: "nobody" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.message).toContain("persona_id");
    expect((await api("/v1/dedup/compare", { method: "POST", json: { a: "x", b: "y" }, key: null })).status).toBe(401);
  });
});

describe("POST /v1/personas/:id/dedup/check", () => {
  it("returns nothing from an empty index", async () => {
    await createPersona({ id: "empty-persona" });
    const res = (await (await check("empty-persona", { text: EMAIL })).json()) as Checked;
    expect(res).toMatchObject({ threshold: await calibratedThreshold(), window_days: 90, matches: [] });
  });

  it("returns every post, best first, when top_k exceeds the index, and marks duplicates", async () => {
    await createPersona({ id: "topk-persona" });
    await seedPost("topk-persona", "pst_email", EMAIL);
    await seedPost("topk-persona", "pst_walk", SLEEP);
    const res = (await (await check("topk-persona", { text: EMAIL_COPY, top_k: 20 })).json()) as Checked;
    expect(res.matches.map((m) => m.post_id)).toEqual(["pst_email", "pst_walk"]);
    expect(res.matches.map((m) => m.duplicate)).toEqual([true, false]);
    expect(res.matches[0]).toMatchObject({ text: EMAIL });
    expect(Date.parse(res.matches[0]?.created_at ?? "")).toBeGreaterThan(0);
  });

  it("keeps personas apart: one persona's posts never match another's", async () => {
    await createPersona({ id: "persona-a" });
    await createPersona({ id: "persona-b" });
    await seedPost("persona-a", "pst_a_email", EMAIL);
    expect(((await (await check("persona-b", { text: EMAIL })).json()) as Checked).matches).toEqual([]);
    expect(((await (await check("persona-a", { text: EMAIL })).json()) as Checked).matches).toHaveLength(1);
  });

  it("only looks back over the window (DEDUP_WINDOW_DAYS, 90 by default)", async () => {
    await createPersona({ id: "window-persona" });
    await seedPost("window-persona", "pst_old", EMAIL, 91);
    expect(((await (await check("window-persona", { text: EMAIL })).json()) as Checked).matches).toEqual([]);
    await seedPost("window-persona", "pst_recent", EMAIL, 89);
    expect(
      ((await (await check("window-persona", { text: EMAIL })).json()) as Checked).matches.map((m) => m.post_id),
    ).toEqual(["pst_recent"]);
  });

  it("answers 400 naming the field for bad input, 404 for an unknown persona", async () => {
    await createPersona();
    const cases: [unknown, string][] = [
      [{}, "text"],
      [{ text: "" }, "text"],
      [{ text: ["x"] }, "text"],
      [{ text: "x", top_k: 0 }, "top_k"],
      [{ text: "x", top_k: 21 }, "top_k"],
      [{ text: "x", top_k: 1.5 }, "top_k"],
    ];
    for (const [body, field] of cases) {
      const res = await check("calm-founder", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message.startsWith(`${field}:`)).toBe(true);
    }
    const badId = await check("Bad_Id", { text: "x" });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as ErrorBody).error.message.startsWith("id:")).toBe(true);
    expect((await check("nobody", { text: "x" })).status).toBe(404);
  });
});

describe("POST /v1/personas/:id/dedup/reindex", () => {
  it("re-embeds every stored post, dropping vectors of deleted posts and fixing an embedder change", async () => {
    await createPersona({ id: "reindex-persona" });
    await seedPost("reindex-persona", "pst_r1", EMAIL);
    await seedPost("reindex-persona", "pst_r2", SLEEP);
    await seedPost("reindex-persona", "pst_r3", "   ");
    // As if the vectors came from another embedder of the same size: checks refuse to answer.
    await runInDurableObject(agent("reindex-persona"), (instance: PersonaAgent) =>
      instance.vectors.stamp.set("reindex-persona", "openai:text-embedding-3-small@512"),
    );
    const refused = await check("reindex-persona", { text: EMAIL });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/embedder changed.*re-index/);

    const res = await api("/v1/personas/reindex-persona/dedup/reindex", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      persona_id: "reindex-persona",
      embedder: "offline-hash-v4",
      dimensions: 512,
      posts: 3,
      indexed: 2,
      skipped: 1,
    });
    const after = (await (await check("reindex-persona", { text: EMAIL, top_k: 10 })).json()) as Checked;
    expect(after.matches.map((m) => m.post_id)).toEqual(["pst_r1", "pst_r2"]);
    expect((await api("/v1/personas/nobody/dedup/reindex", { method: "POST" })).status).toBe(404);
  });

  it("is in the OpenAPI spec with the other dedup routes", async () => {
    const spec = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/dedup/calibrate",
        "/v1/dedup/compare",
        "/v1/personas/{id}/dedup/check",
        "/v1/personas/{id}/dedup/reindex",
      ]),
    );
    expect(spec.paths["/v1/posts/{id}"]).toHaveProperty("delete");
  });
});
