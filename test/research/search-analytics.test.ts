// Search events reach Analytics Engine (docs/analytics-engine.md, "search" column) and the
// search_requests_total counter, from both callers: the pipeline's trend research and
// POST /v1/search/trends. The ANALYTICS binding is replaced by a double that keeps the points.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { obsDb } from "../../workers/db/observability-db.ts";
import { createAppRegistry } from "../../workers/metrics/definitions.ts";
import type { AnalyticsPoint } from "../../workers/metrics/events.ts";
import { Telemetry } from "../../workers/metrics/events.ts";
import { OfflineSearchProvider } from "../../workers/providers/search/offline.ts";
import { settings } from "../../workers/settings/index.ts";
import { SearchTrendResearcher } from "../../workers/providers/trends/searched.ts";
import worker from "../../workers/index.ts";
import { readSearchCounters, recordSearchEvents } from "../../workers/research/counters.ts";
import { API_KEY, BASE } from "../support/helpers.ts";

function analyticsDouble() {
  const points: AnalyticsPoint[] = [];
  return { points, sink: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p as AnalyticsPoint) } };
}

describe("search events in Analytics Engine", () => {
  it("the pipeline's trend research writes one data point per search, labelled with the persona", async () => {
    const ae = analyticsDouble();
    const telemetry = new Telemetry(createAppRegistry(), obsDb(env.DB), ae.sink);
    const researcher = new SearchTrendResearcher({
      db: drizzle(env.DB),
      settings: settings(env).research,
      provider: new OfflineSearchProvider(),
      telemetry,
    });
    await researcher.research({
      topic: "remote work",
      personaTopics: ["burnout"],
      given: null,
      personaId: "calm-founder",
    });
    await researcher.research({
      topic: "remote work",
      personaTopics: ["burnout"],
      given: null,
      personaId: "calm-founder",
    });
    // A miss (searched), then a hit (served from the D1 cache).
    expect(ae.points).toHaveLength(2);
    const [miss, hit] = ae.points;
    expect(miss).toEqual({
      indexes: ["calm-founder"],
      blobs: ["search", "offline", "miss", "", "calm-founder"],
      doubles: [expect.any(Number), 0],
    });
    expect(miss?.doubles[0]).toBeGreaterThanOrEqual(0);
    expect(hit).toEqual({
      indexes: ["calm-founder"],
      blobs: ["search", "offline", "hit", "", "calm-founder"],
      doubles: [0, 0],
    });
    // The same events count in search_requests_total once flushed.
    await telemetry.flush();
    expect(await readSearchCounters(drizzle(env.DB))).toEqual([
      { source: "offline", outcome: "hit", count: 1 },
      { source: "offline", outcome: "miss", count: 1 },
    ]);
  });

  it("POST /v1/search/trends writes its search events through the Worker's ANALYTICS binding", async () => {
    const ae = analyticsDouble();
    const withAnalytics = new Proxy(env, { get: (t, k) => (k === "ANALYTICS" ? ae.sink : Reflect.get(t, k)) });
    const ctx = createExecutionContext();
    const req = new Request<unknown, IncomingRequestCfProperties>(`${BASE}/v1/search/trends`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ topic: "pricing your first SaaS" }),
    });
    const res = await worker.fetch(req, withAnalytics, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const searches = ae.points.filter((p) => p.blobs[0] === "search");
    expect(searches).toEqual([
      { indexes: ["search"], blobs: ["search", "offline", "miss", "", ""], doubles: [expect.any(Number), 0] },
    ]);
    // The request itself is a data point too (the Hono middleware), after the search.
    expect(ae.points.map((p) => p.blobs[0])).toEqual(["search", "request"]);
  });

  it("recordSearchEvents maps errors and durations without touching D1", () => {
    const ae = analyticsDouble();
    const broken = drizzle({
      prepare: () => {
        throw new Error("D1 is down");
      },
    } as unknown as D1Database);
    const telemetry = new Telemetry(createAppRegistry(), broken, ae.sink);
    recordSearchEvents(telemetry, [{ source: "searxng", outcome: "error", errorKind: "timeout", durationMs: 1500 }]);
    expect(ae.points).toEqual([
      { indexes: ["search"], blobs: ["search", "searxng", "error", "", ""], doubles: [1.5, 0] },
    ]);
  });
});
