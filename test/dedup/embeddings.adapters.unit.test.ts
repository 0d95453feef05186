import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/errors.ts";
import { OpenAiEmbedder } from "../../workers/providers/embeddings/openai.ts";
import { WorkersAiEmbedder } from "../../workers/providers/embeddings/workers-ai.ts";

// Hosted embedders against responses shaped like the real APIs (no network).

const vec = (dims: number, seed: number) => Array.from({ length: dims }, (_, i) => Math.sin(seed * 31 + i) / 10);

interface AiCall {
  model: string;
  inputs: { text: string[]; pooling?: string };
}

function fakeAi(respond: (call: AiCall) => unknown) {
  const calls: AiCall[] = [];
  const ai = {
    run: async (model: string, inputs: AiCall["inputs"]) => {
      calls.push({ model, inputs });
      return respond({ model, inputs });
    },
  } as unknown as Ai;
  return { ai, calls };
}

/** Recorded shape of `ai.run("@cf/baai/bge-base-en-v1.5", { text })`. */
const bgeResponse = (n: number, dims = 768) => ({
  shape: [n, dims],
  data: Array.from({ length: n }, (_, i) => vec(dims, i)),
  pooling: "cls",
});

describe("WorkersAiEmbedder", () => {
  it("calls the binding with the model, a text array and cls pooling; returns vectors in order", async () => {
    const { ai, calls } = fakeAi(({ inputs }) => bgeResponse(inputs.text.length));
    const embedder = new WorkersAiEmbedder(ai);
    const { vectors, tokens } = await embedder.embed(["first post", "second post"]);
    expect(embedder.dimensions).toBe(768);
    expect(embedder.id).toBe("workers-ai:@cf/baai/bge-base-en-v1.5#cls");
    expect(calls).toEqual([
      { model: "@cf/baai/bge-base-en-v1.5", inputs: { text: ["first post", "second post"], pooling: "cls" } },
    ]);
    expect(vectors).toEqual([vec(768, 0), vec(768, 1)]);
    expect(tokens).toBeGreaterThan(0);
  });

  it("truncates inputs past the 512-token window instead of failing", async () => {
    const { ai, calls } = fakeAi(({ inputs }) => bgeResponse(inputs.text.length));
    await new WorkersAiEmbedder(ai).embed(["word ".repeat(10_000), "日本語".repeat(1_000)]);
    const [latin, japanese] = calls[0]?.inputs.text ?? [];
    expect(latin?.length).toBeLessThanOrEqual(510 * 3);
    expect(latin?.endsWith("word")).toBe(true); // cut on a word boundary
    expect(Array.from(japanese ?? "").length).toBeLessThanOrEqual(510);
  });

  it("batches by 100, skips blank inputs and gives them zero vectors", async () => {
    const { ai, calls } = fakeAi(({ inputs }) => bgeResponse(inputs.text.length));
    const texts = Array.from({ length: 150 }, (_, i) => (i === 3 ? "  " : `post ${i}`));
    const { vectors } = await new WorkersAiEmbedder(ai).embed(texts);
    expect(calls.map((c) => c.inputs.text.length)).toEqual([100, 49]);
    expect(vectors).toHaveLength(150);
    expect(vectors[3]?.every((v) => v === 0)).toBe(true);
  });

  it("uses the configured model and fails clearly when the output size is not the configured one", async () => {
    const { ai } = fakeAi(({ inputs }) => bgeResponse(inputs.text.length, 384));
    const small = new WorkersAiEmbedder(ai, { model: "@cf/baai/bge-small-en-v1.5" });
    expect(small.dimensions).toBe(384);
    await expect(small.embed(["x"])).resolves.toMatchObject({ vectors: [vec(384, 0)] });
    const wrong = new WorkersAiEmbedder(ai, { model: "@cf/baai/bge-base-en-v1.5" });
    await expect(wrong.embed(["x"])).rejects.toThrow(/returned 384-dimensional embeddings but 768 are configured/);
    expect(() => new WorkersAiEmbedder(ai, { model: "@cf/unknown/model" })).toThrow(/set its dimensions/);
  });

  // bge-m3's documented input has no `pooling` (https://developers.cloudflare.com/workers-ai/models/bge-m3/);
  // its embedding output is `response: number[][]`.
  it("sends no pooling to bge-m3 and reads its `response` output", async () => {
    const { ai, calls } = fakeAi(({ inputs }) => ({ response: inputs.text.map((_, i) => vec(1024, i)) }));
    const m3 = new WorkersAiEmbedder(ai, { model: "@cf/baai/bge-m3" });
    const { vectors } = await m3.embed(["eins", "zwei"]);
    expect(calls[0]?.inputs).toEqual({ text: ["eins", "zwei"] });
    expect(vectors).toEqual([vec(1024, 0), vec(1024, 1)]);
    expect(m3.id).toBe("workers-ai:@cf/baai/bge-m3");
  });

  it("turns binding failures and async-queue answers into upstream errors", async () => {
    const failing = fakeAi(() => {
      throw new Error("AiError: 3040: Capacity temporarily exceeded");
    });
    await expect(new WorkersAiEmbedder(failing.ai).embed(["x"])).rejects.toMatchObject({ code: "upstream_error" });
    const queued = fakeAi(() => ({ request_id: "abc" }));
    await expect(new WorkersAiEmbedder(queued.ai).embed(["x"])).rejects.toThrow(/no embeddings/);
  });
});

