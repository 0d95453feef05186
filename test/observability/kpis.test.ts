import { beforeAll, describe, expect, it } from "vitest";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { recordFollowerSnapshot, recordPostMetrics } from "../../workers/insights/queries.ts";
import { computeKpis, computeKpisByPersona } from "../../workers/kpis/compute.ts";
import { settings } from "../../workers/settings/index.ts";
import { DEFAULT_REVENUE_MODEL } from "../../workers/kpis/revenue.ts";
import { coreDb, DAY, HOUR, NOW, seedPost } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

const zero = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
let db: ObsDb;

// Hand-computed fixture (see expectations below):
// a1: published NOW-2d, latest reading (as of NOW) 1000 views, 40+10+5+3+2 = 60 interactions
// a2: published NOW-3d, 500 views, 25 interactions
// a3: published NOW-10d (30d window only), 2000 views, 100 interactions
// a4: a draft created NOW-1d that cost $0.50 (spend counts whatever the status)
// b1: published NOW-1d, a reading with 0 views
beforeAll(async () => {
  db = await coreDb();
  await seedPost({ id: "a1", persona_id: "a", created_at: NOW - 2 * DAY, cost_usd: 0.02 });
  await seedPost({ id: "a2", persona_id: "a", created_at: NOW - 3 * DAY, cost_usd: 0.03 });
  await seedPost({ id: "a3", persona_id: "a", created_at: NOW - 10 * DAY, cost_usd: 0.05 });
  await seedPost({
    id: "a4",
    persona_id: "a",
    created_at: NOW - DAY,
    cost_usd: 0.5,
    status: "draft",
    published_at: null,
    threads_media_id: null,
  });
  await seedPost({ id: "b1", persona_id: "b", created_at: NOW - DAY, cost_usd: 0.01 });
  const m = (post_id: string, persona_id: string, captured_at: number, c: Partial<typeof zero>) =>
    recordPostMetrics(db, { post_id, persona_id, captured_at, ...zero, ...c });
  await m("a1", "a", NOW - 2 * DAY + HOUR, { views: 100, likes: 5 });
  await m("a1", "a", NOW - DAY, { views: 1000, likes: 40, replies: 10, reposts: 5, quotes: 3, shares: 2 });
  await m("a1", "a", NOW + HOUR, { views: 5000, likes: 400 }); // after "now": must be ignored
  await m("a2", "a", NOW - 2 * DAY, { views: 500, likes: 20, replies: 5 });
  await m("a3", "a", NOW - 5 * DAY, { views: 2000, likes: 100 });
  await m("b1", "b", NOW - HOUR, {});
  const f = (persona_id: string, captured_at: number, followers_count: number) =>
    recordFollowerSnapshot(db, { persona_id, captured_at, followers_count });
  await f("a", NOW - 8 * DAY, 900);
  await f("a", NOW - 6 * DAY, 1000);
  await f("a", NOW - 3 * DAY, 1050);
  await f("a", NOW - HOUR, 1100);
  await f("b", NOW - 2 * DAY, 50);
});

