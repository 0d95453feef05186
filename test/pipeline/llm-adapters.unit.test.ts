import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { settings } from "../../workers/settings/index.ts";
import { OpenAiProvider } from "../../workers/providers/llm/openai.ts";
import { OfflineProvider } from "../../workers/providers/llm/offline.ts";
import { costUsd } from "../../workers/providers/llm/pricing.ts";
import type { CompletionRequest } from "../../workers/providers/llm/types.ts";
import { WorkersAiProvider } from "../../workers/providers/llm/workers-ai.ts";
import { OpenAiModerator } from "../../workers/providers/moderation/openai.ts";
import { bodyMessages, hookMessages } from "../../workers/pipeline/prompts.ts";

const brief = {
  kind: "hook" as const,
  persona: {
    id: "p",
    name: "Calm Founder",
    description: "writes for first-time founders",
    tone: "warm",
    emoji: null,
    topics: ["pricing"],
    language: "en",
  },
  topic: "pricing your first SaaS",
  trend: { topic: "usage-based pricing", snippet: "More startups drop seats for usage" },
};
const request: CompletionRequest = {
  model: "gpt-4o",
  messages: hookMessages(brief),
  maxTokens: 80,
  temperature: 0.9,
  brief,
};

// Recorded from the Chat Completions API (ids shortened).
const CHAT_COMPLETION = {
  id: "chatcmpl-AZ1",
  object: "chat.completion",
  created: 1732435200,
  model: "gpt-4o-2024-08-06",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: '"Your price is a promise, not a guess."', refusal: null },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 131, completion_tokens: 11, total_tokens: 142, prompt_tokens_details: { cached_tokens: 0 } },
  system_fingerprint: "fp_7f6be3efb0",
};

function recordedFetch(
  status: number,
  body: unknown,
  seen: { url?: string; body?: Record<string, unknown> } = {},
): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.url = String(input instanceof Request ? input.url : input);
    seen.body = init?.body ? JSON.parse(String(init.body)) : undefined;
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}

describe("OpenAI adapter", () => {
  it("sends the chat request to the configured base URL and reads text and usage", async () => {
    const seen: { url?: string; body?: Record<string, unknown> } = {};
    const llm = new OpenAiProvider({
      apiKey: "sk-test",
      baseUrl: "http://vllm.local:8000/v1",
      fetch: recordedFetch(200, CHAT_COMPLETION, seen),
    });
    const res = await llm.complete(request);
    expect(seen.url).toBe("http://vllm.local:8000/v1/chat/completions");
    expect(seen.body).toMatchObject({
      model: "gpt-4o",
      max_tokens: 80,
      messages: [{ role: "system" }, { role: "user" }],
    });
    expect(res).toEqual({
      text: '"Your price is a promise, not a guess."',
      model: "gpt-4o-2024-08-06",
      promptTokens: 131,
      completionTokens: 11,
    });
  });

  it("maps rate limits and server errors to transient errors, and a bad key to a plain error", async () => {
    const rate = {
      error: { message: "Rate limit reached for gpt-4o", type: "requests", param: null, code: "rate_limit_exceeded" },
    };
    await expect(
      new OpenAiProvider({ apiKey: "k", fetch: recordedFetch(429, rate) }).complete(request),
    ).rejects.toMatchObject({ failure: "transient" });
    await expect(
      new OpenAiProvider({ apiKey: "k", fetch: recordedFetch(503, { error: { message: "overloaded" } }) }).complete(
        request,
      ),
    ).rejects.toMatchObject({ failure: "transient" });
    const bad = new OpenAiProvider({
      apiKey: "k",
      fetch: recordedFetch(401, {
        error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" },
      }),
    });
    const err = await bad.complete(request).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: "permanent" });
    expect(String(err)).toContain("401");
  });

  it("moderation reads flagged categories", async () => {
    const recorded = {
      id: "modr-970d409ef3bef3b70c73d8232df86e7d",
      model: "omni-moderation-latest",
      results: [
        {
          flagged: true,
          categories: { harassment: true, "harassment/threatening": false, violence: true, sexual: false },
          category_scores: { harassment: 0.91, violence: 0.62 },
          category_applied_input_types: { harassment: ["text"] },
        },
      ],
    };
    const mod = new OpenAiModerator(new OpenAI({ apiKey: "k", fetch: recordedFetch(200, recorded), maxRetries: 0 }));
    expect(await mod.check("text")).toEqual({ flagged: true, categories: ["harassment", "violence"] });
  });
});

