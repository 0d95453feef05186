import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { markNeedsReauth } from "../../workers/db/threads-accounts.ts";
import worker from "../../workers/index.ts";
import { api } from "../support/helpers.ts";
import { seedAccount, seedPersona } from "../support/publishing.ts";

describe("cron wiring for observability", () => {
  it("raises a critical alert for an account that needs re-auth, once, on the every-minute cron", async () => {
    await seedPersona("needs-login");
    await seedAccount("needs-login");
    await markNeedsReauth(openDb(env.DB), "needs-login", "token expired (190)", Date.now());
    for (let i = 0; i < 2; i++)
      await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env);
    const alerts = (await (await api("/v1/alerts?status=firing")).json()) as {
      data: { rule: string; severity: string; summary: string }[];
    };
    const reauth = alerts.data.filter((a) => a.summary.includes("needs-login"));
    expect(reauth).toHaveLength(1);
    expect(reauth[0]?.severity).toBe("critical");
  });

  it("polls insights of published posts on the quarter-hour cron through the linked account", async () => {
    await seedPersona("poller");
    await seedAccount("poller");
    const published = Date.now() - 20 * 60_000;
    await env.DB.prepare(
      `INSERT INTO posts (id, persona_id, hook, body, text, status, models, threads_media_id, published_at, created_at, updated_at)
       VALUES ('pst_polled', 'poller', 'h', 'b', 'h b', 'published', '[]', 'no-such-media', ?, ?, ?)`,
    )
      .bind(published, published, published)
      .run();
    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env);
    // The fake has no such media: the poll is attempted with the account's token and reported as failed, not thrown.
    const rows = await env.DB.prepare(
      "SELECT count(*) AS n FROM follower_snapshots WHERE persona_id = 'poller'",
    ).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });
});