interface Recorded {
  url: string;
  body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
  auth: string | null;
}

function fakeOpenAi(respond: (req: Recorded) => Response) {
  const requests: Recorded[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const recorded: Recorded = {
      url: request.url,
      body: await request.json(),
      auth: request.headers.get("authorization"),
    };
    requests.push(recorded);
    return respond(recorded);
  }) as typeof fetch;
  return { fetchImpl, requests };
}

/** Recorded shape of POST /v1/embeddings with encoding_format "float". */
const openAiResponse = (req: Recorded, dims: number) =>
  Response.json({
    object: "list",
    // The API documents `index`; answer out of order to prove the adapter sorts by it.
    data: req.body.input.map((_, i) => ({ object: "embedding", index: i, embedding: vec(dims, i) })).reverse(),
    model: req.body.model,
    usage: { prompt_tokens: 7 * req.body.input.length, total_tokens: 7 * req.body.input.length },
  });

describe("OpenAiEmbedder", () => {
  it("posts model, inputs and float encoding; uses the reported token usage", async () => {
    const { fetchImpl, requests } = fakeOpenAi((req) => openAiResponse(req, 1536));
    const embedder = new OpenAiEmbedder({ apiKey: "sk-test", fetch: fetchImpl });
    const { vectors, tokens } = await embedder.embed(["a post", "another post"]);
    expect(embedder.id).toBe("openai:text-embedding-3-small@1536");
    expect(requests[0]?.url).toBe("https://api.openai.com/v1/embeddings");
    expect(requests[0]?.auth).toBe("Bearer sk-test");
    expect(requests[0]?.body).toEqual({
      model: "text-embedding-3-small",
      input: ["a post", "another post"],
      encoding_format: "float",
    });
    expect(vectors).toEqual([vec(1536, 0), vec(1536, 1)]);
    expect(tokens).toBe(14);
  });

  it("asks for shortened vectors and honours a compatible baseURL", async () => {
    const { fetchImpl, requests } = fakeOpenAi((req) => openAiResponse(req, 512));
    const embedder = new OpenAiEmbedder({
      apiKey: "k",
      dimensions: 512,
      baseURL: "https://llm.example.com/v1",
      fetch: fetchImpl,
    });
    await embedder.embed(["x"]);
    expect(requests[0]?.url).toBe("https://llm.example.com/v1/embeddings");
    expect(requests[0]?.body.dimensions).toBe(512);
    expect(embedder.id).toBe("openai:text-embedding-3-small@512(llm.example.com)");
  });

  it("truncates inputs to the 8191-token limit and never sends blank strings", async () => {
    const { fetchImpl, requests } = fakeOpenAi((req) => openAiResponse(req, 1536));
    const { vectors } = await new OpenAiEmbedder({ apiKey: "k", fetch: fetchImpl }).embed([
      "",
      "token ".repeat(20_000),
    ]);
    expect(requests[0]?.body.input).toHaveLength(1);
    expect(requests[0]?.body.input[0]?.length).toBeLessThanOrEqual(8191 * 3);
    expect(vectors[0]?.every((v) => v === 0)).toBe(true);
  });

  it("maps API errors to AppError with the upstream status", async () => {
    const { fetchImpl } = fakeOpenAi(() =>
      Response.json(
        { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } },
        { status: 401 },
      ),
    );
    const failing = new OpenAiEmbedder({ apiKey: "bad", fetch: fetchImpl, maxRetries: 0 }).embed(["x"]);
    await expect(failing).rejects.toBeInstanceOf(AppError);
    await expect(failing).rejects.toMatchObject({ code: "upstream_error", details: { status: 401 } });
  });

  it("rejects a server answering with the wrong vector size", async () => {
    const { fetchImpl } = fakeOpenAi((req) => openAiResponse(req, 768));
    await expect(new OpenAiEmbedder({ apiKey: "k", fetch: fetchImpl }).embed(["x"])).rejects.toThrow(
      /768-dimensional embeddings but 1536/,
    );
  });
});
