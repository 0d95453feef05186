// History import from a file (JSON or CSV): counts, duplicates, all-or-nothing 400s, origin
// "imported" everywhere it matters (listed, never published, out of KPIs and costs, in the dedup
// index and the voice examples, deleted with the persona).
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { bestPostsForVoice } from "../../workers/db/voice-examples.ts";
import { api, count, createPersona } from "../support/helpers.ts";

const HOUR = 3_600_000;
const P = "history-file";

const post = (i: number, over: Record<string, unknown> = {}) => ({
  text: `Lesson ${i}: pricing is a promise you keep every month.`,
  published_at: new Date(Date.now() - (i + 1) * 26 * HOUR).toISOString(),
  views: 500 + i,
  likes: 20 + (i % 7),
  replies: i % 3,
  ...over,
});

const importJson = (posts: unknown[], persona = P) =>
  api(`/v1/personas/${persona}/history`, { method: "POST", json: { posts } });

const importCsv = (csv: string, persona = P) =>
  api(`/v1/personas/${persona}/history`, { method: "POST", body: csv, headers: { "content-type": "text/csv" } });

const imported = (persona = P) =>
  count("SELECT count(*) AS n FROM posts WHERE persona_id = ? AND origin = 'imported'", persona);
const readings = (persona = P) => count("SELECT count(*) AS n FROM post_metrics WHERE persona_id = ?", persona);

