import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { ObsDb } from "../../workers/db/observability-db.ts";
import { obsDb } from "../../workers/db/observability-db.ts";
import { recordFollowerSnapshot, recordPostMetrics } from "../../workers/insights/queries.ts";
import { DEFAULT_REVENUE_MODEL } from "../../workers/kpis/revenue.ts";
import { createAppRegistry, METRIC } from "../../workers/metrics/definitions.ts";
import type { AnalyticsPoint } from "../../workers/metrics/events.ts";
import { recordEvent, Telemetry } from "../../workers/metrics/events.ts";
import { renderExposition } from "../../workers/metrics/exposition.ts";
import { renderMetrics } from "../../workers/metrics/scrape.ts";
import { requestMetrics } from "../../workers/metrics/telemetry.ts";
import { coreDb, DAY, HOUR, NOW, seedPost } from "../support/core-tables.ts";
import { parsePrometheusText, sampleValue } from "../support/prom-parse.ts";

let db: ObsDb;
beforeAll(async () => {
  db = await coreDb();
});

describe("durable counters", () => {
  it("sums increments from two isolates (two registries sharing D1)", async () => {
    const isolateA = new Telemetry(createAppRegistry(), obsDb(env.DB));
    const isolateB = new Telemetry(createAppRegistry(), obsDb(env.DB));
    recordEvent(isolateA, { type: "llm_tokens", model: "gpt-x", kind: "prompt", tokens: 100 });
    recordEvent(isolateA, { type: "llm_tokens", model: "gpt-x", kind: "prompt", tokens: 20 });
    recordEvent(isolateB, { type: "llm_tokens", model: "gpt-x", kind: "prompt", tokens: 5 });
    recordEvent(isolateB, { type: "queue_message", queue: "generate", outcome: "ack" });
    recordEvent(isolateA, { type: "request", route: "/v1/tasks", phase: "pipeline_step:hook", duration_s: 0.3 });
    recordEvent(isolateB, { type: "request", route: "/v1/tasks", phase: "pipeline_step:hook", duration_s: 42 });
    await Promise.all([isolateA.flush(), isolateB.flush()]);
    recordEvent(isolateA, { type: "queue_message", queue: "generate", outcome: "ack" });
    await isolateA.flush();

    // A third isolate that recorded nothing scrapes the totals.
    const fams = parsePrometheusText(renderExposition(await createAppRegistry().collect(db)));
    expect(sampleValue(fams, METRIC.llmTokens, { model: "gpt-x", kind: "prompt" })).toBe(125);
    expect(sampleValue(fams, METRIC.queueMessages, { queue: "generate", outcome: "ack" })).toBe(2);
    const lat = { route: "/v1/tasks", phase: "pipeline_step:hook" };
    expect(sampleValue(fams, `${METRIC.requestLatency}_count`, lat)).toBe(2);
    expect(sampleValue(fams, `${METRIC.requestLatency}_bucket`, { ...lat, le: "0.5" })).toBe(1);
    expect(sampleValue(fams, `${METRIC.requestLatency}_bucket`, { ...lat, le: "60" })).toBe(2);
  });

  it("writes the same events to Analytics Engine with the documented schema", () => {
    const points: AnalyticsPoint[] = [];
    const t = new Telemetry(createAppRegistry(), db, { writeDataPoint: (p) => void points.push(p as AnalyticsPoint) });
    t.record({ type: "llm_tokens", model: "m", kind: "completion", tokens: 7, cost_usd: 0.001, persona_id: "p1" });
    t.record({ type: "request", route: "/v1/posts", phase: "api", status: 200, duration_s: 0.05 });
    expect(points).toEqual([
      { indexes: ["p1"], blobs: ["llm_tokens", "m", "completion", "", "p1"], doubles: [7, 0.001] },
      { indexes: ["request"], blobs: ["request", "/v1/posts", "api", "200", ""], doubles: [0.05, 0] },
    ]);
  });

  it("the Hono middleware records the route pattern and flushes after the response", async () => {
    const app = new Hono<{ Bindings: Env }>();
    app.use("*", requestMetrics());
    app.get("/v1/things/:id", (c) => c.json({ id: c.req.param("id") }));
    const ctx = createExecutionContext();
    const res = await app.request("/v1/things/abc", {}, env, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    const fams = parsePrometheusText(renderExposition(await createAppRegistry().collect(db)));
    expect(sampleValue(fams, `${METRIC.requestLatency}_count`, { route: "/v1/things/:id", phase: "api" })).toBe(1);
  });
});

describe("counters buffered per isolate", () => {
  it("writes to D1 at most once per flush interval, and a scrape adds what is not flushed yet", async () => {
    let writes = 0;
    const counted = new Proxy(env.DB, {
      get: (t, k) =>
        k === "batch" ? (...a: Parameters<D1Database["batch"]>) => (writes++, t.batch(...a)) : Reflect.get(t, k, t),
    });
    const clock = { lastFlushAt: NOW };
    // Two "requests" of one isolate share the registry and the clock, as createTelemetry's do.
    const registry = createAppRegistry();
    const first = new Telemetry(registry, obsDb(counted), undefined, clock, 10_000);
    const second = new Telemetry(registry, obsDb(counted), undefined, clock, 10_000);
    first.record({ type: "queue_message", queue: "generate", outcome: "ack" });
    await first.flushIfDue(NOW + 1_000);
    second.record({ type: "queue_message", queue: "generate", outcome: "ack" });
    await second.flushIfDue(NOW + 9_999);
    expect(writes).toBe(0);
    const unflushed = second.unflushed();
    const scraped = parsePrometheusText(
      await renderMetrics({ db, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL, unflushed }),
    );
    expect(sampleValue(scraped, METRIC.queueMessages, { queue: "generate", outcome: "ack" })).toBe(2);
    expect(writes).toBe(0); // the scrape wrote nothing

    await second.flushIfDue(NOW + 10_000);
    expect(writes).toBe(1);
    expect(second.unflushed()).toEqual([]);
    const stored = parsePrometheusText(renderExposition(await createAppRegistry().collect(db)));
    expect(sampleValue(stored, METRIC.queueMessages, { queue: "generate", outcome: "ack" })).toBe(2);
    await first.flushIfDue(NOW + 15_000); // nothing new, and not due again yet
    expect(writes).toBe(1);
  });

  it("keeps increments whose flush failed for the next one", async () => {
    const broken = obsDb({
      prepare: () => {
        throw new Error("D1 is down");
      },
      batch: () => Promise.reject(new Error("D1 is down")),
    } as unknown as D1Database);
    const registry = createAppRegistry();
    const t = new Telemetry(registry, broken, undefined, { lastFlushAt: 0 }, 0);
    t.record({ type: "queue_message", queue: "publish", outcome: "retry" });
    await t.flushIfDue(NOW); // logged, not thrown
    await new Telemetry(registry, db).flush();
    const stored = parsePrometheusText(renderExposition(await createAppRegistry().collect(db)));
    expect(sampleValue(stored, METRIC.queueMessages, { queue: "publish", outcome: "retry" })).toBe(1);
  });
});

describe("GET /metrics body", () => {
  it("exports business gauges computed from D1 and omits undefined ones", async () => {
    await seedPost({ id: "g1", persona_id: "good", created_at: NOW - DAY, cost_usd: 0.5 });
    await seedPost({ id: "q1", persona_id: "quiet", created_at: NOW - DAY, cost_usd: 0.1 });
    await recordPostMetrics(db, {
      post_id: "g1",
      persona_id: "good",
      captured_at: NOW - HOUR,
      views: 200,
      likes: 10,
      replies: 2,
      reposts: 0,
      quotes: 0,
      shares: 0,
    });
    await recordFollowerSnapshot(db, { persona_id: "good", captured_at: NOW - 2 * DAY, followers_count: 100 });
    await recordFollowerSnapshot(db, { persona_id: "good", captured_at: NOW - HOUR, followers_count: 150 });
    const fams = parsePrometheusText(await renderMetrics({ db, now: NOW, revenueModel: DEFAULT_REVENUE_MODEL }));
    expect(sampleValue(fams, METRIC.engagementRate, { persona_id: "good" })).toBeCloseTo(12 / 200, 12);
    expect(sampleValue(fams, METRIC.costPerFollow, { persona_id: "good" })).toBeCloseTo(0.5 / 50, 12);
    expect(sampleValue(fams, METRIC.engagementRate, { persona_id: "quiet" })).toBeUndefined();
    // (150 + 50 × 30/30) × $0.05
    expect(sampleValue(fams, METRIC.revenueProjection)).toBeCloseTo(10, 9);
    for (const name of [METRIC.postsGenerated, METRIC.searchRequests, METRIC.requestLatency]) {
      expect(fams.get(name)?.type).toBeDefined();
    }
  });
});
