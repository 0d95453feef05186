import { beforeAll, describe, expect, it } from "vitest";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import type { InsightsTarget } from "../../workers/insights/collect.ts";
import { collectInsights } from "../../workers/insights/collect.ts";
import { latestPostMetrics, listFollowerSnapshots, listPostMetrics } from "../../workers/insights/queries.ts";
import { coreDb, DAY, HOUR, NOW, seedPersona, seedPost } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

let db: ObsDb;
const counts = { views: 10, likes: 1, replies: 0, reposts: 0, quotes: 0, shares: 0 };

beforeAll(async () => {
  db = await coreDb();
  await seedPersona("p");
  await seedPersona("q");
  await seedPost({ id: "fresh", persona_id: "p", created_at: NOW - 20 * 60_000 }); // due: first poll at +15 min
  await seedPost({ id: "young", persona_id: "p", created_at: NOW - 10 * 60_000 }); // not yet due
  await seedPost({ id: "broken", persona_id: "q", created_at: NOW - HOUR });
  await seedPost({ id: "ancient", persona_id: "p", created_at: NOW - 90 * DAY }); // beyond the horizon
  await seedPost({
    id: "draft",
    persona_id: "p",
    created_at: NOW - HOUR,
    status: "draft",
    published_at: null,
    threads_media_id: null,
  });
});

describe("collectInsights", () => {
  it("polls due published posts, records snapshots and follower counts, reports failures", async () => {
    const asked: InsightsTarget[] = [];
    const result = await collectInsights({
      db,
      now: NOW,
      fetchPostInsights: async (post) => {
        asked.push(post);
        if (post.post_id === "broken") throw new Error("threads 500");
        return counts;
      },
      fetchFollowers: async (personaId) => {
        if (personaId === "q") throw new Error("token expired");
        return 123;
      },
    });
    expect(asked.map((a) => a.post_id).sort()).toEqual(["broken", "fresh"]);
    expect(asked.find((a) => a.post_id === "fresh")?.threads_media_id).toBe("tm_fresh");
    expect(result).toEqual({
      posts_due: 2,
      posts_polled: 1,
      posts_failed: [{ post_id: "broken", error: "threads 500" }],
      followers_recorded: 1,
      followers_failed: [{ persona_id: "q", error: "token expired" }],
    });
    expect(await listPostMetrics(db, { postId: "fresh" })).toEqual([
      { post_id: "fresh", persona_id: "p", captured_at: NOW, ...counts },
    ]);
    expect(await listFollowerSnapshots(db, { personaId: "p" })).toEqual([
      { persona_id: "p", captured_at: NOW, followers_count: 123 },
    ]);
  });

  it("respects the schedule on the next tick: only the failed post is retried", async () => {
    const asked: string[] = [];
    const later = NOW + 60_000; // "young" is due at NOW+5 min, beyond the 2-min grace
    const result = await collectInsights({
      db,
      now: later,
      fetchPostInsights: async (post) => (asked.push(post.post_id), { ...counts, views: 20 }),
      fetchFollowers: async () => 124,
    });
    expect(asked).toEqual(["broken"]);
    expect(result.followers_recorded).toBe(1); // q failed last time; p is inside its hour
    const latest = await latestPostMetrics(db, { postIds: ["fresh", "broken", "young"] });
    expect([...latest.keys()].sort()).toEqual(["broken", "fresh"]);
    expect(latest.get("broken")?.views).toBe(20);
  });

  it("caps the number of posts polled per run", async () => {
    const result = await collectInsights({
      db,
      now: NOW + HOUR,
      maxPosts: 1,
      personaIds: [],
      fetchPostInsights: async () => counts,
      fetchFollowers: async () => 0,
    });
    expect(result.posts_due).toBe(3);
    expect(result.posts_polled).toBe(1);
  });
});
