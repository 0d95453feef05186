import { beforeAll, describe, expect, it } from "vitest";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { recordFollowerSnapshot, recordPostMetrics } from "../../workers/insights/queries.ts";
import { api } from "../support/helpers.ts";
import { kpiTimeseries } from "../../workers/kpis/timeseries.ts";
import { coreDb, DAY, HOUR, NOW, seedPost } from "../support/core-tables.ts";
import { keepD1BetweenTests } from "../support/setup/d1-isolation.ts";

// The fixture below is seeded once and read by every test in this file.
keepD1BetweenTests();

let db: ObsDb;
const zero = { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 };
const D = Date.parse("2026-11-20T00:00:00Z"); // NOW's UTC day

beforeAll(async () => {
  db = await coreDb();
  const m = (post_id: string, captured_at: number, views: number, likes: number) =>
    recordPostMetrics(db, { post_id, persona_id: "x", captured_at, ...zero, views, likes });
  await seedPost({ id: "c0", persona_id: "x", created_at: D - 5 * DAY, cost_usd: 0.1 });
  await seedPost({ id: "c1", persona_id: "x", created_at: D - 2 * DAY + 9 * HOUR, cost_usd: 0.02 });
  await seedPost({
    id: "c2",
    persona_id: "x",
    created_at: D + HOUR,
    cost_usd: 0.03,
    status: "draft",
    published_at: null,
  });
  await m("c0", D - 4 * DAY, 1000, 50); // baseline before the window
  await m("c0", D - DAY + 5 * HOUR, 1100, 52);
  await m("c1", D - 2 * DAY + 10 * HOUR, 100, 10);
  await m("c1", D - 2 * DAY + 20 * HOUR, 300, 20); // the day's last reading wins
  await m("c1", D - DAY + 12 * HOUR, 500, 40);
  await m("c1", D + 11 * HOUR, 600, 45);
  await recordFollowerSnapshot(db, { persona_id: "x", captured_at: D - 4 * DAY, followers_count: 500 });
  await recordFollowerSnapshot(db, { persona_id: "x", captured_at: D - DAY + HOUR, followers_count: 510 });
  await recordFollowerSnapshot(db, { persona_id: "x", captured_at: D - DAY + 9 * HOUR, followers_count: 520 });
});

describe("kpiTimeseries", () => {
  it("returns per-day earned views/interactions, spend and carried-forward followers", async () => {
    const { days } = await kpiTimeseries(db, { windowDays: 3, now: NOW });
    expect(days.map((d) => d.date)).toEqual(["2026-11-18", "2026-11-19", "2026-11-20"]);
    expect(days[0]).toMatchObject({ views: 300, interactions: 20, followers: 500, cost_usd: 0.02 });
    expect(days[0]?.engagement_rate).toBeCloseTo(20 / 300, 12);
    // c1 +200/+20 and c0 +100/+2 (against its pre-window baseline)
    expect(days[1]).toMatchObject({ views: 300, interactions: 22, followers: 520, cost_usd: 0 });
    expect(days[2]).toMatchObject({ views: 100, interactions: 5, followers: 520, cost_usd: 0.03 });
  });

  it("has every day and nulls when there is nothing to measure", async () => {
    const { days } = await kpiTimeseries(db, { personaId: "nobody", windowDays: 30, now: NOW });
    expect(days).toHaveLength(30);
    expect(days.every((d) => d.engagement_rate === null && d.followers === null && d.views === 0)).toBe(true);
  });
});

describe("GET /v1/posts with metrics", () => {
  it("pages newest first with the latest reading per post", async () => {
    type Page = {
      data: { id: string; metrics: { views: number; likes: number; engagement_rate: number | null } | null }[];
      next_cursor: string | null;
    };
    const first = (await (await api("/v1/posts?limit=2")).json()) as Page;
    expect(first.data.map((p) => p.id)).toEqual(["c2", "c1"]);
    expect(first.data[0]?.metrics).toBeNull();
    expect(first.data[1]?.metrics).toMatchObject({ views: 600, likes: 45 });
    expect(first.data[1]?.metrics?.engagement_rate).toBeCloseTo(45 / 600, 12);
    const second = (await (await api(`/v1/posts?limit=2&cursor=${first.next_cursor ?? ""}`)).json()) as Page;
    expect(second.data.map((p) => p.id)).toEqual(["c0"]);
    expect(second.next_cursor).toBeNull();
  });
});
