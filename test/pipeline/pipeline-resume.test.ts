import { createExecutionContext, createMessageBatch, env, evictDurableObject, getQueueResult } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../../workers/db/client.ts";
import { insertPersona } from "../../workers/db/personas.ts";
import { getTask, insertTask, listSteps } from "../../workers/db/tasks.ts";
import worker from "../../workers/index.ts";
import { handleGenerateMessage } from "../../workers/durable/consumers.ts";
import { backoffSeconds } from "../../workers/durable/backoff.ts";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { transientError } from "../../workers/errors.ts";
import { createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { agentOf, recordingMessage, wrapModel } from "../support/persona-agent.ts";
import { withVars } from "../support/with-vars.ts";

const PERSONA = "calm-founder";
const agent = () => agentOf(PERSONA);

/** Wraps the agent's model so a test can count calls and make chosen ones fail. */
async function instrumentModel(failWhen: (req: CompletionRequest, n: number) => boolean) {
  const calls = { hook: 0, body: 0 };
  await wrapModel(PERSONA, async (req, real) => {
    if (req.brief.kind === "reply") return real(req);
    const n = ++calls[req.brief.kind];
    if (failWhen(req, n)) throw transientError("upstream_error", `${req.brief.kind} model overloaded`);
    return real(req);
  });
  return calls;
}

async function seedTask(id: string) {
  const db = openDb(env.DB);
  await insertPersona(
    db,
    {
      id: PERSONA,
      name: "Calm Founder",
      description: null,
      tone: "warm",
      emoji: null,
      topics: [],
      language: "en",
      timezone: "UTC",
      guardrails: { blocked_words: [], block_personal_data: true },
    },
    Date.now(),
  );
  await insertTask(
    db,
    {
      id,
      personaId: PERSONA,
      publish: "draft",
      input: { topic: "churn in B2B SaaS" },
      idempotencyKey: null,
      requestHash: null,
    },
    Date.now(),
  );
  return db;
}

const message = (taskId: string, attempts: number) =>
  recordingMessage({ task_id: taskId, persona_id: PERSONA }, attempts);

async function deliver(taskId: string, attempts: number) {
  const batch = createMessageBatch("generate", [
    { id: `m${attempts}`, timestamp: new Date(), attempts, body: { task_id: taskId, persona_id: PERSONA } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

// A test's model override lives on the agent instance; start each test from a fresh one.
beforeEach(async () => {
  await agent().savedSteps("warm-up"); // eviction needs a running instance
  await evictDurableObject(agent());
});

describe("resuming after a failed step", () => {
  it("retries with exponential backoff and never re-runs a finished step", async () => {
    const db = await seedTask("tsk_resume1");
    const calls = await instrumentModel((req, n) => req.brief.kind === "body" && n <= 2);

    const first = message("tsk_resume1", 1);
    await handleGenerateMessage(first.msg, withVars({ QUEUE_RETRY_BASE_SECONDS: "3" }));
    expect(first.seen).toEqual({ acked: false, retry: { delaySeconds: 3 } });
    const afterFirst = await getTask(db, "tsk_resume1");
    expect(afterFirst).toMatchObject({ status: "running", error: "body: body model overloaded" });

    const second = message("tsk_resume1", 2);
    await handleGenerateMessage(second.msg, withVars({ QUEUE_RETRY_BASE_SECONDS: "3" }));
    expect(second.seen).toEqual({ acked: false, retry: { delaySeconds: 6 } });

    const third = await deliver("tsk_resume1", 3);
    expect(third.explicitAcks).toEqual(["m3"]);
    expect(calls).toEqual({ hook: 1, body: 3 });

    const task = await getTask(db, "tsk_resume1");
    expect(task?.status).toBe("succeeded");
    const steps = Object.fromEntries((await listSteps(db, "tsk_resume1")).map((s) => [s.step, s]));
    expect(steps.hook?.attempt).toBe(1);
    expect(steps.body?.attempt).toBe(3);
    expect(steps.store?.status).toBe("succeeded");
    // Finished tasks leave nothing behind in the agent.
    expect(await agent().savedSteps("tsk_resume1")).toEqual([]);
  });

  it("resumes from the Durable Object's storage after an eviction", async () => {
    const db = await seedTask("tsk_evict");
    await instrumentModel((req) => req.brief.kind === "body");
    await deliver("tsk_evict", 1);
    expect(await agent().savedSteps("tsk_evict")).toEqual(["ingest", "trend_research", "retrieve", "hook"]);

    await evictDurableObject(agent());
    const res = await deliver("tsk_evict", 2);
    expect(res.explicitAcks).toEqual(["m2"]);
    const steps = Object.fromEntries((await listSteps(db, "tsk_evict")).map((s) => [s.step, s.attempt]));
    expect(steps).toMatchObject({ ingest: 1, trend_research: 1, hook: 1, body: 2, format: 2 });
  });

  it("acks a redelivered message for a task that already finished, without running it again", async () => {
    const db = await seedTask("tsk_done");
    expect((await deliver("tsk_done", 1)).explicitAcks).toEqual(["m1"]);
    const calls = await instrumentModel(() => false);
    expect((await deliver("tsk_done", 2)).explicitAcks).toEqual(["m2"]);
    expect(calls).toEqual({ hook: 0, body: 0 });
    expect((await getTask(db, "tsk_done"))?.status).toBe("succeeded");
  });
});

describe("dead-letter queue", () => {
  it("marks the task failed with the last error when its message is dead-lettered", async () => {
    const db = await seedTask("tsk_dead");
    await instrumentModel(() => true);
    await deliver("tsk_dead", 1);
    const batch = createMessageBatch("generate-dlq", [
      { id: "d1", timestamp: new Date(), attempts: 1, body: { task_id: "tsk_dead", persona_id: PERSONA } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["d1"]);
    const task = await getTask(db, "tsk_dead");
    expect(task?.status).toBe("failed");
    expect(task?.error).toContain("hook: hook model overloaded");
  });

  it("sends a task that keeps failing through every retry to the dead-letter queue (real queue)", async () => {
    await createPersona({ id: PERSONA });
    await instrumentModel(() => true);
    const id = await submitTask({ persona_id: PERSONA, topic: "always failing" });
    const task = await waitForTask(id, 25_000);
    expect(task.status).toBe("failed");
    expect(task.error).toMatch(/^gave up after 6 attempts: hook: hook model overloaded/);
  });
});

describe("backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffSeconds(a, 2, 30))).toEqual([2, 4, 8, 16, 30, 30]);
    expect(backoffSeconds(3, 0, 300)).toBe(0);
  });
});
