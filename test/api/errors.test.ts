import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { PersonaAgentForTests as PersonaAgent } from "../support/persona-agent-test.ts";
import { AppError, failureKind, kindForStatus, permanentError, transientError } from "../../workers/errors.ts";
import { embedInBatches } from "../../workers/providers/embeddings/batch.ts";
import { OpenAiEmbedder } from "../../workers/providers/embeddings/openai.ts";
import { WorkersAiEmbedder } from "../../workers/providers/embeddings/workers-ai.ts";
import { OpenAiProvider } from "../../workers/providers/llm/openai.ts";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { WorkersAiProvider } from "../../workers/providers/llm/workers-ai.ts";
import { dimensionMismatch } from "../../workers/providers/vector-index/validate.ts";
import { SearchError } from "../../workers/providers/search/types.ts";
import { handleGenerateMessage } from "../../workers/durable/consumers.ts";
import { hookMessages } from "../../workers/pipeline/prompts.ts";
import { api, createPersona, submitTask, waitForTask } from "../support/helpers.ts";
import { agentOf, recordingMessage, wrapModel } from "../support/persona-agent.ts";

// One classification of failures (workers/errors.ts): permanent ones fail a task at once with a
// clear reason, transient ones are retried with backoff. And every error envelope carries a request id.

const brief = {
  kind: "hook" as const,
  persona: {
    id: "p",
    name: "Calm Founder",
    description: null,
    tone: "warm",
    emoji: null,
    topics: ["pricing"],
    language: "en",
  },
  topic: "pricing",
  trend: null,
};
const request = {
  model: "gpt-4o",
  messages: hookMessages(brief),
  maxTokens: 80,
  temperature: 0.9,
  brief,
} as unknown as CompletionRequest;

const answering = (status: number, body: unknown = { error: { message: `status ${status}` } }): typeof fetch =>
  (async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })) as typeof fetch;
const unreachable: typeof fetch = (async () => {
  throw new TypeError("fetch failed: connection refused");
}) as typeof fetch;

const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => failureKind(e),
  );

