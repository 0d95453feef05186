import { describe, expect, it } from "vitest";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { parsePrometheusText, sampleValue } from "../support/prom-parse.ts";

type ErrorBody = { error: { message: string } };

describe("/metrics after a generated post", () => {
  it("counts tokens per model, posts by status, queue outcomes and step latency", async () => {
    await createPersona();
    expect((await waitForTask(await submitTask({ persona_id: "calm-founder", topic: "pricing" }))).status).toBe(
      "succeeded",
    );
    // Counters flush after the response; give the waitUntil a moment.
    await new Promise((r) => setTimeout(r, 200));

    expect((await api("/metrics", { key: null })).status).toBe(401);
    const res = await api("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const families = parsePrometheusText(await res.text());
    const sample = (name: string, labels: Record<string, string>) => sampleValue(families, name, labels);

    expect(sample("llm_tokens_total", { model: "offline-writer-1", kind: "prompt" })).toBeGreaterThan(0);
    expect(sample("llm_tokens_total", { model: "offline-writer-1", kind: "completion" })).toBeGreaterThan(0);
    expect(sample("posts_generated_total", { persona_id: "calm-founder", status: "succeeded" })).toBe(1);
    expect(sample("queue_messages_total", { queue: "generate", outcome: "ack" })).toBe(1);
    expect(sample("request_latency_seconds_count", { route: "pipeline", phase: "pipeline_step:hook" })).toBe(1);
    expect(sample("request_latency_seconds_count", { route: "/v1/tasks", phase: "api" })).toBeGreaterThanOrEqual(1);
    // trend_research searched the offline source once (no SEARXNG_URL in tests).
    expect(sample("search_requests_total", { source: "offline", outcome: "miss" })).toBe(1);
  });
});

describe("KPI, alert and report routes", () => {
  it("answer from stored data and need the key", async () => {
    const kpis = (await (await api("/v1/kpis?window=30d")).json()) as Record<string, unknown>;
    expect(kpis).toMatchObject({
      posts_published: 0,
      engagement_rate: null,
      goals: { engagement_rate: 0.06, cost_per_follow_usd: 0.01, revenue_monthly_usd: 20000 },
    });
    const series = (await (await api("/v1/kpis/timeseries?window=7d")).json()) as { days: unknown[] };
    expect(series.days).toHaveLength(7);
    expect(await (await api("/v1/alerts?status=firing")).json()).toEqual({ data: [], next_cursor: null });
    expect((await api("/v1/reports/daily?date=2026-11-20")).status).toBe(200);
    for (const path of ["/v1/kpis", "/v1/alerts", "/v1/reports/daily"])
      expect((await api(path, { key: null })).status).toBe(401);
  });

  it.each([
    ["/v1/kpis?window=90d", "window"],
    ["/v1/kpis?persona_id=Bad%20Id", "persona_id"],
    ["/v1/alerts?status=sleepy", "status"],
    ["/v1/reports/daily?date=yesterday", "date"],
  ])("answers 400 naming the field for %s", async (path, field) => {
    const res = await api(path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toContain(field);
  });

  it("answers 404 when acknowledging an unknown alert", async () => {
    expect((await api("/v1/alerts/alrt_nope/ack", { method: "POST" })).status).toBe(404);
  });
});
