import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ALERT_CONFIG } from "../../workers/alerts/config.ts";
import { evaluateAlerts } from "../../workers/alerts/engine.ts";
import { ALERT_RULES } from "../../workers/alerts/rules.ts";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { recordPostMetrics } from "../../workers/insights/queries.ts";
import { buildDailyReport } from "../../workers/report/daily.ts";
import { coreDb, DAY, HOUR, seedPost, seedTask } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

let db: ObsDb;
const D = Date.parse("2026-11-19T00:00:00Z");
const zero = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };

beforeAll(async () => {
  db = await coreDb();
  // Tasks created on the 19th: 4 succeeded (10, 20, 30, 100 s), 1 failed, 1 duplicate, 1 running.
  const durations = [10, 20, 30, 100];
  for (const [i, s] of durations.entries()) {
    await seedTask({
      id: `ok${i}`,
      persona_id: "p",
      status: "succeeded",
      created_at: D + HOUR,
      finished_at: D + HOUR + s * 1000,
    });
  }
  await seedTask({
    id: "bad",
    persona_id: "p",
    status: "failed",
    created_at: D + 2 * HOUR,
    finished_at: D + 2 * HOUR + 5000,
  });
  await seedTask({
    id: "dup",
    persona_id: "p",
    status: "duplicate",
    created_at: D + 3 * HOUR,
    finished_at: D + 3 * HOUR + 5000,
  });
  await seedTask({ id: "run", persona_id: "q", status: "running", created_at: D + 23 * HOUR });
  await seedTask({
    id: "other-day",
    persona_id: "p",
    status: "failed",
    created_at: D - HOUR,
    finished_at: D - HOUR + 1,
  });
  // Posts: 5 published over the week with engagement 10%, 5%, 2%, 8%, and one with 10 views.
  const posts: [string, number, number, number][] = [
    ["top", D - 2 * DAY, 1000, 100],
    ["mid", D - DAY, 1000, 50],
    ["low", D + HOUR, 500, 10],
    ["good", D + 2 * HOUR, 500, 40],
    ["tiny", D + 3 * HOUR, 10, 9],
  ];
  for (const [id, at, views, likes] of posts) {
    await seedPost({
      id,
      persona_id: id === "mid" ? "q" : "p",
      created_at: at,
      cost_usd: 0.01,
      prompt_tokens: 1000,
      completion_tokens: 200,
    });
    await recordPostMetrics(db, { post_id: id, persona_id: "p", captured_at: D + 20 * HOUR, ...zero, views, likes });
  }
  await recordPostMetrics(db, {
    post_id: "low",
    persona_id: "p",
    captured_at: D + DAY + HOUR,
    ...zero,
    views: 5000,
    likes: 4000,
  }); // next day: ignored
  await seedPost({
    id: "f1",
    persona_id: "p",
    created_at: D + 4 * HOUR,
    cost_usd: 0.02,
    status: "failed",
    published_at: null,
  });
  // An alert that fires on the 19th (1 failed of 3 finished in the hour after 02:00).
  const reauth = ALERT_RULES.filter((r) => r.name === "account_needs_reauth");
  await evaluateAlerts({
    db,
    now: D + 5 * HOUR,
    config: DEFAULT_ALERT_CONFIG,
    notify: async () => {},
    rules: reauth,
    accountsNeedingReauth: [{ persona_id: "p" }],
  });
});

describe("buildDailyReport", () => {
  it("summarises the day: success, latency, cost, alerts, best and worst posts", async () => {
    const r = await buildDailyReport(db, { date: "2026-11-19", topN: 2 });
    expect(r.window).toEqual({ start: D, end: D + DAY - 1 });
    expect(r.tasks).toEqual({
      total: 7,
      by_status: { succeeded: 4, failed: 1, duplicate: 1, running: 1 },
      finished: 6,
      success_rate: 4 / 6,
      failure_rate: 1 / 6,
    });
    expect(r.latency).toEqual({ samples: 4, p50_ms: 20_000, p95_ms: 100_000, max_ms: 100_000 });
    expect(r.costs.posts_created).toBe(4); // low, good, tiny, f1
    expect(r.costs.llm_usd).toBeCloseTo(0.05, 12);
    expect(r.costs.prompt_tokens).toBe(3100); // 3 × 1000 + f1's 100
    expect(r.posts).toEqual({ published: 3, failed: 1 });
    expect(r.alerts.fired.map((a) => a.rule)).toEqual(["account_needs_reauth"]);
    expect(r.alerts.open_at_end).toHaveLength(1);
    expect(r.engagement.ranked_posts).toBe(4); // "tiny" is under min_views
    expect(r.engagement.top.map((p) => p.post_id)).toEqual(["top", "good"]);
    expect(r.engagement.bottom.map((p) => p.post_id)).toEqual(["low", "mid"]);
    expect(r.engagement.top[0]?.engagement_rate).toBeCloseTo(0.1, 12);
  });

  it("an empty day is all zeros and nulls, never NaN", async () => {
    const r = await buildDailyReport(db, { date: "2026-10-01" });
    expect(r.tasks).toEqual({ total: 0, by_status: {}, finished: 0, success_rate: null, failure_rate: null });
    expect(r.latency).toEqual({ samples: 0, p50_ms: null, p95_ms: null, max_ms: null });
    expect(r.engagement.top).toEqual([]);
    expect(r.alerts.fired).toEqual([]);
    await expect(buildDailyReport(db, { date: "2026-02-30" })).rejects.toMatchObject({ code: "bad_request" });
  });
});