describe("classification", () => {
  it("reads upstream HTTP statuses: throttling, timeouts and 5xx pass, other 4xx do not", () => {
    expect([400, 401, 403, 404, 422].map(kindForStatus)).toEqual(Array(5).fill("permanent"));
    expect([408, 409, 425, 429, 500, 502, 503, 504, undefined].map(kindForStatus)).toEqual(Array(9).fill("transient"));
    // An error that is not ours (a TypeError from the network stack) is retried, bounded by the queue.
    expect(failureKind(new TypeError("network"))).toBe("transient");
    expect(failureKind(permanentError("upstream_error", "x"))).toBe("permanent");
    expect(failureKind(new AppError("bad_request", "x"))).toBe("permanent");
    expect(failureKind(new AppError("rate_limited", "x"))).toBe("transient");
  });

  it("OpenAI chat: a bad key, a forbidden project or an unknown model is permanent; 429, 5xx and no network are transient", async () => {
    const llm = (f: typeof fetch) => new OpenAiProvider({ apiKey: "sk-x", fetch: f }).complete(request);
    expect(
      await kindOf(llm(answering(401, { error: { message: "Incorrect API key provided", code: "invalid_api_key" } }))),
    ).toBe("permanent");
    expect(await kindOf(llm(answering(403)))).toBe("permanent");
    expect(
      await kindOf(
        llm(answering(404, { error: { message: "The model `gpt-9` does not exist", code: "model_not_found" } })),
      ),
    ).toBe("permanent");
    expect(await kindOf(llm(answering(400)))).toBe("permanent");
    expect(await kindOf(llm(answering(429)))).toBe("transient");
    expect(await kindOf(llm(answering(500)))).toBe("transient");
    expect(await kindOf(llm(answering(503)))).toBe("transient");
    expect(await kindOf(llm(unreachable))).toBe("transient");
    const err = await llm(answering(401)).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/OpenAI rejected the API key \(401\)/);
  });

  it("OpenAI embeddings classify the same way", async () => {
    const emb = (f: typeof fetch) => new OpenAiEmbedder({ apiKey: "sk-x", fetch: f, maxRetries: 0 }).embed(["hello"]);
    expect(await kindOf(emb(answering(401)))).toBe("permanent");
    expect(await kindOf(emb(answering(404)))).toBe("permanent");
    expect(await kindOf(emb(answering(429)))).toBe("transient");
    expect(await kindOf(emb(answering(502)))).toBe("transient");
  });

  // Codes from https://developers.cloudflare.com/workers-ai/platform/errors/ (read 2026-12-01).
  it("Workers AI: no such model, invalid model id, blocked account and bad auth are permanent; capacity and timeouts transient", async () => {
    const failingWith = (message: string) => ({ run: async () => Promise.reject(new Error(message)) });
    const chat = (m: string) => new WorkersAiProvider(failingWith(m)).complete({ ...request, model: "@cf/x" });
    expect(await kindOf(chat("5007: No such model @cf/x or task"))).toBe("permanent");
    expect(await kindOf(chat("AiError: 3042: The model name is invalid"))).toBe("permanent");
    expect(await kindOf(chat("3023: Service unavailable for account"))).toBe("permanent");
    expect(await kindOf(chat("10000: Authentication error"))).toBe("permanent");
    expect(await kindOf(chat("3040: Capacity temporarily exceeded, please try again."))).toBe("transient");
    expect(await kindOf(chat("3007: Request timeout"))).toBe("transient");
    expect(await kindOf(chat("something undocumented"))).toBe("transient");
    const emb = (m: string) => new WorkersAiEmbedder(failingWith(m) as unknown as Ai).embed(["hello"]);
    expect(await kindOf(emb("5007: No such model"))).toBe("permanent");
    expect(await kindOf(emb("3040: Capacity temporarily exceeded"))).toBe("transient");
  });

  it("an embedder/index dimension mismatch and an unknown embedding model are permanent", async () => {
    const wrongSize = embedInBatches(["a"], { dimensions: 768, batchSize: 10, provider: "test" }, async () => ({
      vectors: [[1, 2, 3]],
      tokens: 1,
    }));
    expect(await kindOf(wrongSize)).toBe("permanent");
    expect(failureKind(dimensionMismatch(768, 1536, "the Vectorize index"))).toBe("permanent");
    // EmbedderStamp's "embedder changed: … re-index" is a conflict: permanent too.
    expect(failureKind(new AppError("conflict", "embedder changed"))).toBe("permanent");
    expect(() => new OpenAiEmbedder({ apiKey: "k", model: "mystery-embedder" })).toThrow(
      expect.objectContaining({ failure: "permanent" }),
    );
  });

  it("search: missing or refused configuration is permanent, an outage transient", () => {
    expect(new SearchError("searxng", "unauthorized", "403").failure).toBe("permanent");
    expect(new SearchError("searxng", "format_disabled", "json off").failure).toBe("permanent");
    expect(new SearchError("searxng", "timeout", "slow").failure).toBe("transient");
    expect(new SearchError("searxng", "rate_limited", "429", { retryAfterSeconds: 7 }).retryAfterSeconds).toBe(7);
  });
});

