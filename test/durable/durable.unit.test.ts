import { describe, expect, it } from "vitest";
import { z } from "zod";
import { backoffSeconds, retryDelaySeconds, retryPolicy } from "../../workers/durable/backoff.ts";
import {
  type ConsumerContext,
  type Decision,
  type LiveQueueSpec,
  consumeDeadLetter,
  consumeMessage,
  dispatcher,
} from "../../workers/durable/consumer.ts";
import { QUEUE } from "../../workers/durable/queues.ts";
import type { TelemetryEvent } from "../../workers/metrics/events.ts";
import wranglerToml from "../../wrangler.toml?raw";

function recordingMessage(body: unknown, attempts = 1) {
  const seen: { acked: boolean; retry: { delaySeconds?: number } | null } = { acked: false, retry: null };
  const msg = {
    id: `m${attempts}`,
    timestamp: new Date(),
    attempts,
    body,
    ack: () => void (seen.acked = true),
    retry: (opts?: { delaySeconds?: number }) => void (seen.retry = opts ?? {}),
  } as unknown as Message<unknown>;
  return { msg, seen };
}

function context(env: Partial<Env> = {}) {
  const events: TelemetryEvent[] = [];
  const ctx: ConsumerContext = {
    env: env as Env,
    telemetry: { record: (e) => void events.push(e) },
    policy: { baseSeconds: 2, maxSeconds: 30 },
  };
  return { ctx, events };
}

const body = z.object({ id: z.string().min(1), persona_id: z.string() });
type Body = z.infer<typeof body>;

function spec(run: () => Promise<Decision>, extra: Partial<LiveQueueSpec<Body>> = {}): LiveQueueSpec<Body> {
  return { queue: QUEUE.publish, schema: body, flush: "due", run, ...extra };
}

describe("backoff", () => {
  it("doubles from the base per attempt and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffSeconds(a, 2, 30))).toEqual([2, 4, 8, 16, 30, 30]);
    expect(backoffSeconds(0, 2, 30)).toBe(2);
    expect(backoffSeconds(3, 0, 300)).toBe(0);
  });

  it("lets a longer upstream wait win, never above the cap", () => {
    const policy = { baseSeconds: 2, maxSeconds: 30 };
    expect(retryDelaySeconds(1, policy)).toBe(2);
    expect(retryDelaySeconds(1, policy, 10)).toBe(10);
    expect(retryDelaySeconds(4, policy, 10)).toBe(16);
    expect(retryDelaySeconds(1, policy, 600)).toBe(30);
  });

  it("reads QUEUE_RETRY_BASE_SECONDS and QUEUE_RETRY_MAX_SECONDS", () => {
    expect(retryPolicy({ QUEUE_RETRY_BASE_SECONDS: "3", QUEUE_RETRY_MAX_SECONDS: "40" })).toEqual({
      baseSeconds: 3,
      maxSeconds: 40,
    });
  });
});

