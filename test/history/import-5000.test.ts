// The largest import a request may carry: 5,000 posts of 480 characters, stored in one batch.
import { describe, expect, it } from "vitest";
import { api, count, createPersona } from "../support/helpers.ts";

describe("a 5,000-post import", () => {
  it("stores every post once, and a second import of the same file stores none", async () => {
    const P = "history-5000";
    await createPersona({ id: P, name: "Big History" });
    const filler = "x".repeat(400);
    const posts = Array.from({ length: 5000 }, (_, i) => ({
      text: `Post ${i}: ${filler}`.slice(0, 480),
      published_at: 1_750_000_000 + i * 3600,
      views: 100 + i,
      likes: i % 50,
    }));
    const res = await api(`/v1/personas/${P}/history`, { method: "POST", json: { posts } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 5000, imported: 5000, duplicates: 0 });
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ?", P)).toBe(5000);
    expect(await count("SELECT count(*) AS n FROM post_metrics WHERE persona_id = ?", P)).toBe(5000);
    const again = await api(`/v1/personas/${P}/history`, { method: "POST", json: { posts } });
    expect(await again.json()).toMatchObject({ imported: 0, duplicates: 5000 });
    expect(await count("SELECT count(*) AS n FROM posts WHERE persona_id = ?", P)).toBe(5000);
  }, 400_000);
});