describe("computeKpis", () => {
  it("pools engagement, followers, cost and revenue over all personas (7d)", async () => {
    const k = await computeKpis(db, { windowDays: 7, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(k.persona_id).toBeNull();
    expect(k.window).toEqual({ label: "7d", days: 7, start: NOW - 7 * DAY, end: NOW });
    expect(k.engagement_rate).toBeCloseTo(85 / 1500, 12);
    expect(k.inputs.views).toBe(1500);
    expect(k.inputs.interactions).toBe(85);
    expect(k.followers_gained).toBe(100); // a: 1100 − 1000; b has one snapshot only
    expect(k.cost_usd).toBeCloseTo(0.56, 12);
    expect(k.cost_per_follow_usd).toBeCloseTo(0.0056, 12);
    expect(k.posts_published).toBe(3);
    // per_follower: (1100 + 50 + 100 × 30/7) × $0.05
    expect(k.revenue_projection_monthly_usd).toBeCloseTo((1150 + (100 * 30) / 7) * 0.05, 9);
    expect(k.inputs.revenue.model).toEqual(DEFAULT_REVENUE_MODEL);
    expect(k.goals).toEqual({ engagement_rate: 0.06, cost_per_follow_usd: 0.01, revenue_monthly_usd: 20000 });
  });

  it("widens to 30 days", async () => {
    const k = await computeKpis(db, { windowDays: 30, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(k.engagement_rate).toBeCloseTo(185 / 3500, 12);
    expect(k.followers_gained).toBe(200);
    expect(k.cost_usd).toBeCloseTo(0.61, 12);
    expect(k.cost_per_follow_usd).toBeCloseTo(0.61 / 200, 12);
    expect(k.posts_published).toBe(4);
  });

  it("computes one persona and returns null where a KPI is undefined", async () => {
    const a = await computeKpis(db, { personaId: "a", windowDays: 7, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(a.engagement_rate).toBeCloseTo(85 / 1500, 12);
    expect(a.cost_usd).toBeCloseTo(0.55, 12);
    expect(a.cost_per_follow_usd).toBeCloseTo(0.0055, 12);
    const b = await computeKpis(db, { personaId: "b", windowDays: 7, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(b.engagement_rate).toBeNull(); // 0 views
    expect(b.followers_gained).toBeNull(); // one snapshot
    expect(b.cost_per_follow_usd).toBeNull();
    expect(b.revenue_projection_monthly_usd).toBeCloseTo(2.5, 12); // 50 followers × $0.05
    const none = await computeKpis(db, {
      personaId: "nobody",
      windowDays: 7,
      now: NOW,
      revenueModel: DEFAULT_REVENUE_MODEL,
    });
    expect(none).toMatchObject({
      engagement_rate: null,
      followers_gained: null,
      cost_usd: 0,
      cost_per_follow_usd: null,
      posts_published: 0,
      revenue_projection_monthly_usd: null,
    });
  });

  it("does not divide by zero or negative follower growth", async () => {
    await recordFollowerSnapshot(db, { persona_id: "c", captured_at: NOW - 2 * DAY, followers_count: 10 });
    await recordFollowerSnapshot(db, { persona_id: "c", captured_at: NOW - DAY, followers_count: 8 });
    await seedPost({
      id: "c1",
      persona_id: "c",
      created_at: NOW - DAY,
      cost_usd: 1,
      status: "failed",
      published_at: null,
    });
    const c = await computeKpis(db, { personaId: "c", windowDays: 7, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(c.followers_gained).toBe(-2);
    expect(c.cost_per_follow_usd).toBeNull();
    expect(c.cost_usd).toBe(1);
  });

  it("applies the conversion model to reach extrapolated to 30 days", async () => {
    const model = settings({ REVENUE_MODEL: '{"kind":"conversion","conversion_rate":0.01,"price_usd":29}' })
      .observability.revenueModel;
    const k = await computeKpis(db, { personaId: "a", windowDays: 7, now: NOW, revenueModel: model });
    expect(k.inputs.revenue.audience_basis).toBe("views");
    expect(k.inputs.revenue.audience_30d).toBeCloseTo((1500 * 30) / 7, 9);
    expect(k.revenue_projection_monthly_usd).toBeCloseTo(((1500 * 30) / 7) * 0.01 * 29, 9);
  });

  it("breaks KPIs down per persona from one set of queries", async () => {
    const all = await computeKpisByPersona(db, { windowDays: 7, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL });
    expect(all.map((k) => k.persona_id)).toEqual(["a", "b", "c"]);
    expect(all[0]?.engagement_rate).toBeCloseTo(85 / 1500, 12);
  });
});

describe("REVENUE_MODEL", () => {
  it("defaults when unset; a malformed one falls back to the default and is reported, never thrown", () => {
    expect(settings({}).observability.revenueModel).toEqual(DEFAULT_REVENUE_MODEL);
    for (const raw of ["{nope", '{"kind":"conversion","conversion_rate":2,"price_usd":1}']) {
      const s = settings({ REVENUE_MODEL: raw });
      expect(s.observability.revenueModel).toEqual(DEFAULT_REVENUE_MODEL);
      expect(s.problems.join("\n")).toMatch(/^REVENUE_MODEL (is not valid JSON|does not match)/m);
    }
  });
});
