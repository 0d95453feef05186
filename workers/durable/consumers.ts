// The four queues of wrangler.toml, each one spec of the consumer skeleton (consumer.ts).
import { services } from "../services.ts";
import { markFailed, touchPost } from "../db/post-publishing.ts";
import { getPost } from "../db/posts.ts";
import { finishTask, getTask, recordTaskError } from "../db/tasks.ts";
import { logEvent } from "../log.ts";
import type { Telemetry } from "../metrics/events.ts";
import { errorMessage } from "../pipeline/runner.ts";
import { retryPolicy } from "./backoff.ts";
import {
  type DeadLetterSpec,
  type LiveQueueSpec,
  consumeMessage,
  deadLetterConsumer,
  liveQueueConsumer,
} from "./consumer.ts";
import { personaAgent } from "./persona-agent.ts";
import { finishJob, getHistoryJob, recordJobError } from "../db/history-jobs.ts";
import { transitionReply, updateReply } from "../db/replies.ts";
import {
  type GenerateMessage,
  type HistoryMessage,
  type PublishMessage,
  type ReplyMessage,
  QUEUE,
  generateMessage,
  historyMessage,
  publishMessage,
  replyMessage,
} from "./queues.ts";

/** One message, one task: the persona's Durable Object runs it; ack when terminal, retry otherwise. */
export const generateSpec: LiveQueueSpec<GenerateMessage> = {
  queue: QUEUE.generate,
  schema: generateMessage,
  flush: "due",
  async run({ task_id, persona_id }, msg, { env }) {
    const outcome = await personaAgent(env, persona_id).runTask(task_id, msg.attempts);
    // An upstream Retry-After (a 429 with a wait) wins over the backoff, within the cap.
    return outcome.status === "retry" ? { kind: "retry", askedSeconds: outcome.retryAfterSeconds } : { kind: "ack" };
  },
  // The saved steps survive the object's failure; the task shows why it is being retried.
  onError: ({ task_id }, err, { env }) =>
    recordTaskError(services(env).db, task_id, `agent: ${errorMessage(err)}`, Date.now()),
};

/** Messages that exhausted their retries: the task fails with the last error it recorded. */
export const generateDeadLetterSpec: DeadLetterSpec<GenerateMessage> = {
  queue: QUEUE.generateDlq,
  schema: generateMessage,
  flush: "due",
  async finish({ task_id, persona_id }, msg, { env, telemetry }) {
    const db = services(env).db;
    const task = await getTask(db, task_id);
    const reason = `gave up after ${task?.attempts ?? msg.attempts} attempts: ${task?.error ?? "no error recorded"}`;
    if (await finishTask(db, task_id, { status: "failed", error: reason }, Date.now())) {
      telemetry.record({ type: "post_generated", persona_id, status: "failed" });
    }
    await personaAgent(env, persona_id).forgetTask(task_id);
  },
};

/**
 * One message, one post: the persona's Durable Object publishes it; ack when settled, retry
 * otherwise. A container still being processed is not a failure: "later" re-sends the message
 * delayed until its next status check, so waiting uses none of the retry budget.
 */
export const publishSpec: LiveQueueSpec<PublishMessage> = {
  queue: QUEUE.publish,
  schema: publishMessage,
  flush: "always",
  persona: (body) => body.persona_id,
  producer: (env) => env.PUBLISH_QUEUE,
  async run({ post_id, persona_id }, msg, { env, telemetry }) {
    const started = performance.now();
    try {
      const outcome = await personaAgent(env, persona_id).publishPost(post_id, msg.attempts);
      countPublish(telemetry, persona_id, started, outcome.kind);
      if (outcome.kind === "waiting") return { kind: "later", delaySeconds: outcome.delaySeconds };
      // Throttling says how long to wait; otherwise exponential backoff.
      return outcome.kind === "retry" ? { kind: "retry", askedSeconds: outcome.delaySeconds } : { kind: "ack" };
    } catch (err) {
      countPublish(telemetry, persona_id, started, "error");
      throw err;
    }
  },
  // The post keeps its container id, so the retry is safe; the post shows why it waits.
  onError: ({ post_id }, err, { env }) =>
    touchPost(services(env).db, post_id, Date.now(), `publisher unavailable, retrying: ${errorMessage(err)}`),
};

/** request_latency_seconds{phase="publish"} and posts_published_total. */
function countPublish(telemetry: Pick<Telemetry, "record">, personaId: string, started: number, outcome: string): void {
  telemetry.record({
    type: "request",
    route: "publish",
    phase: "publish",
    duration_s: (performance.now() - started) / 1000,
    persona_id: personaId,
  });
  telemetry.record({ type: "post_publish", persona_id: personaId, outcome });
}

/**
 * Posts whose publish retries ran out: failed, with the last error and how to retry. The
 * container id stays on the post, so the user's retry checks it first and cannot duplicate.
 */
export const publishDeadLetterSpec: DeadLetterSpec<PublishMessage> = {
  queue: QUEUE.publishDlq,
  schema: publishMessage,
  flush: "always",
  async finish({ post_id }, _msg, { env, telemetry }) {
    const db = services(env).db;
    const post = await getPost(db, post_id);
    if (post?.status !== "publishing") return;
    const last = post.error ?? "no error recorded";
    const reason = `Gave up when the publish queue's retries ran out (last error: ${last}). Retry with POST /v1/posts/${post.id}/publish; it cannot post twice.`;
    if (await markFailed(db, post.id, reason, Date.now())) {
      logEvent("publish.outcome", {
        outcome: "failed",
        post_id: post.id,
        persona_id: post.personaId,
        reason: "dead-lettered",
      });
      telemetry.record({ type: "post_publish", persona_id: post.personaId, outcome: "failed" });
    }
  },
};

