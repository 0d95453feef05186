// Defaults and bounds that must match the platforms (docs/conformance.md).
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS, settings } from "../../workers/settings/index.ts";
import { ThreadsClient } from "../../workers/providers/threads/index.ts";
import { THREADS_SCOPES } from "../../workers/publishing/scopes.ts";

// https://developers.cloudflare.com/changelog/post/2026-05-08-planned-model-deprecations/ (2026-05-08):
// models deprecated on 2026-05-30; the -fast and -lora variants stay.
const RETIRED_WORKERS_AI = [
  "@cf/moonshotai/kimi-k2.5",
  "@hf/meta-llama/meta-llama-3-8b-instruct",
  "@cf/meta/llama-3-8b-instruct",
  "@cf/meta/llama-3-8b-instruct-awq",
  "@cf/meta/llama-3.1-8b-instruct",
  "@cf/meta/llama-3.1-8b-instruct-awq",
  "@cf/meta/llama-3.1-70b-instruct",
  "@cf/meta/llama-2-7b-chat-int8",
  "@cf/meta/llama-2-7b-chat-fp16",
  "@cf/mistral/mistral-7b-instruct-v0.1",
  "@hf/mistral/mistral-7b-instruct-v0.2",
  "@hf/google/gemma-7b-it",
  "@cf/google/gemma-3-12b-it",
  "@hf/nousresearch/hermes-2-pro-mistral-7b",
  "@cf/microsoft/phi-2",
  "@cf/defog/sqlcoder-7b-2",
  "@cf/unum/uform-gen2-qwen-500m",
  "@cf/facebook/bart-large-cnn",
];

describe("default models", () => {
  it("defaults to no retired Workers AI model", () => {
    const defaults = Object.values(DEFAULT_MODELS).flatMap((m) => [m.hook, m.body]);
    for (const model of defaults) expect(RETIRED_WORKERS_AI, model).not.toContain(model);
    const config = settings({ LLM_PROVIDER: "workers-ai" }).generation;
    expect(config.bodyModel).toBe("@cf/meta/llama-3.1-8b-instruct-fast");
    expect(config.hookModel).toBe("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
  });
});

describe("EMBEDDING_DIMENSIONS", () => {
  // https://developers.cloudflare.com/vectorize/platform/limits/: "Maximum dimensions per vector: 1536".
  it("accepts up to Vectorize's 1536 and reports more as a problem", () => {
    expect(settings({ EMBEDDING_DIMENSIONS: "1536" }).dedup.embeddingDimensions).toBe(1536);
    const over = settings({ EMBEDDING_DIMENSIONS: "3072" });
    expect(over.dedup.embeddingDimensions).toBeNull();
    expect(over.problems.join(" ")).toMatch(/EMBEDDING_DIMENSIONS/);
  });
});

describe("Threads authorization", () => {
  // https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions
  // (updated 2026-08-12): the Authorization Window is https://threads.com/oauth/authorize.
  it("sends users to threads.com and asks for threads_keyword_search", () => {
    expect(settings({}).publishing.authorizeBase).toBe("https://threads.com");
    const url = new URL(
      new ThreadsClient().authorizeUrl({
        clientId: "1",
        redirectUri: "https://x.example/cb",
        scopes: THREADS_SCOPES,
        state: "s",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://threads.com/oauth/authorize");
    // https://developers.facebook.com/documentation/threads/keyword-search (updated 2026-01-21)
    expect(url.searchParams.get("scope")?.split(",")).toContain("threads_keyword_search");
  });
});
