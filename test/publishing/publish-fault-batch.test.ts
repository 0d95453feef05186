// FAKE_THREADS_FAULT_RATE=0.3: a batch of publish:"now" tasks through the real generate and
// publish queues (retries and backoff from the queue, QUEUE_RETRY_BASE_SECONDS=0 in tests).
// Every Threads call the publishers make fails at random 30 % of the time (a 503 Graph code 2,
// which for a write means "outcome unknown"). The fault rate is set on each persona's
// publisher client (the same option FAKE_THREADS_FAULT_RATE sets), so other test files keep
// a reliable fake.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { submitTask, waitForTask } from "../support/helpers.ts";
import { agent, seedAccount, seedPersona, useFake } from "../support/publishing.ts";

const PERSONAS = ["batch-a", "batch-b", "batch-c"];
const PER_PERSONA = 6;
// Distinct subjects, so the dedup step lets every post through to publishing.
const TOPICS = [
  "pricing a first SaaS",
  "hiring a first engineer",
  "reducing churn",
  "cold email outreach",
  "writing a newsletter",
  "negotiating a salary",
  "remote team rituals",
  "sourdough baking",
  "marathon training",
  "learning Rust",
  "home espresso",
  "public speaking nerves",
  "freelance invoicing",
  "podcast launch",
  "garden composting",
  "kids and screen time",
  "budget travel in Japan",
  "woodworking for beginners",
];

describe('publish:"now" batch with FAKE_THREADS_FAULT_RATE=0.3', () => {
  it("publishes every post at most once, and most of them after retries", { timeout: 180_000 }, async () => {
    for (const p of PERSONAS) {
      await seedPersona(p, { topics: ["pricing", "hiring", "churn"] });
      // Publishing is under test, not de-duplication: distinct topics must never end `duplicate`.
      await env.DB.prepare("UPDATE personas SET dedup_threshold = 0.95 WHERE id = ?").bind(p).run();
      await seedAccount(p);
      await useFake(p, { faultRate: 0.3, seed: `batch-${p}` });
    }
    const taskIds = [];
    for (let i = 0; i < PER_PERSONA; i++) {
      for (const [j, p] of PERSONAS.entries())
        taskIds.push(await submitTask({ persona_id: p, topic: TOPICS[i * PERSONAS.length + j] ?? "", publish: "now" }));
    }
    const tasks = await Promise.all(taskIds.map((id) => waitForTask(id, 60_000)));
    expect(tasks.map((t) => t.status)).toEqual(tasks.map(() => "succeeded"));
    const postIds = tasks.map((t) => t.post_id ?? "");

    // Wait until no post is still in flight (published, or failed after the queue's retries).
    const until = Date.now() + 150_000;
    let rows: {
      id: string;
      persona_id: string;
      status: string;
      text: string;
      threads_media_id: string | null;
      error: string | null;
    }[] = [];
    for (;;) {
      rows = (
        await env.DB.prepare(
          `SELECT id, persona_id, status, text, threads_media_id, error FROM posts WHERE id IN (${postIds.map(() => "?").join(",")})`,
        )
          .bind(...postIds)
          .all<(typeof rows)[number]>()
      ).results;
      if (rows.every((r) => r.status === "published" || r.status === "failed")) break;
      if (Date.now() > until)
        throw new Error(
          `still in flight: ${JSON.stringify(rows.filter((r) => r.status !== "published" && r.status !== "failed"))}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }

    const media = (await env.DB.prepare("SELECT id, text FROM fake_threads_media").all<{ id: string; text: string }>())
      .results;
    const perText = new Map<string, number>();
    for (const m of media) perText.set(m.text, (perText.get(m.text) ?? 0) + 1);
    const duplicates = [...perText.values()].filter((n) => n > 1).length;
    const published = rows.filter((r) => r.status === "published");
    let attempts = 0;
    for (const r of rows) attempts += await agent(r.persona_id).publishAttempts(r.id);
    const figures = {
      posts: rows.length,
      published: published.length,
      failed: rows.length - published.length,
      media: media.length,
      attempts,
      retries: attempts - rows.length,
      duplicates,
    };
    console.log(JSON.stringify({ event: "fault_batch.figures", ...figures }));

    expect(duplicates).toBe(0);
    // Each published post points at its own media, and nothing was posted for an unpublished one.
    expect(new Set(published.map((r) => r.threads_media_id)).size).toBe(published.length);
    for (const r of rows) expect(perText.get(r.text) ?? 0).toBe(r.status === "published" ? 1 : 0);
    expect(published.length / rows.length).toBeGreaterThan(0.5);
    expect(figures.retries).toBeGreaterThan(0); // the faults really happened and were retried
    for (const r of rows.filter((x) => x.status === "failed")) expect(r.error).toMatch(/Gave up|POST \/v1\/posts/);
  });
});