/**
 * One message, one reply action (draft, send, hide, unhide) in the persona's Durable Object. A
 * container still in progress is "later"; the answer's stored container id makes a retry safe.
 */
export const replySpec: LiveQueueSpec<ReplyMessage> = {
  queue: QUEUE.reply,
  schema: replyMessage,
  flush: "due",
  persona: (body) => body.persona_id,
  producer: (env) => env.REPLY_QUEUE,
  async run({ reply_id, persona_id, action }, _msg, { env }) {
    const outcome = await personaAgent(env, persona_id).replyAction(reply_id, action);
    if (outcome.kind === "later") return { kind: "later", delaySeconds: outcome.delaySeconds };
    return outcome.kind === "retry" ? { kind: "retry", askedSeconds: outcome.delaySeconds } : { kind: "ack" };
  },
  onError: ({ reply_id, action }, err, { env }) =>
    updateReply(services(env).db, reply_id, { error: `${action}: retrying: ${errorMessage(err)}` }, Date.now()),
};

/** Reply actions out of retries: a send fails (the operator may approve again), others keep their error. */
export const replyDeadLetterSpec: DeadLetterSpec<ReplyMessage> = {
  queue: QUEUE.replyDlq,
  schema: replyMessage,
  flush: "due",
  async finish({ reply_id, action }, msg, { env }) {
    const db = services(env).db;
    const why = `${action} gave up after ${msg.attempts} attempts`;
    if (action === "send") await transitionReply(db, reply_id, ["queued"], "failed", { error: why }, Date.now());
    else await updateReply(db, reply_id, { error: why }, Date.now());
  },
};

/**
 * One step of a history sync: the persona's Durable Object reads the next pages from the stored
 * cursor. More pages: the next step is sent at once ("later", no retry spent). Throttled or a
 * Threads 5xx: redelivered after the backoff or the wait Threads asked for.
 */
export const historySpec: LiveQueueSpec<HistoryMessage> = {
  queue: QUEUE.history,
  schema: historyMessage,
  flush: "due",
  persona: (body) => body.persona_id,
  producer: (env) => env.HISTORY_QUEUE,
  async run({ job_id, persona_id }, msg, { env }) {
    const outcome = await personaAgent(env, persona_id).syncHistory(job_id, msg.attempts);
    if (outcome.kind === "more") return { kind: "later", delaySeconds: 0 };
    if (outcome.kind === "retry") {
      await recordJobError(services(env).db, job_id, `retrying: ${outcome.error}`, Date.now());
      return { kind: "retry", askedSeconds: outcome.askedSeconds };
    }
    return { kind: "ack" };
  },
  onError: ({ job_id }, err, { env }) =>
    recordJobError(services(env).db, job_id, `agent: ${errorMessage(err)}`, Date.now()),
};

/** History sync messages whose retries ran out: the job fails with its last error; what it stored stays. */
export const historyDeadLetterSpec: DeadLetterSpec<HistoryMessage> = {
  queue: QUEUE.historyDlq,
  schema: historyMessage,
  flush: "due",
  async finish({ job_id }, msg, { env }) {
    const db = services(env).db;
    const job = await getHistoryJob(db, job_id);
    const reason = `gave up after ${job?.attempts ?? msg.attempts} attempts: ${job?.error ?? "no error recorded"}`;
    await finishJob(db, job_id, { status: "failed", error: reason }, Date.now());
  },
};

/** The queues served here; the Worker's `queue` handler (workers/index.ts) adds the cron pages. */
export const durableConsumers = {
  [QUEUE.generate]: liveQueueConsumer(generateSpec),
  [QUEUE.generateDlq]: deadLetterConsumer(generateDeadLetterSpec),
  [QUEUE.publish]: liveQueueConsumer(publishSpec),
  [QUEUE.publishDlq]: deadLetterConsumer(publishDeadLetterSpec),
  [QUEUE.reply]: liveQueueConsumer(replySpec),
  [QUEUE.replyDlq]: deadLetterConsumer(replyDeadLetterSpec),
  [QUEUE.history]: liveQueueConsumer(historySpec),
  [QUEUE.historyDlq]: deadLetterConsumer(historyDeadLetterSpec),
};

const uncounted: Pick<Telemetry, "record"> = { record: () => undefined };

/** One generate message outside a batch (tests drive the consumer with recorded messages). */
export function handleGenerateMessage(msg: Message<unknown>, env: Env, telemetry = uncounted): Promise<void> {
  return consumeMessage(generateSpec, msg, { env, telemetry, policy: retryPolicy(env) });
}

/** One history message outside a batch. */
export function handleHistoryMessage(msg: Message<unknown>, env: Env, telemetry = uncounted): Promise<void> {
  return consumeMessage(historySpec, msg, { env, telemetry, policy: retryPolicy(env) });
}

/** One publish message outside a batch. */
export function handlePublishMessage(msg: Message<unknown>, env: Env, telemetry = uncounted): Promise<void> {
  return consumeMessage(publishSpec, msg, { env, telemetry, policy: retryPolicy(env) });
}

/** One reply message outside a batch. */
export function handleReplyMessage(msg: Message<unknown>, env: Env, telemetry = uncounted): Promise<void> {
  return consumeMessage(replySpec, msg, { env, telemetry, policy: retryPolicy(env) });
}