describe("consumer skeleton", () => {
  it("acks and counts a settled message", async () => {
    const { ctx, events } = context();
    const { msg, seen } = recordingMessage({ id: "a", persona_id: "p" });
    await consumeMessage(
      spec(async () => ({ kind: "ack" })),
      msg,
      ctx,
    );
    expect(seen).toEqual({ acked: true, retry: null });
    expect(events).toEqual([{ type: "queue_message", queue: "publish", outcome: "ack", persona_id: undefined }]);
  });

  it("retries after the backoff, or after the upstream's longer wait", async () => {
    const { ctx, events } = context();
    const third = recordingMessage({ id: "a", persona_id: "p" }, 3);
    await consumeMessage(
      spec(async () => ({ kind: "retry" }), { persona: (b) => b.persona_id }),
      third.msg,
      ctx,
    );
    expect(third.seen).toEqual({ acked: false, retry: { delaySeconds: 8 } });
    const asked = recordingMessage({ id: "a", persona_id: "p" }, 1);
    await consumeMessage(
      spec(async () => ({ kind: "retry", askedSeconds: 20 })),
      asked.msg,
      ctx,
    );
    expect(asked.seen.retry).toEqual({ delaySeconds: 20 });
    expect(events.map((e) => [e.type === "queue_message" && e.outcome, e.persona_id])).toEqual([
      ["retry", "p"],
      ["retry", undefined],
    ]);
  });

  it("acks an unreadable message without calling the object, counted as invalid", async () => {
    const { ctx, events } = context();
    const { msg, seen } = recordingMessage({ id: "" });
    let called = false;
    await consumeMessage(
      spec(async () => ((called = true), { kind: "ack" })),
      msg,
      ctx,
    );
    expect(called).toBe(false);
    expect(seen.acked).toBe(true);
    expect(events).toEqual([{ type: "queue_message", queue: "publish", outcome: "invalid" }]);
  });

  it("retries with the backoff when the object throws, after noting the error", async () => {
    const { ctx } = context();
    const noted: string[] = [];
    const { msg, seen } = recordingMessage({ id: "a", persona_id: "p" }, 2);
    await consumeMessage(
      spec(
        async () => {
          throw new Error("object reset");
        },
        { onError: async (b, err) => noted.push(`${b.id}: ${(err as Error).message}`) },
      ),
      msg,
      ctx,
    );
    expect(seen).toEqual({ acked: false, retry: { delaySeconds: 4 } });
    expect(noted).toEqual(["a: object reset"]);
  });

  it("a failing error note does not stop the retry", async () => {
    const { ctx } = context();
    const { msg, seen } = recordingMessage({ id: "a", persona_id: "p" }, 1);
    await consumeMessage(
      spec(
        async () => {
          throw new Error("down");
        },
        { onError: async () => Promise.reject(new Error("D1 down too")) },
      ),
      msg,
      ctx,
    );
    expect(seen.retry).toEqual({ delaySeconds: 2 });
  });

  it("'later' sends a delayed copy and acks this one; a failed send retries with the delay", async () => {
    const sent: { body: unknown; delaySeconds?: number }[] = [];
    const producer = {
      send: async (b: unknown, o?: { delaySeconds?: number }) =>
        void sent.push({ body: b, delaySeconds: o?.delaySeconds }),
    } as unknown as Queue;
    const { ctx } = context();
    const ok = recordingMessage({ id: "a", persona_id: "p", extra: 1 }, 1);
    await consumeMessage(
      spec(async () => ({ kind: "later", delaySeconds: 45 }), { producer: () => producer }),
      ok.msg,
      ctx,
    );
    expect(ok.seen).toEqual({ acked: true, retry: null });
    expect(sent).toEqual([{ body: { id: "a", persona_id: "p" }, delaySeconds: 45 }]);
    const broken = { send: async () => Promise.reject(new Error("queue down")) } as unknown as Queue;
    const failed = recordingMessage({ id: "a", persona_id: "p" }, 1);
    await consumeMessage(
      spec(async () => ({ kind: "later", delaySeconds: 45 }), { producer: () => broken }),
      failed.msg,
      ctx,
    );
    expect(failed.seen).toEqual({ acked: false, retry: { delaySeconds: 45 } });
  });

  it("dead letters: finishes readable messages, acks and counts every one", async () => {
    const { ctx, events } = context();
    const finished: string[] = [];
    const dlq = {
      queue: QUEUE.publishDlq,
      schema: body,
      flush: "due" as const,
      finish: async (b: Body) => void finished.push(b.id),
    };
    const good = recordingMessage({ id: "a", persona_id: "p" });
    const bad = recordingMessage(42);
    await consumeDeadLetter(dlq, good.msg, ctx);
    await consumeDeadLetter(dlq, bad.msg, ctx);
    expect(finished).toEqual(["a"]);
    expect([good.seen.acked, bad.seen.acked]).toEqual([true, true]);
    expect(events.map((e) => e.type === "queue_message" && e.outcome)).toEqual(["dead_letter", "dead_letter"]);
  });

  it("dispatches by queue name and retries a batch of an unknown queue", async () => {
    const seen: string[] = [];
    const dispatch = dispatcher({
      [QUEUE.generate]: async (b) => void seen.push(b.queue),
      [QUEUE.generateDlq]: async (b) => void seen.push(b.queue),
      [QUEUE.publish]: async (b) => void seen.push(b.queue),
      [QUEUE.publishDlq]: async (b) => void seen.push(b.queue),
      [QUEUE.reply]: async (b) => void seen.push(b.queue),
      [QUEUE.replyDlq]: async (b) => void seen.push(b.queue),
      [QUEUE.history]: async (b) => void seen.push(b.queue),
      [QUEUE.historyDlq]: async (b) => void seen.push(b.queue),
      [QUEUE.cron]: async (b) => void seen.push(b.queue),
    });
    let retried = false;
    const batch = (queue: string) =>
      ({
        queue,
        messages: [],
        retryAll: () => void (retried = true),
        ackAll: () => undefined,
      }) as unknown as MessageBatch<unknown>;
    await dispatch(batch("publish-dlq"), {} as Env);
    await dispatch(batch("generate"), {} as Env);
    expect(seen).toEqual(["publish-dlq", "generate"]);
    expect(retried).toBe(false);
    await dispatch(batch("other"), {} as Env);
    expect(retried).toBe(true);
  });
});

describe("queue names", () => {
  it("are exactly the queues wrangler.toml declares", () => {
    const declared = new Set([...wranglerToml.matchAll(/^(?:queue|dead_letter_queue) = "([^"]+)"/gm)].map((m) => m[1]));
    expect([...declared].sort()).toEqual(Object.values(QUEUE).sort());
  });
});
