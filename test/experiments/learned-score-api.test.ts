// The learned score through the product: a persona's posts with metrics (any origin) are refitted
// by the quarter-hour job, GET score-model reports the time-ordered held-out check, POST /v1/score
// and the quality gate use the learned model once it has SCORE_LEARNED_MIN_POSTS posts, and
// deleting the persona deletes it.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { evaluateAll } from "../../workers/experiments/evaluate.ts";
import { seededRandom } from "../../workers/fake-threads/prng.ts";
import { settings } from "../../workers/settings/index.ts";
import { api, count, createPersona, submitTask, waitForTask } from "../support/helpers.ts";

const PERSONA = "calm-founder";
const NOW = Date.parse("2026-11-20T12:00:00Z");
const WORDS =
  "team launch pricing churn hiring users growth market design product customer feedback roadmap budget".split(" ");
const post = (path: string, json: unknown) => api(path, { method: "POST", json });
const refit = () => evaluateAll(openDb(env.DB), settings(env).experiments, NOW);

/** `n` published posts with metrics; the audience gives posts about sourdough 3× the engagement. */
async function seedHistory(n: number, start = 0): Promise<void> {
  const rnd = seededRandom(`history-${start}`);
  const statements: D1PreparedStatement[] = [];
  for (let i = start; i < start + n; i++) {
    const words = Array.from({ length: 10 + Math.floor(rnd() * 15) }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
    const hit = i % 5 < 2;
    if (hit) words.splice(3, 0, "sourdough");
    const at = NOW - (400 - i) * 86_400_000;
    const views = 1000 + Math.floor(rnd() * 3000);
    const er = 0.02 * (hit ? 3 : 1) * Math.exp((rnd() - 0.5) * 0.6);
    const id = `pst_hist${String(i).padStart(4, "0")}`;
    statements.push(
      env.DB.prepare(
        `INSERT INTO posts (id, persona_id, hook, body, text, status, models, published_at, created_at, updated_at)
         VALUES (?, ?, '', '', ?, 'published', '[]', ?, ?, ?)`,
      ).bind(id, PERSONA, `${words.join(" ")}.`, at, at, at),
      env.DB.prepare(
        "INSERT INTO post_metrics (post_id, persona_id, captured_at, views, likes, replies) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(id, PERSONA, at + 86_400_000, views, Math.round(views * er * 0.8), Math.round(views * er * 0.2)),
    );
  }
  await env.DB.batch(statements);
}

interface ScoreView {
  score: number;
  model: string;
  learned: { score: number; n: number; used_by_gate: boolean };
}
const scoreOf = async (text: string) =>
  (await (await post("/v1/score", { text, persona_id: PERSONA })).json()) as ScoreView;

describe("the learned score in the product", () => {
  it("before any history: the prior, and the gate keeps the features model", async () => {
    await createPersona();
    const s = await scoreOf("Our launch went well, here is what the team learned.");
    expect(s.model).toBe("features");
    expect(s.learned).toMatchObject({ n: 0, used_by_gate: false });
    const model = (await (await api(`/v1/personas/${PERSONA}/score-model`)).json()) as { learned: unknown };
    expect(model.learned).toMatchObject({
      n: 0,
      min_posts: 30,
      used_by_gate: false,
      trained_at: null,
      held_out: { n_train: 0, n_test: 0, spearman: null, length_only_spearman: null },
    });
  });

  it("learns what this audience rewards from its history and the gate uses it", async () => {
    await createPersona({ quality_threshold: 0.01 });
    await seedHistory(150);
    expect((await refit()).refitted).toBe(1);
    // Nothing new: no refit.
    expect((await refit()).refitted).toBe(0);

    const report = (await (await api(`/v1/personas/${PERSONA}/score-model`)).json()) as {
      learned: {
        n: number;
        used_by_gate: boolean;
        held_out: { n_train: number; n_test: number; spearman: number; length_only_spearman: number };
      };
    };
    expect(report.learned).toMatchObject({ n: 150, used_by_gate: true, held_out: { n_train: 120, n_test: 30 } });
    expect(report.learned.held_out.spearman).toBeGreaterThan(0.4);
    expect(report.learned.held_out.spearman).toBeGreaterThan(report.learned.held_out.length_only_spearman);

    const about = await scoreOf("the team launch of our sourdough product went well, customer feedback.");
    const other = await scoreOf("the team launch of our pricing product went well, customer feedback.");
    expect(about.model).toBe("learned");
    expect(about.learned).toMatchObject({ n: 150, used_by_gate: true });
    expect(about.score).toBeGreaterThan(other.score);

    // New metrics arrive: the next run refits, on more posts.
    await seedHistory(10, 150);
    expect((await refit()).refitted).toBe(1);
    expect((await scoreOf("anything at all")).learned.n).toBe(160);

    // The quality gate scores the draft with the learned model.
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing", publish: "draft" }));
    expect(task.status).toBe("succeeded");
    expect(task.steps.find((s) => s.name === "score")?.detail).toMatchObject({ model: "learned" });
  });

  it("a history import trains the model at once, before any cron run or new post", async () => {
    await createPersona();
    const rnd = seededRandom("import");
    const posts = Array.from({ length: 80 }, (_, i) => {
      const words = Array.from({ length: 10 + Math.floor(rnd() * 12) }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
      const hit = i % 5 < 2;
      if (hit) words.splice(2, 0, "sourdough");
      const views = 1000 + Math.floor(rnd() * 3000);
      const er = 0.02 * (hit ? 3 : 1) * Math.exp((rnd() - 0.5) * 0.6);
      return {
        text: `${words.join(" ")} (${i}).`,
        published_at: new Date(NOW - (200 - i) * 86_400_000).toISOString(),
        views,
        likes: Math.round(views * er),
      };
    });
    const imported = await post(`/v1/personas/${PERSONA}/history`, { posts });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { imported: number }).imported).toBe(80);
    const report = (await (await api(`/v1/personas/${PERSONA}/score-model`)).json()) as {
      learned: { n: number; used_by_gate: boolean; held_out: { n_test: number; spearman: number } };
    };
    expect(report.learned).toMatchObject({ n: 80, used_by_gate: true, held_out: { n_test: 16 } });
    expect(report.learned.held_out.spearman).toBeGreaterThan(0.3);
    const about = await scoreOf("the team launch of our sourdough product went well, customer feedback.");
    const other = await scoreOf("the team launch of our pricing product went well, customer feedback.");
    expect(about.model).toBe("learned");
    expect(about.score).toBeGreaterThan(other.score);
    // The quarter-hour job finds nothing new to refit.
    expect((await refit()).refitted).toBe(0);
  });

  it("below SCORE_LEARNED_MIN_POSTS the gate keeps the features model", async () => {
    await createPersona();
    await seedHistory(20);
    await refit();
    const s = await scoreOf("the team launch of our sourdough product went well.");
    expect(s).toMatchObject({ model: "features", learned: { n: 20, used_by_gate: false } });
  });

  it("deleting the persona deletes its learned model", async () => {
    await createPersona();
    await seedHistory(40);
    await refit();
    expect(await count("SELECT count(*) AS n FROM learned_score_models WHERE persona_id = ?", PERSONA)).toBe(1);
    expect((await api(`/v1/personas/${PERSONA}`, { method: "DELETE" })).status).toBeLessThan(300);
    expect(await count("SELECT count(*) AS n FROM learned_score_models")).toBe(0);
  });
});
