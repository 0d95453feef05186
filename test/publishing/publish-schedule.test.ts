// Scheduling: publish:"schedule" takes the next free slot; slots hold their local time across
// a DST change; the every-minute cron publishes everything due, including posts missed while
// the Worker was down; autopilot creates one generation task per upcoming free slot.
import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listTasks } from "../../workers/db/tasks.ts";
import worker from "../../workers/index.ts";
import { placePost } from "../../workers/publishing/placement.ts";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { db, mediaOf, postRow, seedAccount, seedPersona, seedPost } from "../support/publishing.ts";

const tick = (cron: string, at: number) =>
  worker.scheduled(createScheduledController({ cron, scheduledTime: at }), env);

async function waitForStatus(id: string, status: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await postRow(id);
    if (row.status === status) return row;
    if (Date.now() > until) throw new Error(`post ${id} still ${row.status}: ${row.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('publish:"schedule" takes the next free slot', () => {
  it("two tasks get two distinct upcoming slots in the persona's time zone", async () => {
    await createPersona({ schedule: { kind: "times", times: ["08:00", "12:30", "19:00"] }, timezone: "Asia/Tokyo" });
    const [a, b] = await Promise.all(
      [1, 2].map(async () =>
        waitForTask(await submitTask({ persona_id: "calm-founder", topic: "pricing", publish: "schedule" })),
      ),
    );
    const slots = (
      (await (await api("/v1/personas/calm-founder/schedule?count=2")).json()) as {
        slots: { at: string; post_id: string }[];
      }
    ).slots;
    const posts = await Promise.all([a, b].map((t) => postRow(t?.post_id ?? "")));
    expect(posts.map((p) => p.status)).toEqual(["scheduled", "scheduled"]);
    expect(posts.map((p) => new Date(p.scheduledAt ?? 0).toISOString()).sort()).toEqual(slots.map((s) => s.at));
    expect(slots.map((s) => s.post_id).sort()).toEqual(posts.map((p) => p.id).sort());
  });

  it("without a schedule the post stays a draft and says why", async () => {
    await createPersona();
    const task = await waitForTask(
      await submitTask({ persona_id: "calm-founder", topic: "pricing", publish: "schedule" }),
    );
    const post = await postRow(task.post_id ?? "");
    expect(post).toMatchObject({ status: "draft", scheduledAt: null });
    expect(post.error).toMatch(/has no posting schedule/);
  });
});

describe("across a DST change (Europe/Berlin, 29 March 2026)", () => {
  it("09:00 local is 08:00Z before the change and 07:00Z after; the cron publishes each at its instant", async () => {
    await seedPersona("berlin", { schedule: { kind: "times", times: ["09:00"], timezone: "Europe/Berlin" } });
    await seedAccount("berlin");
    const start = Date.parse("2026-03-27T12:00:00Z");
    const placed = [];
    for (let i = 0; i < 3; i++) {
      const at = await placePost(db(), "berlin", "schedule", start);
      placed.push(at.scheduledAt);
      await seedPost("berlin", { status: "scheduled", scheduledAt: at.scheduledAt });
    }
    expect(placed.map((t) => new Date(t ?? 0).toISOString())).toEqual([
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);

    // A tick a minute before the first slot publishes nothing; one at the slot publishes exactly it.
    await tick("* * * * *", Date.parse("2026-03-28T07:59:00Z"));
    expect(await env.DB.prepare("SELECT count(*) AS n FROM posts WHERE status != 'scheduled'").first("n")).toBe(0);
    await tick("* * * * *", Date.parse("2026-03-29T07:00:00Z"));
    const rows = await env.DB.prepare("SELECT id, scheduled_at FROM posts ORDER BY scheduled_at").all<{
      id: string;
      scheduled_at: number;
    }>();
    const [first, second, third] = rows.results;
    await waitForStatus(first?.id ?? "", "published");
    await waitForStatus(second?.id ?? "", "published");
    expect((await postRow(third?.id ?? "")).status).toBe("scheduled");
  });
});

describe("missed cron catch-up", () => {
  it("posts due while the Worker was down all go out on the next tick, each once", async () => {
    await seedPersona("late");
    await seedAccount("late");
    const now = Date.now();
    const missed = [];
    for (const hoursAgo of [30, 6, 1])
      missed.push(
        await seedPost("late", {
          status: "scheduled",
          scheduledAt: now - hoursAgo * 3_600_000,
          text: `missed ${hoursAgo}h ago`,
        }),
      );
    const future = await seedPost("late", { status: "scheduled", scheduledAt: now + 3_600_000 });
    await tick("* * * * *", now);
    await tick("* * * * *", now + 1000); // an overlapping tick queues nothing twice
    for (const p of missed) await waitForStatus(p.id, "published");
    expect((await postRow(future.id)).status).toBe("scheduled");
    expect((await mediaOf("fake-late")).map((m) => m.text).sort()).toEqual([
      "missed 1h ago",
      "missed 30h ago",
      "missed 6h ago",
    ]);
  });

  it("requeues a post stuck in publishing (its message was lost)", async () => {
    await seedPersona("stuck");
    await seedAccount("stuck");
    const post = await seedPost("stuck", { status: "publishing" });
    await env.DB.prepare("UPDATE posts SET updated_at = ? WHERE id = ?")
      .bind(Date.now() - 20 * 60_000, post.id)
      .run();
    await tick("* * * * *", Date.now());
    await waitForStatus(post.id, "published");
  });
});

describe("autopilot", () => {
  it("creates one generation task per free slot within the lead time, once", async () => {
    await seedPersona("auto", {
      autopilot: true,
      schedule: { kind: "spread", postsPerDay: 24, window: { start: "00:00", end: "23:59" }, timezone: "UTC" },
    });
    await seedPersona("manual", { autopilot: false, schedule: { kind: "times", times: ["00:00"], timezone: "UTC" } });
    const now = Date.now();
    await tick("* * * * *", now);
    const created = await listTasks(db(), { personaId: "auto", limit: 50 });
    // 24 slots a day ≈ one an hour, AUTOPILOT_LEAD_MINUTES=120 → 2 (or 3 at an hour boundary).
    expect(created.length).toBeGreaterThanOrEqual(2);
    expect(created.length).toBeLessThanOrEqual(3);
    expect(created.every((t) => t.publish === "schedule" && t.idempotencyKey?.startsWith("autopilot:auto:"))).toBe(
      true,
    );
    await tick("* * * * *", now + 1000);
    expect(await listTasks(db(), { personaId: "auto", limit: 50 })).toHaveLength(created.length);
    expect(await listTasks(db(), { personaId: "manual", limit: 50 })).toHaveLength(0);
    for (const t of created) await waitForTask(t.id);
    const posts = await env.DB.prepare("SELECT status, scheduled_at FROM posts WHERE persona_id = 'auto'").all<{
      status: string;
      scheduled_at: number;
    }>();
    expect(posts.results.every((p) => p.status === "scheduled" && p.scheduled_at <= now + 120 * 60_000 + 60_000)).toBe(
      true,
    );
    expect(new Set(posts.results.map((p) => p.scheduled_at)).size).toBe(created.length);
  });
});
