// Container timing: no long polling inside a queue consumer. A container still processing ends
// the attempt as `waiting`; the consumer acks and sends the post's message again, delayed until
// the next status check; every attempt asks Threads about the stored container first.
// Meta's guidance, pinned by META_CONTAINER_TIMING (read 2026-12-01):
// - "It is recommended to wait on average 30 seconds before publishing a Threads media container
//   to give our server enough time to fully process the upload."
//   https://developers.facebook.com/docs/threads/posts#step-2--publish-a-threads-media-container
// - "We recommend querying a container's status once per minute, for no more than 5 minutes."
//   https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { getPost } from "../../workers/db/posts.ts";
import { requeueStalePublishing, requeueStaleTasks } from "../../workers/durable/sweep.ts";
import { insertTask } from "../../workers/db/tasks.ts";
import { settings } from "../../workers/settings/index.ts";
import { META_CONTAINER_TIMING, nextCheckDelay } from "../../workers/publishing/container-timing.ts";
import type { ContainerTiming } from "../../workers/publishing/container-timing.ts";
import { handlePublishMessage } from "../../workers/durable/consumers.ts";
import { sleep } from "../support/helpers.ts";
import { agent, db, mediaOf, seedAccount, seedPersona, seedPost, useFake } from "../support/publishing.ts";

async function setTiming(personaId: string, timing: ContainerTiming) {
  await runInDurableObject(agent(personaId), (instance: PersonaAgent) => {
    instance.publishTiming = timing;
  });
}

/** An env whose PUBLISH_QUEUE / GENERATE_QUEUE record what is sent. */
function recordingQueues() {
  const sent: { queue: string; body: unknown; delaySeconds?: number }[] = [];
  const queue = (name: string) => ({
    send: async (body: unknown, opts?: { delaySeconds?: number }) =>
      void sent.push({ queue: name, body, delaySeconds: opts?.delaySeconds }),
    sendBatch: async (msgs: { body: unknown; delaySeconds?: number }[]) =>
      void sent.push(...msgs.map((m) => ({ queue: name, body: m.body, delaySeconds: m.delaySeconds }))),
  });
  const queues: Record<string, unknown> = { PUBLISH_QUEUE: queue("publish"), GENERATE_QUEUE: queue("generate") };
  const e = new Proxy(env, { get: (t, k) => (typeof k === "string" && k in queues ? queues[k] : Reflect.get(t, k)) });
  return { env: e, sent };
}

function recordingMessage(body: unknown, attempts = 1) {
  const seen: { acked: boolean; retry: { delaySeconds?: number } | null } = { acked: false, retry: null };
  const msg = {
    id: "m1",
    timestamp: new Date(),
    attempts,
    body,
    ack: () => void (seen.acked = true),
    retry: (o?: { delaySeconds?: number }) => void (seen.retry = o ?? {}),
  } as unknown as Message<unknown>;
  return { msg, seen };
}

describe("container timing", () => {
  it("follows Meta's guidance by default: first check after 30 s, then once a minute, for 5 minutes", () => {
    expect(META_CONTAINER_TIMING).toMatchObject({ firstCheckMs: 30_000, checkEveryMs: 60_000, maxWaitMs: 300_000 });
    expect(settings({}).publishing.containerTiming).toEqual(META_CONTAINER_TIMING);
    const t0 = 1_000_000;
    expect(nextCheckDelay(META_CONTAINER_TIMING, t0, t0, false)).toBe(30_000);
    expect(nextCheckDelay(META_CONTAINER_TIMING, t0, t0 + 31_000, true)).toBe(60_000);
    expect(nextCheckDelay(META_CONTAINER_TIMING, t0, t0 + 270_000, true)).toBe(30_000); // never past the 5 minutes
    expect(nextCheckDelay(META_CONTAINER_TIMING, t0, t0 + 300_000, true)).toBeNull();
    const s = settings({
      THREADS_CONTAINER_FIRST_CHECK_SECONDS: "0.2",
      THREADS_CONTAINER_CHECK_EVERY_SECONDS: "soon",
    });
    expect(s.publishing.containerTiming).toMatchObject({ firstCheckMs: 200, checkEveryMs: 60_000 });
    expect(s.problems.join("\n")).toMatch(/THREADS_CONTAINER_CHECK_EVERY_SECONDS/);
  });

  it("a slow container ends the attempt as waiting, and a later attempt checks it first and publishes it once", async () => {
    const P = "wait-slow";
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    const calls = await useFake(P, { processingMs: 1_500 });
    await setTiming(P, { firstCheckMs: 1_000, checkEveryMs: 1_000, maxWaitMs: 20_000, inlineMaxMs: 0 });

    const first = await agent(P).publishPost(post.id, 1);
    expect(first).toMatchObject({ kind: "waiting", delaySeconds: 1 });
    expect(calls.filter((c) => c.startsWith("POST")).map((c) => c.replace(/\/v1\.0\/[^/]+\//, "/"))).toEqual([
      "POST /fake-threads/threads",
    ]);
    expect((await getPost(db(), post.id))?.status).toBe("publishing");

    const outcomes = [];
    for (let attempt = 2; attempt < 10; attempt++) {
      await sleep(1_000);
      const before = calls.length;
      const o = await agent(P).publishPost(post.id, attempt);
      outcomes.push(o.kind);
      // Every later attempt starts by asking about the stored container.
      expect(calls[before]).toMatch(/^GET \/fake-threads\/v1\.0\/\d+$/);
      if (o.kind !== "waiting") break;
    }
    expect(outcomes.at(-1)).toBe("published");
    expect(await mediaOf(`fake-${P}`)).toHaveLength(1);
  });

  it("fails a container still processing after maxWaitMs, saying the retry checks it first", async () => {
    const P = "wait-stuck";
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    await useFake(P, { processingMs: 60_000 });
    await setTiming(P, { firstCheckMs: 200, checkEveryMs: 200, maxWaitMs: 900, inlineMaxMs: 500 });
    const o = await agent(P).publishPost(post.id, 1);
    expect(o.kind).toBe("failed");
    const row = await getPost(db(), post.id);
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/still IN_PROGRESS 1 s after it was created; retry with POST \/v1\/posts\/.*\/publish/);
    expect(row?.threadsContainerId).not.toBeNull();
    expect(await mediaOf(`fake-${P}`)).toHaveLength(0);
  });
});