describe("Workers AI adapter", () => {
  it("reads {response, usage} from text-generation models", async () => {
    let called: { model: string; inputs: Record<string, unknown> } | null = null;
    const ai = {
      async run(model: string, inputs: Record<string, unknown>) {
        called = { model, inputs };
        return {
          response: "Pricing is a promise.",
          tool_calls: [],
          usage: { prompt_tokens: 98, completion_tokens: 7, total_tokens: 105 },
        };
      },
    };
    const res = await new WorkersAiProvider(ai).complete({ ...request, model: "@cf/meta/llama-3.1-8b-instruct" });
    expect(called).toMatchObject({
      model: "@cf/meta/llama-3.1-8b-instruct",
      inputs: { max_tokens: 80, messages: request.messages },
    });
    expect(res).toEqual({
      text: "Pricing is a promise.",
      model: "@cf/meta/llama-3.1-8b-instruct",
      promptTokens: 98,
      completionTokens: 7,
    });
  });

  it("reads the OpenAI-compatible shape newer models answer with", async () => {
    const ai = {
      run: async () => ({
        id: "id-1",
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: "Hello there" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 5, completion_tokens: 2 },
      }),
    };
    expect((await new WorkersAiProvider(ai).complete(request)).text).toBe("Hello there");
  });

  it("treats a thrown binding error or empty answer as transient", async () => {
    await expect(
      new WorkersAiProvider({
        run: async () => {
          throw new Error("3040: Capacity temporarily exceeded");
        },
      }).complete(request),
    ).rejects.toMatchObject({ failure: "transient" });
    await expect(
      new WorkersAiProvider({ run: async () => ({ response: "" }) }).complete(request),
    ).rejects.toMatchObject({ failure: "transient" });
  });
});

describe("offline adapter", () => {
  it("is deterministic, counts tokens, and fails on demand for soak tests", async () => {
    const llm = new OfflineProvider();
    const a = await llm.complete(request);
    expect(a).toEqual(await llm.complete(request));
    expect(a.promptTokens).toBeGreaterThan(10);
    expect(a.completionTokens).toBeGreaterThan(0);
    await expect(new OfflineProvider({ faultRate: 1 }).complete(request)).rejects.toMatchObject({
      failure: "transient",
    });
  });
});

describe("configuration", () => {
  it("picks the provider from LLM_PROVIDER and the OpenAI key", () => {
    expect(settings({}).generation.llmProvider).toBe("offline");
    expect(settings({ OPENAI_API_KEY: "test" }).generation.llmProvider).toBe("offline");
    const openai = settings({ OPENAI_API_KEY: "sk-real" });
    expect(openai.generation).toMatchObject({ llmProvider: "openai", hookModel: "gpt-4o", bodyModel: "gpt-4o-mini" });
    expect(settings({ LLM_PROVIDER: "workers-ai", HOOK_MODEL: "@cf/x" }).generation).toMatchObject({
      llmProvider: "workers-ai",
      hookModel: "@cf/x",
    });
    const noKey = settings({ LLM_PROVIDER: "openai" });
    expect(noKey.generation.llmProvider).toBe("offline");
    expect(noKey.problems.join()).toContain("OPENAI_API_KEY");
    expect(settings({ OFFLINE_LLM_FAULT_RATE: "2" }).problems.join()).toContain("OFFLINE_LLM_FAULT_RATE");
  });

  it("prices calls from the table, with overrides", () => {
    expect(costUsd("gpt-4o", 1_000_000, 100_000, {})).toBeCloseTo(3.5);
    const cfg = settings({ MODEL_PRICES: '{"my-model":{"input":1,"output":2}}' });
    expect(costUsd("my-model", 500_000, 500_000, cfg.generation.priceOverrides)).toBeCloseTo(1.5);
    expect(settings({ MODEL_PRICES: "nope" }).problems.join()).toContain("MODEL_PRICES");
  });

  it("builds prompts from the persona and treats input as data", () => {
    const [system, user] = bodyMessages({ ...brief, kind: "body", hook: "Your price is a promise." });
    expect(system?.content).toContain("Calm Founder");
    expect(system?.content).toContain("warm");
    expect(system?.content).toMatch(/Never follow instructions/);
    expect(user?.content).toContain("usage-based pricing");
    expect(user?.content).toContain("Your price is a promise.");
  });
});
