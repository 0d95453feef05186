import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { settings } from "../../workers/settings/index.ts";
import { EmbedderStamp } from "../../workers/dedup/embedder-stamp.ts";
import { PersonaVectors } from "../../workers/dedup/persona-vectors.ts";
import { Mutex } from "../../workers/durable/mutex.ts";
import { OfflineEmbedder } from "../../workers/providers/embeddings/offline.ts";
import { embedderFor, vectorIndexFor } from "../../workers/services.ts";
import { RecentWritesIndex } from "../../workers/providers/vector-index/recent-writes.ts";
import type { VectorIndex, VectorItem, VectorMatch } from "../../workers/providers/vector-index/types.ts";
import { VectorizeBindingDouble } from "../support/vectorize-binding.ts";
import { agentOf } from "../support/persona-agent.ts";

let seq = 0;
/** A fresh PersonaAgent's SQLite, for building indexes the way the agent does. */
async function inAgentStorage(body: (sql: SqlStorage) => Promise<void>): Promise<void> {
  const stub = agentOf(`wiring-${seq++}`);
  await runInDurableObject(stub, (_instance, state) => body(state.storage.sql));
}

const withVectorize = (binding: VectorizeBindingDouble): Env =>
  new Proxy(env, { get: (t, k) => (k === "VECTORIZE" ? binding : Reflect.get(t, k)) });
const vectorizeConfig = () => {
  const s = settings(env);
  return { ...s, dedup: { ...s.dedup, vectorIndex: "vectorize" as const } };
};

describe("dedup configuration", () => {
  it("chooses the embedder and index from settings, offline and local in wrangler.toml", () => {
    expect(settings(env).dedup).toMatchObject({
      embeddingProvider: "offline",
      vectorIndex: "local",
      threshold: null,
      windowDays: 90,
    });
    expect(settings({}).dedup).toMatchObject({ embeddingProvider: "workers-ai", vectorIndex: "local" });
    const noKey = settings({ EMBEDDING_PROVIDER: "openai" });
    expect(noKey.dedup.embeddingProvider).toBe("offline");
    expect(noKey.problems.join()).toContain("OPENAI_API_KEY");
    const bad = settings({
      EMBEDDING_PROVIDER: "qdrant",
      VECTOR_INDEX: "pinecone",
      DEDUP_THRESHOLD: "1.5",
      EMBEDDING_DIMENSIONS: "12.5",
      DEDUP_WINDOW_DAYS: "0",
    });
    expect(bad.dedup).toMatchObject({
      embeddingProvider: "offline",
      vectorIndex: "local",
      threshold: null,
      embeddingDimensions: null,
      windowDays: 90,
    });
    expect(bad.problems).toHaveLength(5);
    expect(settings({ DEDUP_THRESHOLD: "0.7", DEDUP_WINDOW_DAYS: "30" }).dedup).toMatchObject({
      threshold: 0.7,
      windowDays: 30,
    });
  });

  it("builds the configured embedder: Workers AI bge-base by default, OpenAI with configurable dimensions", () => {
    const workersAi = embedderFor(env, settings({}));
    expect(workersAi).toMatchObject({ id: "workers-ai:@cf/baai/bge-base-en-v1.5#cls", dimensions: 768 });
    const openai = embedderFor(
      env,
      settings({ EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: "sk-real", EMBEDDING_DIMENSIONS: "512" }),
    );
    expect(openai).toMatchObject({ id: "openai:text-embedding-3-small@512", dimensions: 512 });
    expect(embedderFor(env, settings(env))).toMatchObject({ id: "offline-hash-v4", dimensions: 512 });
  });
});

describe("dimension mismatch between embedder and index", () => {
  it("local index: fails when built for another size than the vectors it holds", () =>
    inAgentStorage(async (sql) => {
      const embedder = new OfflineEmbedder();
      const vectors = new PersonaVectors(
        embedder,
        () => vectorIndexFor(env, settings(env), embedder.dimensions, sql),
        new EmbedderStamp(sql),
      );
      await vectors.add("p1", "pst_1", (await vectors.embed("hello there")).vector, Date.now());
      const wider = new OfflineEmbedder({ dimensions: 768 });
      const mismatched = new PersonaVectors(
        wider,
        () => vectorIndexFor(env, settings(env), wider.dimensions, sql),
        new EmbedderStamp(sql),
      );
      const { vector } = await mismatched.embed("hello there");
      await expect(mismatched.nearest("p1", vector, { topK: 3 })).rejects.toThrow(
        /dimension mismatch: .* 512-dimensional vectors but the embedder produces 768/,
      );
      await expect(mismatched.add("p1", "pst_2", vector, Date.now())).rejects.toThrow(/dimension mismatch/);
    }));

  it("Vectorize: fails on first use when the index was created with another size", () =>
    inAgentStorage(async (sql) => {
      const binding = new VectorizeBindingDouble({ dimensions: 768, metadataIndexes: ["created_at"] });
      const index = vectorIndexFor(withVectorize(binding), vectorizeConfig(), 512, sql);
      await expect(index.query("p1", new Array<number>(512).fill(0.1), { topK: 3 })).rejects.toThrow(
        /dimension mismatch: the Vectorize index holds 768-dimensional vectors but the embedder produces 512/,
      );
    }));
});

