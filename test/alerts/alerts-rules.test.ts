import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ALERT_CONFIG, alertConfig } from "../../workers/alerts/config.ts";
import { settings } from "../../workers/settings/index.ts";
import { ALERT_RULES } from "../../workers/alerts/rules.ts";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { recordFollowerSnapshot, recordPostMetrics } from "../../workers/insights/queries.ts";
import { coreDb, DAY, HOUR, NOW, seedPost, seedTask } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

let db: ObsDb;
const zero = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
const run = (name: string, config = DEFAULT_ALERT_CONFIG) => {
  const rule = ALERT_RULES.find((r) => r.name === name);
  if (!rule) throw new Error(name);
  return rule.evaluate({ db, now: NOW, config, accountsNeedingReauth: [] });
};

beforeAll(async () => {
  db = await coreDb();
  // Latency: 6 succeeded tasks today; durations 10..60 s except one of 300 s → p95 = 300 s.
  for (const [i, s] of [10, 20, 30, 40, 60, 300].entries()) {
    await seedTask({
      id: `lt${i}`,
      persona_id: "slow",
      status: "succeeded",
      created_at: NOW - HOUR,
      finished_at: NOW - HOUR + s * 1000,
    });
  }
  // Spend: $6 today (budget $5), $100 yesterday (another day).
  await seedPost({
    id: "s1",
    persona_id: "spendy",
    created_at: NOW - HOUR,
    cost_usd: 4,
    status: "draft",
    published_at: null,
  });
  await seedPost({
    id: "s2",
    persona_id: "spendy",
    created_at: NOW - 2 * HOUR,
    cost_usd: 2,
    status: "draft",
    published_at: null,
  });
  await seedPost({
    id: "s0",
    persona_id: "spendy",
    created_at: NOW - DAY,
    cost_usd: 100,
    status: "draft",
    published_at: null,
  });
  // Engagement: "dull" has 3 posts at 1%, 2%, 9% (median 2% < 4%); one 3-view post is ignored.
  for (const [i, likes] of [1, 2, 9].entries()) {
    await seedPost({ id: `d${i}`, persona_id: "dull", created_at: NOW - DAY });
    await recordPostMetrics(db, {
      post_id: `d${i}`,
      persona_id: "dull",
      captured_at: NOW - HOUR,
      ...zero,
      views: 100,
      likes,
    });
  }
  await seedPost({ id: "d9", persona_id: "dull", created_at: NOW - DAY });
  await recordPostMetrics(db, {
    post_id: "d9",
    persona_id: "dull",
    captured_at: NOW - HOUR,
    ...zero,
    views: 3,
    likes: 3,
  });
  // Cost per follow: "pricey" spent $1 (posts created >24h ago) for 20 followers = $0.05; "stuck" $2 for none.
  await seedPost({ id: "c1", persona_id: "pricey", created_at: NOW - 2 * DAY, cost_usd: 1 });
  await recordFollowerSnapshot(db, { persona_id: "pricey", captured_at: NOW - 3 * DAY, followers_count: 100 });
  await recordFollowerSnapshot(db, { persona_id: "pricey", captured_at: NOW - HOUR, followers_count: 120 });
  await seedPost({ id: "c2", persona_id: "stuck", created_at: NOW - 2 * DAY, cost_usd: 2 });
  await recordFollowerSnapshot(db, { persona_id: "stuck", captured_at: NOW - 3 * DAY, followers_count: 50 });
  await recordFollowerSnapshot(db, { persona_id: "stuck", captured_at: NOW - HOUR, followers_count: 50 });
});

describe("alert rules", () => {
  it("p95 generation latency over threshold (warning)", async () => {
    const [f] = await run("generation_latency_p95");
    expect(f?.details).toMatchObject({ p95_seconds: 300, samples: 6, threshold_seconds: 120 });
    expect(await run("generation_latency_p95", { ...DEFAULT_ALERT_CONFIG, p95LatencySeconds: 300 })).toEqual([]);
    expect(await run("generation_latency_p95", { ...DEFAULT_ALERT_CONFIG, latencyMinSamples: 7 })).toEqual([]);
  });

  it("daily LLM cost over budget, one incident per UTC day", async () => {
    const [f] = await run("daily_llm_cost");
    expect(f?.fingerprint).toBe("daily_llm_cost:2026-11-20");
    expect(f?.details).toMatchObject({ cost_usd: 6, budget_usd: 5 });
    expect(await run("daily_llm_cost", alertConfig(settings({ DAILY_LLM_BUDGET_USD: "10" })))).toEqual([]);
  });

  it("median engagement below 4% per persona (business)", async () => {
    const findings = await run("median_engagement_low");
    expect(findings.map((f) => f.fingerprint)).toEqual(["median_engagement_low:dull"]);
    expect(findings[0]?.details).toMatchObject({ posts: 3 });
    expect(findings[0]?.details.median_engagement_rate).toBeCloseTo(0.02, 12);
  });

  it("cost per follow above $0.02, or spend with no follower growth (business)", async () => {
    const findings = await run("cost_per_follow_high");
    const byFp = Object.fromEntries(findings.map((f) => [f.fingerprint, f.details]));
    expect(Object.keys(byFp).sort()).toEqual(["cost_per_follow_high:pricey", "cost_per_follow_high:stuck"]);
    expect(byFp["cost_per_follow_high:pricey"]?.cost_per_follow_usd).toBeCloseTo(0.05, 12);
    expect(byFp["cost_per_follow_high:stuck"]).toMatchObject({ cost_per_follow_usd: null, followers_gained: 0 });
  });

  it("post failure rate above 10%, unless there are too few samples", async () => {
    await seedTask({ id: "lone", persona_id: "x", status: "failed", created_at: NOW - HOUR, finished_at: NOW - 1000 });
    const findings = await run("post_failure_rate"); // 1 failed of 7 finished: 14.3%
    expect(findings.map((f) => f.fingerprint)).toEqual([
      "post_failure_rate:generation:1h",
      "post_failure_rate:generation:24h",
    ]);
    expect(findings[0]?.details).toMatchObject({ failed: 1, total: 7 });
    expect(await run("post_failure_rate", { ...DEFAULT_ALERT_CONFIG, failureRateMinSamples: 8 })).toEqual([]);
    expect(await run("post_failure_rate", { ...DEFAULT_ALERT_CONFIG, failureRate: 0.15 })).toEqual([]);
  });

  it("publish failures count against published + failed posts", async () => {
    for (let i = 0; i < 4; i++) {
      await seedPost({
        id: `pf${i}`,
        persona_id: "x",
        created_at: NOW - 2 * HOUR,
        status: "failed",
        published_at: null,
      });
    }
    // 4 failed vs 4 published (d0–d2, d9) in 24 h: 50%
    const findings = await run("post_failure_rate", { ...DEFAULT_ALERT_CONFIG, failureRate: 0.4 });
    expect(await run("post_failure_rate", { ...DEFAULT_ALERT_CONFIG, failureRate: 0.5 })).toEqual([]);
    expect(findings.map((f) => f.fingerprint)).toContain("post_failure_rate:publish:24h");
    expect(findings.find((f) => f.fingerprint === "post_failure_rate:publish:24h")?.details).toMatchObject({
      failed: 4,
      total: 8,
    });
  });
});
