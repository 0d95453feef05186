// Polling for apps without webhooks (docs/conversations.md, "How replies arrive"): when no
// webhook arrives, the 15-minute job reads /me/mentions and /{media-id}/conversation and stores
// each reply once; a second tick stores nothing; the work per tick is bounded, and with more
// accounts than one tick polls, every account still gets its turn.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, count } from "../support/helpers.ts";
import { db, publishUntilSettled, seedAccount, seedPersona, seedPost, useFake } from "../support/publishing.ts";
import { POLL_ACCOUNTS_PER_TICK, pollReplies } from "../../workers/conversations/poll.ts";
import { activeAccounts } from "../../workers/db/replies.ts";
import { JOBS, CRON } from "../../workers/cron/index.ts";
import { stableUserId } from "../../workers/fake-threads/index.ts";

describe("polling replies", () => {
  it("stores the replies no webhook delivered, once, and is a job of the 15-minute cron", async () => {
    const persona = "poll-only";
    await api("/v1/personas", { method: "POST", json: { id: persona, name: persona, topics: ["pricing"] } });
    await seedAccount(persona);
    // The fake's webhooks go nowhere (an app without webhook access): only polling can see them.
    await useFake(persona, { replies: 5, seed: "poll-audience", webhookUrl: "http://127.0.0.1:9/nowhere" });
    const post = await seedPost(persona, { text: "How do you price a first product? Tell me." });
    expect((await publishUntilSettled(persona, post.id, { pauseMs: 300 })).at(-1)?.kind).toBe("published");
    const onThreads = await count(
      "SELECT count(*) AS n FROM fake_threads_replies WHERE owner_id = ?",
      stableUserId(`fake-${persona}`),
    );
    expect(onThreads).toBeGreaterThanOrEqual(5);
    expect(await count("SELECT count(*) AS n FROM replies WHERE persona_id = ?", persona)).toBe(0);

    expect(Object.keys(JOBS[CRON.everyQuarterHour] ?? {})).toContain("pollReplies");
    const first = await pollReplies(env, Date.now());
    expect(first.stored).toBe(onThreads);
    // One account: /me/mentions plus the conversation of its one recent post.
    expect(first).toMatchObject({ accounts: 1, pages: 2 });
    const rows = await env.DB.prepare("SELECT kind, source, post_id FROM replies WHERE persona_id = ?")
      .bind(persona)
      .all<{ kind: string; source: string; post_id: string | null }>();
    expect(rows.results.every((r) => r.source === "poll")).toBe(true);
    expect(rows.results.filter((r) => r.kind === "reply").every((r) => r.post_id === post.id)).toBe(true);
    expect(rows.results.some((r) => r.kind === "mention")).toBe(true);

    const second = await pollReplies(env, Date.now());
    expect(second.stored).toBe(0);
    expect(await count("SELECT count(*) AS n FROM replies WHERE persona_id = ?", persona)).toBe(onThreads);
  });

  it("takes turns when more accounts are linked than one tick polls", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `rot-${String(i).padStart(2, "0")}`);
    for (const id of ids) {
      await seedPersona(id);
      await seedAccount(id);
    }
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const page = await activeAccounts(db(), POLL_ACCOUNTS_PER_TICK, round);
      expect(page).toHaveLength(POLL_ACCOUNTS_PER_TICK);
      for (const a of page) seen.add(a.personaId);
    }
    expect([...seen].sort()).toEqual(ids);
    // Fewer accounts than a tick: all of them, every round.
    expect((await activeAccounts(db(), 100, 7)).length).toBe(25);
  });
});
