import type { ObsDb } from "../db/observability-db.ts";
import { METRIC } from "./definitions.ts";
import type { MetricRegistry } from "./registry.ts";

// One call per thing that happened: recordEvent() updates the durable Prometheus counters
// (buffered per isolate, flushed to D1 at most every METRICS_FLUSH_INTERVAL_MS) and writes the same event to Workers Analytics
// Engine, whose schema is documented in docs/analytics-engine.md:
//
//   index1  persona_id when known, else the event type   (AE's sampling key)
//   blob1   event type          request | llm_tokens | post_generated | search | queue_message | post_publish
//   blob2   subject             route | model | persona_id | source | queue | persona_id
//   blob3   qualifier           phase | kind | status | outcome | outcome | outcome
//   blob4   HTTP status ("200") for request, else ""
//   blob5   persona_id or ""
//   double1 value               seconds (request, search) | tokens | 1 (post_generated, queue_message, post_publish)
//   double2 cost_usd            llm_tokens, post_generated; else 0

export type TelemetryEvent =
  | { type: "request"; route: string; phase: string; duration_s: number; status?: number; persona_id?: string }
  | {
      type: "llm_tokens";
      model: string;
      kind: "prompt" | "completion";
      tokens: number;
      cost_usd?: number;
      persona_id?: string;
    }
  | { type: "post_generated"; persona_id: string; status: string; cost_usd?: number }
  | { type: "search"; source: string; outcome: string; duration_s?: number; persona_id?: string }
  | { type: "queue_message"; queue: string; outcome: string; persona_id?: string }
  /** One publish attempt's outcome: published | skipped | retry | deferred | held | failed | error. */
  | { type: "post_publish"; persona_id: string; outcome: string };

export type AnalyticsSink = Pick<AnalyticsEngineDataset, "writeDataPoint">;

export type AnalyticsPoint = {
  indexes: [string];
  blobs: [string, string, string, string, string];
  doubles: [number, number];
};

export function analyticsPoint(e: TelemetryEvent): AnalyticsPoint {
  const persona = e.persona_id ?? "";
  const point = (subject: string, qualifier: string, value: number, cost = 0, extra = ""): AnalyticsPoint => ({
    indexes: [persona === "" ? e.type : persona],
    blobs: [e.type, subject, qualifier, extra, persona],
    doubles: [value, cost],
  });
  switch (e.type) {
    case "request":
      return point(e.route, e.phase, e.duration_s, 0, e.status === undefined ? "" : String(e.status));
    case "llm_tokens":
      return point(e.model, e.kind, e.tokens, e.cost_usd ?? 0);
    case "post_generated":
      return point(e.persona_id, e.status, 1, e.cost_usd ?? 0);
    case "search":
      return point(e.source, e.outcome, e.duration_s ?? 0);
    case "queue_message":
      return point(e.queue, e.outcome, 1);
    case "post_publish":
      return point(e.persona_id, e.outcome, 1);
  }
}

export function applyToRegistry(registry: MetricRegistry, e: TelemetryEvent): void {
  switch (e.type) {
    case "request":
      registry.observe(METRIC.requestLatency, { route: e.route, phase: e.phase }, e.duration_s);
      return;
    case "llm_tokens":
      registry.inc(METRIC.llmTokens, { model: e.model, kind: e.kind }, e.tokens);
      return;
    case "post_generated":
      registry.inc(METRIC.postsGenerated, { persona_id: e.persona_id, status: e.status });
      return;
    case "search":
      registry.inc(METRIC.searchRequests, { source: e.source, outcome: e.outcome });
      return;
    case "queue_message":
      registry.inc(METRIC.queueMessages, { queue: e.queue, outcome: e.outcome });
      return;
    case "post_publish":
      registry.inc(METRIC.postsPublished, { persona_id: e.persona_id, outcome: e.outcome });
      return;
  }
}

/**
 * Counters reach D1 at most this often per isolate (METRICS_FLUSH_SECONDS), so no request,
 * step or queue message pays a D1 write for metrics; a scrape adds the scraping isolate's
 * unflushed part (see scrape.ts). What an isolate buffered since its last flush is lost if it
 * is evicted before the next one.
 */
export const DEFAULT_METRICS_FLUSH_MS = 10_000;

/** When a registry was last flushed: shared by every Telemetry over the same registry. */
export interface FlushClock {
  lastFlushAt: number;
}

/** Records events into a registry and Analytics Engine; flushIfDue() writes the registry to D1 now and then. */
export class Telemetry {
  constructor(
    private readonly registry: MetricRegistry,
    private readonly db: ObsDb,
    private readonly analytics?: AnalyticsSink,
    private readonly clock: FlushClock = { lastFlushAt: 0 },
    private readonly flushEveryMs = DEFAULT_METRICS_FLUSH_MS,
  ) {}

  record(e: TelemetryEvent): void {
    applyToRegistry(this.registry, e);
    try {
      // writeDataPoint is fire-and-forget; AE being unavailable must never fail a request.
      this.analytics?.writeDataPoint(analyticsPoint(e));
    } catch (err) {
      console.warn("analytics engine write failed", err);
    }
  }

  /** Persists buffered counter increments to D1 in one batch. */
  flush(now = Date.now()): Promise<void> {
    this.clock.lastFlushAt = now;
    return this.registry.flush(this.db, now);
  }

  /** Flushes when the last flush of this registry is `flushEveryMs` old; never throws. */
  private due(now: number): boolean {
    return now - this.clock.lastFlushAt >= this.flushEveryMs && this.registry.pendingCount > 0;
  }

  async flushIfDue(now = Date.now()): Promise<void> {
    if (!this.due(now)) return;
    await this.flush(now).catch((err: unknown) =>
      console.error(JSON.stringify({ event: "metrics.flush_failed", error: String(err) })),
    );
  }

  /** ctx.waitUntil(flushIfDue): a request only carries the flush when one is due. */
  flushLater(ctx: Pick<ExecutionContext, "waitUntil">): void {
    if (this.due(Date.now())) ctx.waitUntil(this.flushIfDue());
  }

  /** This registry's increments not yet in D1. */
  unflushed(): ReturnType<MetricRegistry["pendingDeltas"]> {
    return this.registry.pendingDeltas();
  }
}

export const recordEvent = (t: Telemetry, e: TelemetryEvent): void => t.record(e);