describe("the pipeline acts on the classification", () => {
  const PERSONA = "errors-persona";
  const agent = () => agentOf(PERSONA);

  beforeEach(async () => {
    await agent().savedSteps("warm-up");
    await evictDurableObject(agent());
  });

  async function failModelWith(err: () => Error) {
    const calls = { n: 0 };
    await wrapModel(PERSONA, async () => (calls.n++, Promise.reject(err())), "openai");
    return calls;
  }

  const message = (taskId: string, attempts: number) =>
    recordingMessage({ task_id: taskId, persona_id: PERSONA }, attempts);

  it("a permanent failure (OpenAI 401) fails the task on the first attempt with the reason; no retry", async () => {
    await createPersona({ id: PERSONA });
    const calls = await failModelWith(() =>
      permanentError("upstream_error", "OpenAI rejected the API key (401): Incorrect API key provided"),
    );
    const id = await submitTask({ persona_id: PERSONA, topic: "pricing" });
    const task = await waitForTask(id, 20_000);
    expect(task.status).toBe("failed");
    expect(task.attempts).toBe(1);
    expect(task.error).toBe("hook: OpenAI rejected the API key (401): Incorrect API key provided");
    expect(calls.n).toBe(1);
  });

  it("an embedder change (vectors from another embedder) fails the task at once, naming the re-index", async () => {
    await createPersona({ id: PERSONA });
    const first = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "pricing" }), 20_000);
    expect(first.status).toBe("succeeded");
    await runInDurableObject(agent(), (instance: PersonaAgent) => {
      const real = instance.providers.embedder;
      instance.providers = {
        ...instance.providers,
        embedder: { id: "another-embedder", dimensions: real.dimensions, embed: (t: string[]) => real.embed(t) },
      };
    });
    const task = await waitForTask(await submitTask({ persona_id: PERSONA, topic: "hiring" }), 20_000);
    expect(task.status).toBe("failed");
    expect(task.attempts).toBe(1);
    expect(task.error).toMatch(/^dedup: embedder changed: .*re-index/);
  });

  it("a transient failure (429) is retried with backoff, and a longer Retry-After from upstream wins", async () => {
    await createPersona({ id: PERSONA });
    await failModelWith(() => transientError("rate_limited", "OpenAI 429: slow down", undefined, 20));
    const id = await api("/v1/tasks", { method: "POST", json: { persona_id: PERSONA, topic: "pricing" } }).then(
      async (r) => ((await r.json()) as { task_id: string }).task_id,
    );
    const { msg, seen } = message(id, 1);
    await handleGenerateMessage(msg, env);
    expect(seen.acked).toBe(false);
    expect(seen.retry?.delaySeconds).toBe(20); // backoff base is 0 in tests; the upstream wait wins
  });
});

describe("request ids", () => {
  it("every error envelope carries request_id, the same as the x-request-id header", async () => {
    for (const res of [
      await api("/v1/personas", { key: null }),
      await api("/v1/personas/nobody"),
      await api("/v1/nowhere"),
      await api("/v1/tasks", { method: "POST", json: {} }),
    ]) {
      const body = (await res.json()) as { error: { request_id: string } };
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(body.error.request_id).toMatch(/^req_[0-9a-f]{32}$/);
      expect(res.headers.get("x-request-id")).toBe(body.error.request_id);
    }
    // Successful answers carry the header too.
    expect((await api("/health")).headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("keeps a sane incoming x-request-id and replaces anything else", async () => {
    const kept = await api("/v1/personas/nobody", { headers: { "x-request-id": "lb-7f3a.42:1" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.42:1");
    expect(((await kept.json()) as { error: { request_id: string } }).error.request_id).toBe("lb-7f3a.42:1");
    for (const bad of ["has space", "x".repeat(200), "<script>"]) {
      const res = await api("/v1/personas/nobody", { headers: { "x-request-id": bad } });
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    }
  });
});

describe("structured logs", () => {
  it("carry the id of the request, message or run they were written in", async () => {
    const { logEvent, withRequestId } = await import("../../workers/log.ts");
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      await withRequestId("req_abc", async () => {
        await Promise.resolve();
        logEvent("test.event", { task_id: "tsk_1" });
      });
    } finally {
      console.log = original;
    }
    expect(JSON.parse(lines[0]!)).toEqual({ event: "test.event", request_id: "req_abc", task_id: "tsk_1" });
  });
});
