// The one queue-consumer skeleton: parse → call the Durable Object → ack / retry / delay →
// dead-letter finish → telemetry flush. Every queue of wrangler.toml is served by one spec of
// it (consumers.ts); the retry delays come from backoff.ts only.
import { services } from "../services.ts";
import type { z } from "zod";
import type { Telemetry } from "../metrics/events.ts";
import { logError } from "../log.ts";
import { type RetryPolicy, backoffSeconds, retryDelaySeconds, retryPolicy } from "./backoff.ts";
import type { QueueName } from "./queues.ts";

/** What became of one message of a live queue. */
export type Decision =
  /** Settled (done, or failed for good): the message is acknowledged. */
  | { kind: "ack" }
  /** Transient: redelivered after the backoff, or after `askedSeconds` when the upstream asked for longer. */
  | { kind: "retry"; askedSeconds?: number }
  /**
   * Not a failure, just not yet: a new copy of the message is sent `delaySeconds` from now and
   * this one is acknowledged, so the wait uses none of the retry budget. If the send fails, the
   * queue's own retry carries the delay.
   */
  | { kind: "later"; delaySeconds: number };

export interface ConsumerContext {
  env: Env;
  telemetry: Pick<Telemetry, "record">;
  policy: RetryPolicy;
}

interface CommonSpec<T> {
  queue: QueueName;
  schema: z.ZodType<T>;
  /**
   * "due": the isolate's counters reach D1 when METRICS_FLUSH_SECONDS have passed (as requests
   * do); "always": every batch writes them, for counters an operator reads right after the work.
   */
  flush: "due" | "always";
  /** The persona a message's queue_message event names (Analytics Engine's index), if any. */
  persona?(body: T): string;
}

export interface LiveQueueSpec<T> extends CommonSpec<T> {
  /** Calls the Durable Object that owns the work. A throw is a transient failure of the object. */
  run(body: T, msg: Message<unknown>, ctx: ConsumerContext): Promise<Decision>;
  /** After `run` threw, before the retry: note the failure where the user sees it. Best effort. */
  onError?(body: T, err: unknown, ctx: ConsumerContext): Promise<unknown>;
  /** Where a "later" decision sends the new copy of the message. */
  producer?(env: Env): Queue;
}

export interface DeadLetterSpec<T> extends CommonSpec<T> {
  /** Finishes the work whose retries ran out (marks it failed with its last error). */
  finish(body: T, msg: Message<unknown>, ctx: ConsumerContext): Promise<void>;
}

export type BatchHandler = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

/** One message of a live queue; exported so tests can see what the consumer decided for one message. */
export async function consumeMessage<T>(
  spec: LiveQueueSpec<T>,
  msg: Message<unknown>,
  ctx: ConsumerContext,
): Promise<void> {
  const { telemetry, policy } = ctx;
  const parsed = spec.schema.safeParse(msg.body);
  if (!parsed.success) {
    logError("queue.bad_message", { queue: spec.queue, id: msg.id });
    msg.ack();
    telemetry.record({ type: "queue_message", queue: spec.queue, outcome: "invalid" });
    return;
  }
  const body = parsed.data;
  let decision: Decision;
  try {
    decision = await spec.run(body, msg, ctx);
  } catch (err) {
    // The Durable Object itself failed (reset, overloaded, D1 unreachable): its saved state survives, so retry.
    await spec.onError?.(body, err, ctx).catch(() => undefined);
    msg.retry({ delaySeconds: backoffSeconds(msg.attempts, policy.baseSeconds, policy.maxSeconds) });
    telemetry.record({ type: "queue_message", queue: spec.queue, outcome: "retry", persona_id: spec.persona?.(body) });
    return;
  }
  const outcome = decision.kind === "retry" ? "retry" : "ack";
  telemetry.record({ type: "queue_message", queue: spec.queue, outcome, persona_id: spec.persona?.(body) });
  switch (decision.kind) {
    case "ack":
      msg.ack();
      return;
    case "retry":
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, policy, decision.askedSeconds) });
      return;
    case "later": {
      const { delaySeconds } = decision;
      try {
        if (!spec.producer) throw new Error(`queue ${spec.queue} has no producer for delayed messages`);
        await spec.producer(ctx.env).send(body, { contentType: "json", delaySeconds });
        msg.ack();
      } catch {
        msg.retry({ delaySeconds });
      }
    }
  }
}

/** A dead-letter message: finish the work if the message is readable, count it, acknowledge it. */
export async function consumeDeadLetter<T>(spec: DeadLetterSpec<T>, msg: Message<unknown>, ctx: ConsumerContext) {
  const parsed = spec.schema.safeParse(msg.body);
  if (parsed.success) await spec.finish(parsed.data, msg, ctx);
  ctx.telemetry.record({ type: "queue_message", queue: spec.queue, outcome: "dead_letter" });
  msg.ack();
}

async function flush(telemetry: Telemetry, mode: CommonSpec<unknown>["flush"]): Promise<void> {
  if (mode === "due") return telemetry.flushIfDue();
  await telemetry.flush().catch((err: unknown) => console.error("metrics flush failed", err));
}

function contextFor(env: Env): ConsumerContext & { telemetry: Telemetry } {
  return { env, telemetry: services(env).telemetry, policy: retryPolicy(env) };
}

/**
 * A live queue: messages run in parallel (different personas run in their own Durable Objects;
 * one persona's work serialises inside its object).
 */
export function liveQueueConsumer<T>(spec: LiveQueueSpec<T>): BatchHandler {
  return async (batch, env) => {
    const ctx = contextFor(env);
    await Promise.all(batch.messages.map((m) => consumeMessage(spec, m, ctx)));
    await flush(ctx.telemetry, spec.flush);
  };
}

/** A dead-letter queue: one message at a time; a throw retries the batch (nothing is acked before it settles). */
export function deadLetterConsumer<T>(spec: DeadLetterSpec<T>): BatchHandler {
  return async (batch, env) => {
    const ctx = contextFor(env);
    for (const msg of batch.messages) await consumeDeadLetter(spec, msg, ctx);
    await flush(ctx.telemetry, spec.flush);
  };
}

/** Routes a batch to the consumer of its queue; a batch of an unknown queue is retried. */
export function dispatcher(consumers: Record<QueueName, BatchHandler>): BatchHandler {
  return async (batch, env) => {
    const handle = (consumers as Record<string, BatchHandler | undefined>)[batch.queue];
    if (handle) return handle(batch, env);
    logError("queue.unknown", { queue: batch.queue });
    batch.retryAll();
  };
}
