import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { insertPost } from "../../workers/db/posts.ts";
import { api } from "../support/helpers.ts";

async function seed(n: number) {
  const db = openDb(env.DB);
  for (let i = 0; i < n; i++) {
    await insertPost(
      db,
      {
        id: `pst_${String(i).padStart(3, "0")}`,
        personaId: i % 2 ? "odd" : "even",
        taskId: null,
        hook: `Hook ${i}`,
        body: "Body",
        text: `Hook ${i}\n\nBody`,
        topic: "t",
        trend: null,
        status: i % 3 === 0 ? "published" : "draft",
        promptTokens: 10,
        completionTokens: 5,
        costUsd: 0.001,
        models: [],
        scheduledAt: null,
      },
      1_700_000_000_000 + Math.floor(i / 2) * 1000, // pairs share a timestamp: the cursor must break ties
    );
  }
}

describe("GET /v1/posts", () => {
  it("pages through every post exactly once, newest first", async () => {
    await seed(25);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/v1/posts?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      const page = (await res.json()) as { data: { id: string }[]; next_cursor: string | null };
      seen.push(...page.data.map((p) => p.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe("pst_024");
  });

  it("filters by persona and status", async () => {
    await seed(12);
    const page = (await (await api("/v1/posts?persona_id=even&status=published&limit=100")).json()) as {
      data: { persona_id: string; status: string }[];
    };
    expect(page.data.length).toBe(2);
    expect(page.data.every((p) => p.persona_id === "even" && p.status === "published")).toBe(true);
  });

  it("answers 400 for a bad cursor, limit or status, and 404 for an unknown post", async () => {
    for (const q of ["cursor=garbage!", "limit=0", "limit=1000", "status=lost"]) {
      const res = await api(`/v1/posts?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(q.split("=")[0]);
    }
    expect((await api("/v1/posts/pst_missing")).status).toBe(404);
  });
});