describe("POST /v1/personas/:id/history", () => {
  beforeEach(async () => {
    await api(`/v1/personas/${P}?purge=true`, { method: "DELETE" });
    await createPersona({ id: P, name: "History File", timezone: "Europe/Berlin" });
  });

  it("imports JSON posts once: a second import of the same posts stores nothing new", async () => {
    const posts = Array.from({ length: 12 }, (_, i) => post(i));
    const first = await importJson(posts);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ persona_id: P, received: 12, imported: 12, duplicates: 0, rejected: 0 });
    expect(await imported()).toBe(12);
    expect(await readings()).toBe(12);

    // The same posts again, plus one new and one repeated within the file.
    const again = await importJson([...posts, post(40), post(40)]);
    expect(await again.json()).toMatchObject({ received: 14, imported: 1, duplicates: 13 });
    expect(await imported()).toBe(13);
    expect(await readings()).toBe(13);
  });

  it("takes CSV with the same column names, counts other than views optional", async () => {
    const csv = [
      "text,published_at,views,likes,replies,reposts,quotes,shares",
      '"Why do customers churn in month three?\nBecause the promise ran out.",2026-06-01T09:30:00Z,900,40,12,3,1,2',
      "Stop hiring for culture fit.,1780000000,450,,,,,",
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 2, imported: 2, duplicates: 0 });
    const row = await env.DB.prepare(
      "SELECT p.hook, p.body, p.status, p.published_at, m.views, m.replies FROM posts p JOIN post_metrics m ON m.post_id = p.id WHERE p.persona_id = ? ORDER BY p.published_at",
    )
      .bind(P)
      .all<{ hook: string; body: string; status: string; published_at: number; views: number; replies: number }>();
    expect(row.results[0]).toMatchObject({ published_at: 1_780_000_000_000, views: 450, replies: 0 });
    expect(row.results[1]).toMatchObject({
      hook: "Why do customers churn in month three?",
      body: "Because the promise ran out.",
      status: "published",
      published_at: Date.parse("2026-06-01T09:30:00Z"),
      views: 900,
      replies: 12,
    });
  });

  it("rejects the whole request naming the row and field, and stores nothing", async () => {
    const posts = [post(0), post(1, { views: -3 }), post(2, { published_at: "yesterday" }), post(3)];
    const res = await importJson(posts);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; details: Record<string, unknown> } };
    expect(body.error.message).toBe("posts.1.views: must be a whole number from 0 up");
    expect(body.error.details).toMatchObject({ field: "posts.1.views", row: 1, rejected: 2, imported: 0 });
    expect((body.error.details.problems as { field: string }[]).map((p) => p.field)).toEqual([
      "posts.1.views",
      "posts.2.published_at",
    ]);
    expect(await imported()).toBe(0);
    expect(await readings()).toBe(0);

    const csv = await importCsv(
      "text,published_at,views\nFine post.,2026-06-01T09:30:00Z,10\nNo views here.,2026-06-02T09:30:00Z,\n",
    );
    expect(csv.status).toBe(400);
    expect(((await csv.json()) as { error: { message: string } }).error.message).toBe("row 2.views: is required");
    const unknown = await importCsv("text,published_at,views,colour\nA post.,2026-06-01T09:30:00Z,10,red\n");
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "row 1.colour: unknown field",
    );
    const future = await importJson([post(0, { published_at: new Date(Date.now() + 86_400_000).toISOString() })]);
    expect(((await future.json()) as { error: { message: string } }).error.message).toBe(
      "posts.0.published_at: is in the future",
    );
    expect(await imported()).toBe(0);
  });

  it("refuses more than 5,000 posts and an unknown persona", async () => {
    const many = Array.from({ length: 5001 }, (_, i) => ({
      text: `p${i}`,
      published_at: 1_780_000_000 + i * 60,
      views: 1,
    }));
    const res = await importJson(many);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^posts: 5001 posts, over the 5000/,
    );
    expect((await importJson([post(0)], "no-such-persona")).status).toBe(404);
  });

  it("imported posts are listed as such, never published, and stay out of our KPIs", async () => {
    await importJson([post(0), post(1)]);
    const list = (await (await api(`/v1/posts?persona_id=${P}&origin=imported`)).json()) as {
      data: { id: string; origin: string; status: string; usage: { cost_usd: number }; metrics: { views: number } }[];
    };
    expect(list.data).toHaveLength(2);
    expect(list.data.every((p) => p.origin === "imported" && p.status === "published")).toBe(true);
    expect(list.data[0]?.metrics.views).toBeGreaterThan(0);
    const generated = (await (await api(`/v1/posts?persona_id=${P}&origin=generated`)).json()) as { data: unknown[] };
    expect(generated.data).toHaveLength(0);

    const id = list.data[0]?.id ?? "";
    const publish = await api(`/v1/posts/${id}/publish`, { method: "POST" });
    expect(publish.status).toBe(409);
    const schedule = await api(`/v1/posts/${id}/schedule`, {
      method: "POST",
      json: { at: new Date(Date.now() + HOUR).toISOString() },
    });
    expect(schedule.status).toBe(409);
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ? AND status != 'published'", P)).toBe(0);

    const kpis = (await (await api(`/v1/kpis?persona_id=${P}&window=30d`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(kpis)).not.toContain(id);
    expect(kpis).toMatchObject({ posts_published: 0 });
  });

  it("imported posts are voice examples and repeat-checks: a draft repeating one is a duplicate", async () => {
    const text = "Raise the price, watch who stays, and talk to the ones who leave.";
    await importJson([post(0, { text, views: 800, likes: 90, replies: 20 }), post(1)]);
    expect(await bestPostsForVoice(env.DB, P)).toContain(text);
    const check = (await (await api(`/v1/personas/${P}/dedup/check`, { method: "POST", json: { text } })).json()) as {
      matches: { duplicate: boolean; similarity: number }[];
    };
    expect(check.matches[0]).toMatchObject({ duplicate: true });
    expect(check.matches[0]?.similarity).toBeGreaterThan(0.99);
  });

  it("deleting the persona deletes its imported posts and their readings", async () => {
    await importJson([post(0), post(1), post(2)]);
    expect(await imported()).toBe(3);
    const res = await api(`/v1/personas/${P}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(
      await count(
        "SELECT count(*) AS n FROM posts WHERE origin = 'imported' AND (persona_id = ?1 OR deleted_persona_id = ?1)",
        P,
      ),
    ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM post_metrics WHERE persona_id LIKE ?", `${P}%`)).toBe(0);
  });
});