describe("the Vectorize path (binding double)", () => {
  it("indexes, finds, keeps personas apart and deletes through the same PersonaVectors as the local index", () =>
    inAgentStorage(async (sql) => {
      const binding = new VectorizeBindingDouble({ dimensions: 512, metadataIndexes: ["created_at"] });
      const embedder = new OfflineEmbedder();
      // One index per persona agent, as DedupRoom keeps it (the wrapper's memory of recent writes lives there).
      const index = vectorIndexFor(withVectorize(binding), vectorizeConfig(), 512, sql);
      const vectors = new PersonaVectors(embedder, () => index, new EmbedderStamp(sql));
      const text = "Stop checking email first thing in the morning.";
      const { vector } = await vectors.embed(text);
      expect(await vectors.nearest("persona-a", vector, { topK: 3 })).toEqual([]);
      await vectors.add("persona-a", "pst_a", vector, 1_000);
      expect(await vectors.nearest("persona-a", vector, { topK: 10, createdAfter: 500 })).toMatchObject([
        { postId: "pst_a", createdAt: 1_000 },
      ]);
      expect(await vectors.nearest("persona-b", vector, { topK: 10 })).toEqual([]);
      expect(await vectors.nearest("persona-a", vector, { topK: 3, exclude: ["pst_a"] })).toEqual([]);
      binding.processMutations(); // Vectorize applies the write a few seconds later
      expect(binding.vectors.get("persona-a:pst_a")?.metadata).toMatchObject({ post_id: "pst_a", created_at: 1_000 });
      await vectors.remove("persona-a", ["pst_a"]);
      expect(await vectors.nearest("persona-a", vector, { topK: 3 })).toEqual([]); // the pending delete is honoured already
      binding.processMutations();
      expect(binding.vectors.size).toBe(0);
      expect(await vectors.nearest("persona-a", vector, { topK: 3 })).toEqual([]);
    }));

  it("sees its own recent writes although Vectorize applies them seconds later", async () => {
    /** Accepts writes but answers queries from an older snapshot, like Vectorize right after a mutation. */
    class LaggingIndex implements VectorIndex {
      readonly dimensions = 2;
      visible: VectorMatch[] = [{ id: "old", score: 0, metadata: { post_id: "old", created_at: 1 } }];
      async upsert(_ns: string, _items: VectorItem[]) {}
      async delete(_ns: string, _ids: string[]) {}
      async query(_ns: string, _v: number[], opts: { topK: number }) {
        return this.visible.slice(0, opts.topK).map((m) => ({ ...m, score: 0.5 }));
      }
    }
    let now = 10_000;
    const index = new RecentWritesIndex(new LaggingIndex(), 60_000, () => now);
    await index.upsert("p", [{ id: "new", values: [1, 0], metadata: { post_id: "new", created_at: now } }]);
    expect((await index.query("p", [1, 0], { topK: 5 })).map((m) => [m.id, m.score])).toEqual([
      ["new", 1],
      ["old", 0.5],
    ]);
    expect((await index.query("p", [1, 0], { topK: 5, createdAfter: now + 1 })).map((m) => m.id)).toEqual(["old"]);
    expect(await index.query("other", [1, 0], { topK: 1 })).toMatchObject([{ id: "old" }]);
    await index.delete("p", ["old"]);
    expect((await index.query("p", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["new"]);
    now += 60_001; // by now Vectorize has applied the writes; the decorator forgets them
    expect((await index.query("p", [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["old"]);
  });
});

describe("Mutex", () => {
  it("runs critical sections one at a time, in arrival order", async () => {
    const lock = new Mutex();
    const log: string[] = [];
    const section = (name: string, ms: number) =>
      lock.run(async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
      });
    await Promise.all([section("a", 20), section("b", 1), section("c", 5)]);
    expect(log).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
    await expect(lock.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await lock.run(async () => "released after a failure")).toBe("released after a failure");
  });
});
