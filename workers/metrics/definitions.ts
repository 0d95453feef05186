import { MetricRegistry } from "./registry.ts";

// Every series /metrics exposes. Keep label values low-cardinality: route is the Hono route
// pattern (/v1/tasks/:id), never the concrete path.
export const METRIC = {
  requestLatency: "request_latency_seconds",
  llmTokens: "llm_tokens_total",
  postsGenerated: "posts_generated_total",
  searchRequests: "search_requests_total",
  queueMessages: "queue_messages_total",
  postsPublished: "posts_published_total",
  engagementRate: "posts_engagement_rate",
  costPerFollow: "cost_per_follow_dollars",
  revenueProjection: "revenue_projection_monthly",
  replyRate: "replies_reply_rate",
  replyResponseSeconds: "replies_response_time_median_seconds",
  answersPerDay: "replies_answers_per_day",
} as const;

/** A registry with the product's series defined; create one per request (it buffers increments). */
export function createAppRegistry(): MetricRegistry {
  return new MetricRegistry()
    .histogram(
      METRIC.requestLatency,
      'Latency in seconds. phase: "api" (HTTP request), "pipeline_step:<step>", "publish".',
      ["route", "phase"],
    )
    .counter(METRIC.llmTokens, "LLM tokens consumed. kind: prompt | completion.", ["model", "kind"])
    .counter(METRIC.postsGenerated, "Generation tasks finished, by outcome status.", ["persona_id", "status"])
    .counter(METRIC.searchRequests, "Trend research requests by source and outcome.", ["source", "outcome"])
    .counter(METRIC.queueMessages, "Queue messages handled by outcome (ack, retry, dead_letter...).", [
      "queue",
      "outcome",
    ])
    .counter(
      METRIC.postsPublished,
      "Publish attempts by outcome: published, skipped, retry, deferred, held, failed, error (publisher unreachable).",
      ["persona_id", "outcome"],
    )
    .gauge(
      METRIC.engagementRate,
      "Interactions / views over posts published in the last 7 days (latest insights per post).",
      ["persona_id"],
    )
    .gauge(
      METRIC.costPerFollow,
      "LLM spend / followers gained over the last 7 days (absent when no followers gained).",
      ["persona_id"],
    )
    .gauge(METRIC.revenueProjection, "Projected monthly revenue in USD from the last 30 days (REVENUE_MODEL).")
    .gauge(METRIC.replyRate, "Answered / (received − flagged) replies and mentions received in the last 7 days.", [
      "persona_id",
    ])
    .gauge(
      METRIC.replyResponseSeconds,
      "Median time from a reply to our answer, over answers sent in the last 7 days.",
      ["persona_id"],
    )
    .gauge(METRIC.answersPerDay, "Answers sent per day over the last 7 days.", ["persona_id"]);
}