describe("the publish consumer with a waiting post", () => {
  it("acks and sends the post's message again, delayed until the next check: nothing waits in the consumer", async () => {
    const P = "wait-consumer";
    await seedPersona(P);
    await seedAccount(P);
    const post = await seedPost(P);
    await useFake(P, { processingMs: 60_000 });
    await setTiming(P, { firstCheckMs: 30_000, checkEveryMs: 60_000, maxWaitMs: 300_000, inlineMaxMs: 2_000 });
    const q = recordingQueues();
    const { msg, seen } = recordingMessage({ post_id: post.id, persona_id: P });
    const started = Date.now();
    await handlePublishMessage(msg, q.env);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(seen).toEqual({ acked: true, retry: null });
    expect(q.sent).toEqual([{ queue: "publish", body: { post_id: post.id, persona_id: P }, delaySeconds: 30 }]);
  });
});

describe("stale requeues (cron)", () => {
  it("re-sends a post left publishing with no attempt for PUBLISHING_STALE_AFTER_SECONDS, once, and not a recently touched one", async () => {
    const P = "stale-pub";
    await seedPersona(P);
    const now = Date.now();
    const stale = await seedPost(P, { status: "publishing" });
    const waiting = await seedPost(P, { status: "publishing" });
    const scheduled = await seedPost(P, { status: "scheduled" });
    await env.DB.prepare("UPDATE posts SET updated_at = ? WHERE id IN (?, ?)")
      .bind(now - settings(env).recovery.publishingStaleAfterMs - 1, stale.id, scheduled.id)
      .run();
    await env.DB.prepare("UPDATE posts SET updated_at = ? WHERE id = ?")
      .bind(now - 60_000, waiting.id)
      .run();
    const q = recordingQueues();
    expect(await requeueStalePublishing(q.env, now)).toBe(1);
    expect(q.sent).toEqual([{ queue: "publish", body: { post_id: stale.id, persona_id: P }, delaySeconds: undefined }]);
    expect((await getPost(db(), stale.id))?.updatedAt).toBe(now);
    // Touched: the next tick does not send it again.
    expect(await requeueStalePublishing(q.env, now + 60_000)).toBe(0);
    expect(q.sent).toHaveLength(1);
  });

  it("re-sends a generation task untouched for TASK_STALE_AFTER_SECONDS, once", async () => {
    const P = "stale-task";
    await seedPersona(P);
    const now = Date.now();
    await insertTask(
      db(),
      {
        id: "tsk_stale",
        personaId: P,
        publish: "draft",
        input: { topic: "pricing" },
        idempotencyKey: null,
        requestHash: null,
      },
      now - settings(env).recovery.taskStaleAfterMs - 1,
    );
    await insertTask(
      db(),
      {
        id: "tsk_fresh",
        personaId: P,
        publish: "draft",
        input: { topic: "pricing" },
        idempotencyKey: null,
        requestHash: null,
      },
      now - 1_000,
    );
    const q = recordingQueues();
    expect(await requeueStaleTasks(q.env, now)).toBe(1);
    expect(q.sent).toEqual([
      { queue: "generate", body: { task_id: "tsk_stale", persona_id: P }, delaySeconds: undefined },
    ]);
    expect(await requeueStaleTasks(q.env, now + 60_000)).toBe(0);
  });
});
