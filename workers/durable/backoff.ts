// The one retry-delay policy of the queue consumers (docs/durable.md, "Every place that retries").
import { settings } from "../settings/index.ts";

/** Exponential backoff without jitter: base·2^(attempt−1), capped; the queue redelivers after it. */
export function backoffSeconds(attempt: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, Math.round(baseSeconds * 2 ** Math.max(0, attempt - 1)));
}

export interface RetryPolicy {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * The delay before redelivering attempt `attempt`: the backoff, or what the upstream asked for
 * (a Retry-After, a throttling wait) when that is longer; never above the cap.
 */
export function retryDelaySeconds(attempt: number, policy: RetryPolicy, askedSeconds?: number): number {
  const backoff = backoffSeconds(attempt, policy.baseSeconds, policy.maxSeconds);
  return Math.min(policy.maxSeconds, Math.max(backoff, askedSeconds ?? 0));
}

/** QUEUE_RETRY_BASE_SECONDS / QUEUE_RETRY_MAX_SECONDS. */
export function retryPolicy(env: object): RetryPolicy {
  const { queue } = settings(env);
  return { baseSeconds: queue.retryBaseSeconds, maxSeconds: queue.retryMaxSeconds };
}
